package dev.haingestor.admin.config;

import dev.haingestor.admin.cache.ResponseCache;
import dev.haingestor.admin.problem.ApiProblemException;
import dev.haingestor.admin.problem.InvalidParameterException;
import dev.haingestor.admin.security.Caller;
import dev.haingestor.common.config.ConfigViolation;
import dev.haingestor.common.config.InvalidRuntimeConfigException;
import dev.haingestor.common.config.RuntimeConfig;
import dev.haingestor.common.config.RuntimeConfigJson;
import dev.haingestor.common.config.store.ConfigHistoryEntry;
import dev.haingestor.common.config.store.ConfigVersionConflictException;
import dev.haingestor.common.config.store.RuntimeConfigStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The runtime configuration ({@code common/RUNTIME_CONFIG.md}): {@code GET}, {@code PUT} (a whole
 * document), {@code PATCH} (a JSON merge patch, RFC 7396) of {@code /api/v1/config}, and {@code GET
 * /api/v1/config/history}.
 *
 * <p>Versions: {@code GET} answers the version as {@code ETag}; a change needs it as {@code
 * If-Match} (428 without, 412 when the stored version moved on — checked first, and again by the
 * store's atomic compare-and-set). An invalid document is 400 with every violation in the problem's
 * {@code errors} member. A stored change is announced on the configuration channel by the store;
 * the services and every admin-api instance follow it within milliseconds.
 */
@RestController
class ConfigController {

  static final String MERGE_PATCH_JSON = "application/merge-patch+json";
  static final int DEFAULT_HISTORY = 20;

  private static final Logger log = LoggerFactory.getLogger(ConfigController.class);

  private final RuntimeConfigStore store;
  private final RuntimeConfigJson json;
  private final JsonMapper jsonMapper;
  private final ResponseCache cache;

  ConfigController(
      RuntimeConfigStore store,
      RuntimeConfigJson json,
      JsonMapper jsonMapper,
      ResponseCache cache) {
    this.store = store;
    this.json = json;
    this.jsonMapper = jsonMapper;
    this.cache = cache;
  }

  @GetMapping(path = "/api/v1/config", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> get() {
    return current().map(config -> document(HttpStatus.OK, config));
  }

  @PutMapping(
      path = "/api/v1/config",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> put(
      @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
      @RequestBody(required = false) String body,
      ServerWebExchange exchange) {
    long expected = IfMatch.expectedVersion(ifMatch);
    RuntimeConfig next = validated(() -> json.read(body));
    return change(expected, current -> next, Caller.of(exchange));
  }

  @PatchMapping(
      path = "/api/v1/config",
      consumes = {MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE},
      produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<byte[]>> patch(
      @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
      @RequestBody(required = false) String body,
      ServerWebExchange exchange) {
    long expected = IfMatch.expectedVersion(ifMatch);
    return change(
        expected, current -> validated(() -> json.mergePatch(current, body)), Caller.of(exchange));
  }

  @GetMapping(path = "/api/v1/config/history", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ConfigHistoryPage> history(@RequestParam(name = "limit", required = false) String limit) {
    return store
        .history(historyLimit(limit))
        .map(this::historyEntry)
        .collectList()
        .map(entries -> new ConfigHistoryPage(entries, entries.size()));
  }

  /**
   * Compares the version, applies {@code change} to the current configuration and stores the result
   * with a compare-and-set on the same version.
   */
  private Mono<ResponseEntity<byte[]>> change(
      long expected, Function<RuntimeConfig, RuntimeConfig> change, Caller caller) {
    return current()
        .flatMap(
            current -> {
              if (current.version() != expected) {
                return Mono.error(IfMatch.mismatch(current.version(), expected));
              }
              return store.replace(change.apply(current), expected, caller.name());
            })
        .onErrorMap(
            ConfigVersionConflictException.class,
            e -> IfMatch.mismatch(e.currentVersion(), e.expectedVersion()))
        .onErrorMap(InvalidRuntimeConfigException.class, ConfigController::invalid)
        .doOnNext(
            stored -> {
              log.info(
                  "Runtime configuration version {} stored by {}", stored.version(), caller.name());
              // The watcher will announce it too; this instance must not serve stale answers
              // in between.
              cache.invalidateAll(stored.version());
            })
        .map(stored -> document(HttpStatus.OK, stored));
  }

  /** The stored configuration, or version 0 without sections when none was ever stored. */
  private Mono<RuntimeConfig> current() {
    return store
        .load()
        .map(stored -> stored.orElse(RuntimeConfig.empty()))
        .onErrorMap(InvalidRuntimeConfigException.class, ConfigController::storedInvalid);
  }

  private ResponseEntity<byte[]> document(HttpStatus status, RuntimeConfig config) {
    return ResponseEntity.status(status)
        .eTag(IfMatch.etag(config.version()))
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.write(config).getBytes(StandardCharsets.UTF_8));
  }

  private ConfigHistoryPage.Entry historyEntry(ConfigHistoryEntry entry) {
    JsonNode parsed = NullNode.getInstance();
    try {
      parsed = jsonMapper.readTree(entry.document());
    } catch (JacksonException e) {
      // An entry edited by hand: listed without its document rather than failing the history.
    }
    return new ConfigHistoryPage.Entry(
        entry.version(), entry.updatedAt().toString(), entry.updatedBy(), parsed);
  }

  private static RuntimeConfig validated(Supplier<RuntimeConfig> read) {
    try {
      return read.get();
    } catch (InvalidRuntimeConfigException e) {
      throw invalid(e);
    }
  }

  private static ApiProblemException invalid(InvalidRuntimeConfigException e) {
    return new ApiProblemException(
            HttpStatus.BAD_REQUEST,
            "invalid-config",
            "Invalid runtime configuration",
            e.getMessage())
        .with("errors", errors(e.violations()));
  }

  /**
   * The document in Redis is not valid (edited by hand): answered as a conflict with the
   * violations; storing a valid document through PUT repairs it.
   */
  private static ApiProblemException storedInvalid(InvalidRuntimeConfigException e) {
    return new ApiProblemException(
            HttpStatus.CONFLICT,
            "stored-config-invalid",
            "Stored runtime configuration is invalid",
            "The configuration stored in Redis is invalid (edited outside the API); the services"
                + " keep their last valid version. Store a valid document with PUT. "
                + e.getMessage())
        .with("errors", errors(e.violations()));
  }

  private static List<Map<String, String>> errors(List<ConfigViolation> violations) {
    return violations.stream().map(v -> Map.of("path", v.path(), "message", v.message())).toList();
  }

  private static int historyLimit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_HISTORY;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > RuntimeConfigStore.HISTORY_MAX_LENGTH) {
      throw new InvalidParameterException(
          "limit", "limit must be an integer from 1 to " + RuntimeConfigStore.HISTORY_MAX_LENGTH);
    }
    return limit;
  }
}
