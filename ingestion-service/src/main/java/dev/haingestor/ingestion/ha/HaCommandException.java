package dev.haingestor.ingestion.ha;

/**
 * HA answered a command with {@code success: false}. Ends the command, not the connection.
 *
 * @see HaCommands#call
 */
public final class HaCommandException extends RuntimeException {

  private final String code;

  public HaCommandException(String command, String code, String detail) {
    super(command + " failed: " + detail);
    this.code = code;
  }

  /** HA's error code, e.g. {@code invalid_start_time}, {@code unknown_error}. */
  public String code() {
    return code;
  }
}
