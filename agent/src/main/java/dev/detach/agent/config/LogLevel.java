package dev.detach.agent.config;

import java.util.Locale;

/** How much the agent itself reports ({@code log.level}); each level includes the ones before it. */
public enum LogLevel {
  /** Nothing, not even faults. */
  OFF,
  /** Faults that disable part of the agent. */
  ERROR,
  /** Problems the agent worked around. */
  WARN,
  /** A line at start-up saying what the agent does; the default. */
  INFO,
  /** What the agent instruments and decides, for diagnosing a setup. */
  DEBUG;

  /** The configuration spelling: {@code off}, {@code error}, {@code warn}, {@code info}, {@code debug}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level with this configuration spelling, in any case, or null. */
  public static LogLevel fromConfigName(String name) {
    for (LogLevel level : values()) {
      if (level.configName().equalsIgnoreCase(name)) {
        return level;
      }
    }
    return null;
  }

  /** Whether a message of {@code messageLevel} is reported when this is the configured level. */
  public boolean allows(LogLevel messageLevel) {
    return messageLevel != OFF && messageLevel.ordinal() <= ordinal();
  }
}
