package dev.detach.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLevelTest {

  @Test
  void eachLevelIncludesTheMoreSevereOnes() {
    assertThat(LogLevel.INFO.allows(LogLevel.ERROR)).isTrue();
    assertThat(LogLevel.INFO.allows(LogLevel.INFO)).isTrue();
    assertThat(LogLevel.INFO.allows(LogLevel.DEBUG)).isFalse();
    assertThat(LogLevel.DEBUG.allows(LogLevel.DEBUG)).isTrue();
    assertThat(LogLevel.OFF.allows(LogLevel.ERROR)).isFalse();
    assertThat(LogLevel.DEBUG.allows(LogLevel.OFF)).isFalse();
  }

  @Test
  void configSpelling() {
    assertThat(LogLevel.WARN.configName()).isEqualTo("warn");
    assertThat(LogLevel.fromConfigName("Warn")).isEqualTo(LogLevel.WARN);
    assertThat(LogLevel.fromConfigName("warning")).isNull();
    assertThat(LogLevel.fromConfigName(null)).isNull();
  }
}
