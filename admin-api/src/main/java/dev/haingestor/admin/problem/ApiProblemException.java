package dev.haingestor.admin.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure that the API answers with a specific RFC 9457 problem: the status, the problem type
 * (the last part of the URN, listed in {@code docs/api.md}), a title, a detail safe to show, extra
 * members and response headers. Thrown by the features; turned into the response by {@link
 * ApiExceptionHandler}.
 */
public class ApiProblemException extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final String title;
  private final Map<String, Object> properties = new LinkedHashMap<>();
  private final HttpHeaders headers = new HttpHeaders();

  public ApiProblemException(HttpStatus status, String type, String title, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
  }

  /** 404: the named thing does not exist. */
  public static ApiProblemException notFound(String detail) {
    return new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
  }

  /** Adds an extension member to the problem body. */
  public ApiProblemException with(String property, Object value) {
    properties.put(property, value);
    return this;
  }

  /** Adds a response header. */
  public ApiProblemException withHeader(String name, String value) {
    headers.add(name, value);
    return this;
  }

  public HttpStatus status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public Map<String, Object> properties() {
    return Collections.unmodifiableMap(properties);
  }

  public HttpHeaders headers() {
    return HttpHeaders.readOnlyHttpHeaders(headers);
  }
}
