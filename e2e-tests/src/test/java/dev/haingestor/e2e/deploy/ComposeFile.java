package dev.haingestor.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} read as compose reads it: YAML (with anchors), every value
 * interpolated from an env file ({@code .env.example} in the tests), profiles applied as the
 * Compose specification says.
 */
final class ComposeFile {

  private final String text;
  private final Map<String, Object> root;
  private final Map<String, String> variables;

  private ComposeFile(String text, Map<String, Object> root, Map<String, String> variables) {
    this.text = text;
    this.root = root;
    this.variables = variables;
  }

  /** The repository's {@code docker-compose.yml}, interpolated with {@code .env.example}. */
  static ComposeFile ofRepository() {
    return load(
        RepositoryFiles.file("docker-compose.yml"),
        DotEnv.load(RepositoryFiles.file(".env.example")));
  }

  static ComposeFile load(Path file, DotEnv env) {
    try {
      String text = Files.readString(file);
      Object parsed = new Yaml(new LoaderOptions()).load(text);
      return new ComposeFile(text, map(parsed, file.toString()), env.values());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  Set<String> services() {
    return map(root.get("services"), "services").keySet();
  }

  /** Top-level named volumes. */
  Set<String> volumes() {
    Object volumes = root.get("volumes");
    return volumes == null ? Set.of() : map(volumes, "volumes").keySet();
  }

  /** Every variable the file references, before interpolation. */
  Set<String> referencedVariables() {
    return Interpolation.references(text);
  }

  /** The service's {@code environment:}, interpolated, in either of compose's two forms. */
  Map<String, String> environment(String service) {
    Object environment = service(service).get("environment");
    Map<String, String> resolved = new LinkedHashMap<>();
    if (environment == null) {
      return resolved;
    }
    if (environment instanceof Map<?, ?> entries) {
      entries.forEach(
          (key, value) ->
              resolved.put(String.valueOf(key), value == null ? "" : resolve(value.toString())));
    } else {
      for (Object entry : list(environment, service + ".environment")) {
        String assignment = resolve(entry.toString());
        int equals = assignment.indexOf('=');
        if (equals < 0) {
          resolved.put(assignment, variables.getOrDefault(assignment, ""));
        } else {
          resolved.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
      }
    }
    return resolved;
  }

  /** The service's {@code command:} as an argument list, interpolated. */
  List<String> command(String service) {
    Object command = service(service).get("command");
    if (command == null) {
      return List.of();
    }
    if (command instanceof String line) {
      return List.of(resolve(line).trim().split("\\s+"));
    }
    return list(command, service + ".command").stream().map(a -> resolve(a.toString())).toList();
  }

  Optional<String> image(String service) {
    return Optional.ofNullable(service(service).get("image")).map(i -> resolve(i.toString()));
  }

  Optional<String> hostname(String service) {
    return Optional.ofNullable(service(service).get("hostname")).map(h -> resolve(h.toString()));
  }

  /** The Dockerfile of the service's {@code build:}, relative to the repository root. */
  Optional<String> dockerfile(String service) {
    Object build = service(service).get("build");
    if (build == null) {
      return Optional.empty();
    }
    Object dockerfile = map(build, service + ".build").get("dockerfile");
    return Optional.of(dockerfile == null ? "Dockerfile" : dockerfile.toString());
  }

  Set<String> profiles(String service) {
    Object profiles = service(service).get("profiles");
    Set<String> names = new LinkedHashSet<>();
    if (profiles != null) {
      list(profiles, service + ".profiles").forEach(p -> names.add(p.toString()));
    }
    return names;
  }

  /** The services that {@code service} depends on, with their condition. */
  Map<String, String> dependsOn(String service) {
    Object dependsOn = service(service).get("depends_on");
    Map<String, String> conditions = new LinkedHashMap<>();
    if (dependsOn instanceof Map<?, ?> entries) {
      entries.forEach(
          (name, spec) -> {
            Object condition = spec instanceof Map<?, ?> s ? s.get("condition") : null;
            conditions.put(
                name.toString(), condition == null ? "service_started" : condition.toString());
          });
    } else if (dependsOn != null) {
      list(dependsOn, service + ".depends_on")
          .forEach(name -> conditions.put(name.toString(), "service_started"));
    }
    return conditions;
  }

  /** The published ports, interpolated ({@code host_ip:host_port:container_port}). */
  List<String> ports(String service) {
    Object ports = service(service).get("ports");
    if (ports == null) {
      return List.of();
    }
    return list(ports, service + ".ports").stream().map(p -> resolve(p.toString())).toList();
  }

  /** The named volumes the service mounts (the source of {@code name:/path} entries). */
  Set<String> namedVolumes(String service) {
    Object volumes = service(service).get("volumes");
    Set<String> names = new LinkedHashSet<>();
    if (volumes != null) {
      for (Object volume : list(volumes, service + ".volumes")) {
        String source = resolve(volume.toString()).split(":", 2)[0];
        if (!source.startsWith(".") && !source.startsWith("/")) {
          names.add(source);
        }
      }
    }
    return names;
  }

  /** Any other key of the service, interpolated when it is a string. */
  Optional<String> value(String service, String key) {
    Object value = service(service).get(key);
    return Optional.ofNullable(value).map(v -> resolve(v.toString()));
  }

  boolean hasHealthcheck(String service) {
    return service(service).get("healthcheck") != null;
  }

  /**
   * The services {@code docker compose --profile ... up} starts: those without profiles and those
   * with one of the active profiles (Compose specification, "Using profiles with Compose").
   */
  Set<String> enabledServices(Collection<String> activeProfiles) {
    Set<String> enabled = new LinkedHashSet<>();
    for (String service : services()) {
      Set<String> profiles = profiles(service);
      if (profiles.isEmpty() || profiles.stream().anyMatch(activeProfiles::contains)) {
        enabled.add(service);
      }
    }
    return enabled;
  }

  private String resolve(String value) {
    return Interpolation.resolve(value, variables);
  }

  private Map<String, Object> service(String name) {
    Object service = map(root.get("services"), "services").get(name);
    if (service == null) {
      throw new IllegalArgumentException("docker-compose.yml has no service " + name);
    }
    return map(service, "services." + name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String where) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalStateException(where + " is not a mapping: " + value);
  }

  private static List<Object> list(Object value, String where) {
    if (value instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    throw new IllegalStateException(where + " is not a list: " + value);
  }
}
