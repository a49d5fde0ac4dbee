package dev.haingestor.admin.problem;

/**
 * A request parameter is missing or malformed: answered with 400 and a problem body naming the
 * parameter. The message must be safe to show (it may echo the caller's own, shortened input).
 */
public class InvalidParameterException extends RuntimeException {

  private static final int MAX_ECHO = 64;

  private final String parameter;

  public InvalidParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }

  /** The caller's value, quoted and shortened, for messages. */
  public static String echo(String value) {
    String shown = value.length() <= MAX_ECHO ? value : value.substring(0, MAX_ECHO) + "…";
    return "'" + shown + "'";
  }
}
