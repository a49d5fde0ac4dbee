#!/usr/bin/env bash
# Checks of the deployment files that need no Docker engine; scripts/test.sh runs it before Maven.
#
#   1. docker-compose.yml: `docker-compose config` (Debian's docker-compose 1.29, which validates the
#      file against its Compose-spec JSON schema and interpolates every variable without an engine),
#      with .env.example, for the default and the demo profile; and with no .env at all, which must
#      fail (every secret is required).
#   2. Prometheus: `promtool check config`, `promtool check rules` and the alert rules' unit tests
#      (`promtool test rules deploy/prometheus/tests/*.yml`).
#   3. Shell scripts: `shellcheck` on scripts/*.sh, deploy/*.sh and .ci/run.
#   4. Dockerfiles: the `dockerfile-utils` linter (npm, pinned; the engine of VS Code's Dockerfile
#      language server — hadolint is not obtainable from the registries reachable here) must report
#      nothing, and every Dockerfile must follow the image rules below.
#
# Image rules (R1..R11), checked for every <module>/Dockerfile:
#   R1  starts with `# syntax=docker/dockerfile:1` (BuildKit: the Maven cache mount)
#   R2  every FROM names a pinned tag: no missing tag, no `latest`
#   R3  a build stage FROM maven:3.9-eclipse-temurin-21 running `mvn -B -ntp -pl <module> -am package -DskipTests`
#   R4  the final stage runs on eclipse-temurin:<major>.<minor>.<patch>_<build>-jre… (a pinned JRE)
#   R5  the final stage switches to a non-root USER
#   R6  the final stage has exactly one HEALTHCHECK; Spring Boot services check /actuator/health/liveness
#   R7  no ADD (COPY only: no remote URLs, no implicit unpacking)
#   R8  ENTRYPOINT in exec form with -XX:MaxRAMPercentage= and -XX:+ExitOnOutOfMemoryError
#   R9  Spring Boot services ship Boot's four layers, in order (dependencies, spring-boot-loader,
#       snapshot-dependencies, application), extracted with `-Djarmode=tools … extract --layers --launcher`
#   R10 no secret in ENV or ARG (names with TOKEN, PASSWORD, SECRET or API_KEY)
#   R11 Spring Boot services set ENV MALLOC_ARENA_MAX=2, as the benchmarks run them (ServiceJar)
# and every `dockerfile:` that docker-compose.yml builds exists.
#
# Usage: scripts/check-deploy.sh   (needs docker-compose, promtool, shellcheck, node + npm)
set -euo pipefail

readonly DOCKERFILE_UTILS_VERSION=0.16.3
readonly SPRING_BOOT_SERVICES="ingestion-service enrichment-service admin-api"
readonly IMAGES="$SPRING_BOOT_SERVICES ha-simulator"

failures=0

step() {
  echo "== $*"
}

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

require_program() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "check-deploy: $1 is missing ($2)" >&2
    exit 1
  fi
}

check_compose() {
  step "docker-compose config (default profile, demo profile, no .env)"
  local profile
  for profile in "" demo; do
    local args=(--project-directory . --env-file .env.example -f docker-compose.yml)
    [ -n "$profile" ] && args+=(--profile "$profile")
    if ! docker-compose "${args[@]}" config -q; then
      fail "docker-compose config${profile:+ --profile $profile} rejects docker-compose.yml"
    fi
  done
  # Without .env the required secrets are missing: compose must refuse to start rather than run
  # with empty passwords. env -i keeps variables of this shell out of the interpolation.
  local empty_env output
  empty_env="$(mktemp)"
  if output="$(env -i PATH="$PATH" HOME="$HOME" docker-compose --project-directory . \
    --env-file "$empty_env" -f docker-compose.yml config -q 2>&1)"; then
    fail "docker-compose config accepts a missing .env: a required \${VAR:?} is missing"
  elif ! grep -qE "Missing mandatory value|required variable" <<<"$output"; then
    fail "docker-compose config without .env failed for another reason: $output"
  fi
  rm -f "$empty_env"
}

