package dev.haingestor.admin.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** The served OpenAPI document is valid and lists exactly the endpoints the controllers map. */
class OpenApiDocumentTest {

  private static String document() throws IOException {
    try (InputStream in = new ClassPathResource(OpenApiController.LOCATION).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SwaggerParseResult parse() throws IOException {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    return new OpenAPIV3Parser().readContents(document(), null, options);
  }

  @Test
  void isAValidOpenApiDocument() throws IOException {
    SwaggerParseResult result = parse();

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.0");
  }

  @Test
  void describesExactlyTheMappedEndpoints() throws IOException {
    OpenAPI api = parse().getOpenAPI();
    Set<String> documented = new TreeSet<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .keySet()
                    .forEach(method -> documented.add(method + " " + normalized(path))));

    assertThat(documented).isEqualTo(mapped());
  }

  @Test
  void documentsAProblemForEveryErrorOfEveryOperation() throws IOException {
    OpenAPI api = parse().getOpenAPI();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) ->
                            operation
                                .getResponses()
                                .forEach(
                                    (status, response) -> {
                                      if (status.startsWith("4")
                                          || (status.startsWith("5")
                                              && !path.startsWith("/api/v1/health"))) {
                                        assertThat(response.getContent())
                                            .as(method + " " + path + " " + status)
                                            .containsKey("application/problem+json");
                                      }
                                    })));
  }

  /** {@code GET /api/v1/entities/{}} for every handler method of every controller. */
  private static Set<String> mapped() {
    Set<String> mapped = new TreeSet<>();
    for (JavaClass javaClass :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.haingestor.admin")) {
      if (!javaClass.isAnnotatedWith(RestController.class)) {
        continue;
      }
      for (Method method : javaClass.reflect().getDeclaredMethods()) {
        add(mapped, PathItem.HttpMethod.GET, method.getAnnotation(GetMapping.class));
        add(mapped, PathItem.HttpMethod.PUT, method.getAnnotation(PutMapping.class));
        add(mapped, PathItem.HttpMethod.PATCH, method.getAnnotation(PatchMapping.class));
        add(mapped, PathItem.HttpMethod.POST, method.getAnnotation(PostMapping.class));
        add(mapped, PathItem.HttpMethod.DELETE, method.getAnnotation(DeleteMapping.class));
      }
    }
    return mapped;
  }

  private static void add(Set<String> mapped, PathItem.HttpMethod method, Annotation mapping) {
    if (mapping == null) {
      return;
    }
    String[] paths;
    try {
      paths = (String[]) mapping.annotationType().getMethod("path").invoke(mapping);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    for (String path : paths) {
      mapped.add(method + " " + normalized(path));
    }
  }

  private static String normalized(String path) {
    return path.replaceAll("\\{[^}]*}", "{}");
  }
}
