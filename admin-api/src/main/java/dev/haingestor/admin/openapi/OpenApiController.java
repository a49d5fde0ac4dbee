package dev.haingestor.admin.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/openapi.yaml}: the API's OpenAPI 3 document, hand-written next to the code
 * ({@code src/main/resources/openapi/openapi.yaml}). Hand-written because the read endpoints send
 * cached JSON as bytes, which a generator would describe as binary; tests validate the document and
 * check that it lists exactly the endpoints the application maps.
 */
@RestController
class OpenApiController {

  static final String LOCATION = "openapi/openapi.yaml";
  static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final byte[] document;

  OpenApiController() {
    try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI document " + LOCATION + " is missing", e);
    }
  }

  @GetMapping(path = "/api/v1/openapi.yaml")
  ResponseEntity<byte[]> openApi() {
    return ResponseEntity.ok()
        .contentType(YAML)
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
        .body(document);
  }
}