check_prometheus() {
  step "promtool check config / check rules / test rules"
  promtool check config deploy/prometheus/prometheus.yml || fail "promtool check config"
  promtool check rules deploy/prometheus/alerts.yml || fail "promtool check rules"
  local tests=(deploy/prometheus/tests/*.yml)
  promtool test rules "${tests[@]}" || fail "promtool test rules"
}

check_shell() {
  step "shellcheck"
  local scripts=(scripts/*.sh .ci/run)
  if compgen -G "deploy/*.sh" >/dev/null; then
    scripts+=(deploy/*.sh)
  fi
  shellcheck "${scripts[@]}" || fail "shellcheck ${scripts[*]}"
}

# The linter, installed once into a cache directory by npm (pure JavaScript, nothing downloaded at
# install time besides its four npm packages).
dockerfile_linter() {
  local dir="${XDG_CACHE_HOME:-$HOME/.cache}/ha-ingestor/dockerfile-utils-$DOCKERFILE_UTILS_VERSION"
  local bin="$dir/node_modules/.bin/dockerfile-utils"
  if [ ! -x "$bin" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
      "dockerfile-utils@$DOCKERFILE_UTILS_VERSION" >&2
  fi
  echo "$bin"
}

# One logical instruction per line: continuation lines joined, comments and blank lines dropped.
instructions() {
  awk '
    /^[[:space:]]*#/ && line == "" { next }
    /^[[:space:]]*$/ && line == "" { next }
    {
      sub(/\r$/, "")
      if ($0 ~ /\\[[:space:]]*$/) { sub(/\\[[:space:]]*$/, ""); line = line $0 " "; next }
      print line $0
      line = ""
    }
  ' "$1"
}

# The instructions of the last stage (from its FROM on).
final_stage() {
  instructions "$1" | awk 'toupper($1) == "FROM" { stage = "" } { stage = stage $0 "\n" } END { printf "%s", stage }'
}

check_dockerfile_rules() {
  local module=$1 file=$2 all final
  all="$(instructions "$file")"
  final="$(final_stage "$file")"

  head -n 1 "$file" | grep -qx '# syntax=docker/dockerfile:1' || fail "$file R1: first line must be # syntax=docker/dockerfile:1"

  local from image
  while read -r from; do
    image="$(awk '{ for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; exit } }' <<<"$from")"
    case "$image" in
      *:latest | *:latest-* ) fail "$file R2: $image uses the tag latest" ;;
      *:*) ;;
      *) fail "$file R2: $image has no pinned tag" ;;
    esac
  done < <(grep -iE '^FROM[[:space:]]' <<<"$all")

  grep -qiE '^FROM[[:space:]]+maven:3\.9-eclipse-temurin-21[[:space:]]+AS[[:space:]]+build' <<<"$all" \
    || fail "$file R3: no build stage FROM maven:3.9-eclipse-temurin-21 AS build"
  grep -qE "mvn -B -ntp -pl $module -am package -DskipTests" <<<"$all" \
    || fail "$file R3: the build stage must run mvn -B -ntp -pl $module -am package -DskipTests"

  grep -qiE '^FROM[[:space:]]+eclipse-temurin:[0-9]+\.[0-9]+\.[0-9]+_[0-9]+-jre' <<<"$final" \
    || fail "$file R4: the final stage must run on a pinned eclipse-temurin:<x.y.z_b>-jre image"

  local user
  user="$(grep -iE '^USER[[:space:]]' <<<"$final" | tail -n 1 | awk '{ print $2 }')"
  case "$user" in
    "") fail "$file R5: the final stage has no USER" ;;
    root | 0 | root:* | 0:*) fail "$file R5: the final stage runs as root ($user)" ;;
  esac

  local healthchecks
  healthchecks="$(grep -ciE '^HEALTHCHECK[[:space:]]' <<<"$final" || true)"
  [ "$healthchecks" -eq 1 ] || fail "$file R6: the final stage needs exactly one HEALTHCHECK (found $healthchecks)"
  if [[ " $SPRING_BOOT_SERVICES " == *" $module "* ]]; then
    grep -iE '^HEALTHCHECK[[:space:]]' <<<"$final" | grep -q '/actuator/health/liveness' \
      || fail "$file R6: the HEALTHCHECK must call /actuator/health/liveness"
  fi

  if grep -qiE '^ADD[[:space:]]' <<<"$all"; then
    fail "$file R7: use COPY, not ADD"
  fi

  local entrypoint
  entrypoint="$(grep -iE '^ENTRYPOINT[[:space:]]' <<<"$final" | tail -n 1)"
  grep -qE '^ENTRYPOINT[[:space:]]+\[' <<<"$entrypoint" || fail "$file R8: ENTRYPOINT must be in exec form"
  grep -q -- '-XX:MaxRAMPercentage=' <<<"$entrypoint" || fail "$file R8: ENTRYPOINT lacks -XX:MaxRAMPercentage="
  grep -q -- '-XX:+ExitOnOutOfMemoryError' <<<"$entrypoint" || fail "$file R8: ENTRYPOINT lacks -XX:+ExitOnOutOfMemoryError"

  if [[ " $SPRING_BOOT_SERVICES " == *" $module "* ]]; then
    grep -qE -- '-Djarmode=tools .*extract --layers --launcher' <<<"$all" \
      || fail "$file R9: extract the jar with -Djarmode=tools ... extract --layers --launcher"
    local layers
    layers="$(grep -oE 'extracted/(dependencies|spring-boot-loader|snapshot-dependencies|application)/' <<<"$final" \
      | sed -E 's#extracted/(.*)/#\1#' | tr '\n' ' ')"
    [ "$layers" = "dependencies spring-boot-loader snapshot-dependencies application " ] \
      || fail "$file R9: COPY the layers dependencies, spring-boot-loader, snapshot-dependencies, application in this order (found: $layers)"
  fi

  if grep -iE '^(ENV|ARG)[[:space:]]' <<<"$all" | grep -qiE 'TOKEN|PASSWORD|SECRET|API_KEY'; then
    fail "$file R10: no secret in ENV or ARG; pass secrets at run time"
  fi

  if [[ " $SPRING_BOOT_SERVICES " == *" $module "* ]]; then
    grep -qE '^ENV[[:space:]]+MALLOC_ARENA_MAX=2$' <<<"$final" \
      || fail "$file R11: the final stage must set ENV MALLOC_ARENA_MAX=2 (the measured memory assumes it)"
  fi
}

check_dockerfiles() {
  step "Dockerfiles: dockerfile-utils $DOCKERFILE_UTILS_VERSION lint and image rules R1..R11"
  local linter module file report
  linter="$(dockerfile_linter)"
  for module in $IMAGES; do
    file="$module/Dockerfile"
    if [ ! -f "$file" ]; then
      fail "$file is missing"
      continue
    fi
    report="$("$linter" lint --json "$file")"
    [ "$report" = "[]" ] || fail "$file: dockerfile-utils reports $report"
    check_dockerfile_rules "$module" "$file"
  done
  local built
  while read -r built; do
    [ -f "$built" ] || fail "docker-compose.yml builds $built, which does not exist"
  done < <(grep -E '^[[:space:]]+dockerfile:' docker-compose.yml | awk '{ print $2 }')
}

# The rules must be able to fail: each mutation of a good Dockerfile must break exactly the rule it
# names. Runs on temporary copies; a mutation that passes is itself a failure of this script.
self_test_dockerfile_rules() {
  step "image rules self-test (mutated copies of admin-api/Dockerfile must fail)"
  local work mutation expected before
  work="$(mktemp -d)"
  local -a mutations=(
    "R1|1d"
    "R2|s#^FROM eclipse-temurin:.*#FROM eclipse-temurin:latest#"
    "R3|s#-pl admin-api -am package#-pl admin-api package#"
    "R4|s#^FROM eclipse-temurin:[^ ]*#FROM eclipse-temurin:21-jre#"
    "R5|s#^USER .*#USER root#"
    "R6|/^HEALTHCHECK/,/actuator/d"
    "R7|s#^COPY --from=build /workspace/extracted/application/ ./#ADD https://example.invalid/app.tar ./#"
    "R8|s#\"-XX:+ExitOnOutOfMemoryError\", ##"
    "R9|/extracted\/spring-boot-loader/d"
    "R10|s#^ENV SERVER_PORT=8080#ENV SERVER_PORT=8080 INFLUXDB_TOKEN=secret#"
    "R11|/^ENV MALLOC_ARENA_MAX=2/d"
  )
  for mutation in "${mutations[@]}"; do
    expected="${mutation%%|*}"
    sed -e "${mutation#*|}" admin-api/Dockerfile >"$work/Dockerfile"
    if cmp -s admin-api/Dockerfile "$work/Dockerfile"; then
      fail "self-test $expected: the mutation changed nothing"
      continue
    fi
    before=$failures
    check_dockerfile_rules admin-api "$work/Dockerfile" 2>"$work/errors"
    if ! grep -q " $expected:" "$work/errors"; then
      failures=$before
      fail "self-test: a Dockerfile breaking $expected passed the rules"
    else
      failures=$before
    fi
  done
  rm -rf "$work"
}

main() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  require_program docker-compose "Debian package docker-compose"
  require_program promtool "Debian package prometheus"
  require_program shellcheck "Debian package shellcheck"
  require_program npm "Node.js with npm"
  check_compose
  check_prometheus
  check_shell
  check_dockerfiles
  self_test_dockerfile_rules
  if [ "$failures" -gt 0 ]; then
    echo "check-deploy: $failures check(s) failed" >&2
    exit 1
  fi
  echo "check-deploy: all deployment checks passed"
}

# Run unless sourced (sourcing lets the checks be tried one by one).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
