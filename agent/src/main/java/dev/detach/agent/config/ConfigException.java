package dev.detach.agent.config;

/**
 * A configuration the agent refuses to start with. The message is one line that names the key, the
 * value, where it came from and what is accepted, so that it can be logged as it is and acted on
 * without reading the documentation.
 */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}, one line. */
  public ConfigException(String message) {
    super(message);
  }
}
