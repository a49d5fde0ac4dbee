package dev.haingestor.admin.cache;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A JSON answer as bytes with its HTTP status, from the cache or just computed. Cached answers are
 * sent as they are stored, without deserialising them.
 *
 * @param status the HTTP status of the answer (e.g. 503 for a DOWN health report)
 * @param body UTF-8 JSON
 * @param source where the answer came from, sent as header {@value #HEADER}
 */
public record CachedJson(HttpStatus status, byte[] body, Source source) {

  /** Response header naming the {@link Source}, for dashboards' debugging and for tests. */
  public static final String HEADER = "X-Cache";

  public enum Source {
    /** Read from the Redis cache. */
    HIT,
    /** Computed by this request (and stored). */
    MISS,
    /** Computed for another request of this instance at the same time, and shared. */
    SHARED,
    /** Computed without the cache: caching is off for the endpoint, or the cache failed. */
    BYPASS
  }

  /** The answer as a response, {@code application/json}. */
  public ResponseEntity<byte[]> toResponse() {
    return toResponse(null);
  }

  /** The answer as a response with a {@code Cache-Control} header (none when null). */
  public ResponseEntity<byte[]> toResponse(CacheControl cacheControl) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(status)
            .contentType(MediaType.APPLICATION_JSON)
            .header(HEADER, source.name());
    if (cacheControl != null) {
      builder.cacheControl(cacheControl);
    }
    return builder.body(body);
  }

  CachedJson shared() {
    return source == Source.MISS ? new CachedJson(status, body, Source.SHARED) : this;
  }
}
