package dev.haingestor.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Static checks of docker-compose.yml and .env.example that need no running service (the running
 * ones are {@link ComposeContractIT}'s): variables documented, secrets required, profiles, ports,
 * volumes, health checks, restart policies, and the values several services must share.
 */
class ComposeFileTest {

  private static final ComposeFile COMPOSE = ComposeFile.ofRepository();
  private static final DotEnv ENV_EXAMPLE = DotEnv.load(RepositoryFiles.file(".env.example"));

  private static final Set<String> SECRETS =
      Set.of(
          "HA_TOKEN",
          "REDIS_PASSWORD",
          "INFLUXDB_TOKEN",
          "INFLUXDB_ADMIN_PASSWORD",
          "GRAFANA_ADMIN_PASSWORD",
          "ADMIN_API_KEY");

  private static final Set<String> CORE =
      Set.of(
          "redis",
          "influxdb",
          "ingestion-service",
          "enrichment-service",
          "admin-api",
          "prometheus",
          "grafana");

  @Test
  void everyVariableComposeReadsIsDocumentedInEnvExampleAndNoOtherIs() {
    Set<String> referenced = COMPOSE.referencedVariables();
    assertThat(ENV_EXAMPLE.documented()).containsAll(referenced);
    // COMPOSE_PROJECT_NAME is read by compose itself, not by the file.
    Set<String> unused = new HashSet<>(ENV_EXAMPLE.documented());
    unused.removeAll(referenced);
    assertThat(unused).containsOnly("COMPOSE_PROJECT_NAME");
  }

  @Test
  void secretsAreRequiredEverywhereAndHaveNoDefault() throws IOException {
    String text = Files.readString(RepositoryFiles.file("docker-compose.yml"));
    for (String secret : SECRETS) {
      Matcher references = Pattern.compile("\\$\\{" + secret + "([^}]*)}").matcher(text);
      int count = 0;
      while (references.find()) {
        count++;
        assertThat(references.group(1))
            .as("${%s...} must be ${%s:?message}", secret, secret)
            .startsWith(":?");
      }
      assertThat(count).as("references of %s", secret).isPositive();
      assertThat(ENV_EXAMPLE.values().get(secret))
          .as("placeholder of %s", secret)
          .startsWith("change-me");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingestion-service", "enrichment-service", "admin-api", "ha-simulator"})
  void everyVariableGivenToAServiceIsOneItDocuments(String service) {
    assertThat(DocumentedVariables.of(service)).containsAll(COMPOSE.environment(service).keySet());
  }

  @Test
  void theDefaultProfileRunsTheStackAndTheDemoProfileAddsTheSimulator() {
    assertThat(COMPOSE.enabledServices(List.of())).containsExactlyInAnyOrderElementsOf(CORE);
    Set<String> demo = new HashSet<>(CORE);
    demo.add("ha-simulator");
    assertThat(COMPOSE.enabledServices(List.of("demo"))).containsExactlyInAnyOrderElementsOf(demo);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "demo"})
  void everyServiceWaitsForHealthyDependenciesOfItsOwnProfile(String profile) {
    Set<String> enabled = COMPOSE.enabledServices(profile.isEmpty() ? List.of() : List.of(profile));
    for (String service : enabled) {
      COMPOSE
          .dependsOn(service)
          .forEach(
              (dependency, condition) -> {
                assertThat(enabled)
                    .as("%s depends on %s", service, dependency)
                    .contains(dependency);
                assertThat(condition)
                    .as("%s -> %s", service, dependency)
                    .isEqualTo("service_healthy");
                assertThat(hasHealthcheck(dependency))
                    .as("%s has a health check", dependency)
                    .isTrue();
              });
    }
    for (String application : ComposeStack.APPLICATIONS) {
      assertThat(COMPOSE.dependsOn(application)).containsKey("redis");
    }
  }

  @Test
  void onlyAdminApiAndGrafanaArePublished() {
    Map<String, List<String>> published = new LinkedHashMap<>();
    for (String service : COMPOSE.services()) {
      if (!COMPOSE.ports(service).isEmpty()) {
        published.put(service, COMPOSE.ports(service));
      }
    }
    assertThat(published.keySet()).containsExactlyInAnyOrder("admin-api", "grafana");
    assertThat(published.get("admin-api").get(0)).endsWith(":" + serverPort("admin-api"));
    assertThat(published.get("grafana").get(0)).endsWith(":3000");
  }

  @Test
  void everyServiceRestartsUnlessStoppedWithinAMemoryLimit() {
    for (String service : COMPOSE.services()) {
      assertThat(COMPOSE.value(service, "restart")).as(service).hasValue("unless-stopped");
      assertThat(COMPOSE.value(service, "mem_limit")).as(service).isPresent();
    }
  }

  @Test
  void theDataLivesInNamedVolumes() {
    assertThat(COMPOSE.namedVolumes("redis")).containsExactly("redis-data");
    assertThat(COMPOSE.namedVolumes("influxdb")).contains("influxdb-data");
    assertThat(COMPOSE.namedVolumes("prometheus")).containsExactly("prometheus-data");
    assertThat(COMPOSE.namedVolumes("grafana")).containsExactly("grafana-data");
    for (String service : COMPOSE.services()) {
      assertThat(COMPOSE.volumes()).containsAll(COMPOSE.namedVolumes(service));
    }
  }

  @Test
  void pulledImagesArePinnedAndBuiltImagesHaveTheirDockerfile() {
    for (String service : COMPOSE.services()) {
      if (COMPOSE.dockerfile(service).isPresent()) {
        assertThat(RepositoryFiles.root().resolve(COMPOSE.dockerfile(service).get()))
            .isRegularFile();
        continue;
      }
      String image = COMPOSE.image(service).orElseThrow();
      assertThat(image).as(service).matches("[a-z0-9./-]+:v?[0-9]+\\.[0-9]+\\.[0-9]+.*");
    }
  }

  @Test
  void redisKeepsAnAppendOnlyFileAndRequiresThePassword() {
    List<String> command = COMPOSE.command("redis");
    assertThat(String.join(" ", command))
        .contains("--appendonly yes", "--appendfsync everysec", "--maxmemory-policy noeviction");
    assertThat(command.get(command.indexOf("--requirepass") + 1))
        .isEqualTo(ENV_EXAMPLE.values().get("REDIS_PASSWORD"));
  }

  @Test
  void servicesShareTheValuesThatRedisAndInfluxDbAreSetUpWith() {
    Map<String, String> influx = COMPOSE.environment("influxdb");
    assertThat(influx).containsEntry("DOCKER_INFLUXDB_INIT_MODE", "setup");
    assertThat(influx)
        .containsKeys("DOCKER_INFLUXDB_INIT_RETENTION", "DOCKER_INFLUXDB_INIT_PASSWORD");
    List<String> redisCommand = COMPOSE.command("redis");
    String redisPassword = redisCommand.get(redisCommand.indexOf("--requirepass") + 1);
    Set<String> prefixes = new HashSet<>();
    for (String application : ComposeStack.APPLICATIONS) {
      Map<String, String> env = COMPOSE.environment(application);
      assertThat(env)
          .as(application)
          .containsEntry("REDIS_HOST", "redis")
          .containsEntry("REDIS_PASSWORD", redisPassword);
      prefixes.add(env.get("REDIS_KEY_PREFIX"));
      if (env.containsKey("INFLUXDB_URL")) {
        assertThat(env)
            .as(application)
            .containsEntry("INFLUXDB_URL", "http://influxdb:8086")
            .containsEntry("INFLUXDB_TOKEN", influx.get("DOCKER_INFLUXDB_INIT_ADMIN_TOKEN"))
            .containsEntry("INFLUXDB_ORG", influx.get("DOCKER_INFLUXDB_INIT_ORG"))
            .containsEntry("INFLUXDB_BUCKET", influx.get("DOCKER_INFLUXDB_INIT_BUCKET"));
      }
    }
    assertThat(prefixes).as("REDIS_KEY_PREFIX of every service").hasSize(1);
  }

  @Test
  void theDemoProfilePointsTheIngestionAtTheSimulatorWithTheSameToken() {
    Map<String, String> ingestion = COMPOSE.environment("ingestion-service");
    Map<String, String> simulator = COMPOSE.environment("ha-simulator");
    URI haUrl = URI.create(ingestion.get("HA_URL"));
    assertThat(haUrl.getHost()).isEqualTo("ha-simulator");
    assertThat(Integer.toString(haUrl.getPort())).isEqualTo(simulator.get("SIM_PORT"));
    assertThat(simulator.get("SIM_TOKEN")).isEqualTo(ingestion.get("HA_TOKEN"));
    assertThat(simulator).containsEntry("SIM_BIND", "0.0.0.0");
  }

  @Test
  void prometheusScrapesEveryApplicationServiceWhereItListens() {
    PrometheusConfig prometheus = PrometheusConfig.load();
    assertThat(prometheus.ruleFiles()).containsExactly("alerts.yml");
    assertThat(prometheus.jobs().keySet())
        .containsExactlyInAnyOrderElementsOf(ComposeStack.APPLICATIONS);
    for (String application : ComposeStack.APPLICATIONS) {
      PrometheusConfig.Job job = prometheus.jobs().get(application);
      assertThat(job.metricsPath()).isEqualTo("/actuator/prometheus");
      assertThat(job.targets()).containsExactly(application + ":" + serverPort(application));
    }
  }

  @Test
  void grafanaIsGivenEveryVariableItsProvisioningReads() throws IOException {
    Path provisioning = RepositoryFiles.root().resolve("deploy/grafana/provisioning");
    Set<String> read = new HashSet<>();
    try (var files = Files.walk(provisioning)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        read.addAll(Interpolation.references(Files.readString(file)));
      }
    }
    assertThat(read).isNotEmpty();
    assertThat(COMPOSE.environment("grafana")).containsKeys(read.toArray(String[]::new));
  }

  private static boolean hasHealthcheck(String service) {
    if (COMPOSE.hasHealthcheck(service)) {
      return true;
    }
    return COMPOSE.dockerfile(service).map(ComposeFileTest::dockerfileHasHealthcheck).orElse(false);
  }

  private static boolean dockerfileHasHealthcheck(String dockerfile) {
    try {
      return Files.readString(RepositoryFiles.file(dockerfile))
          .lines()
          .anyMatch(l -> l.startsWith("HEALTHCHECK "));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The port a built service listens on: {@code ENV SERVER_PORT=} of its Dockerfile. */
  private static String serverPort(String service) {
    try {
      String dockerfile =
          Files.readString(RepositoryFiles.file(COMPOSE.dockerfile(service).orElseThrow()));
      Matcher port = Pattern.compile("(?m)^ENV SERVER_PORT=(\\d+)$").matcher(dockerfile);
      assertThat(port.find()).as("ENV SERVER_PORT in %s's Dockerfile", service).isTrue();
      return port.group(1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
