#!/usr/bin/env bash
# The one test command of this repository: unit tests (Surefire) and integration tests (Failsafe)
# of every module, against real Redis and InfluxDB servers.
#
# Servers (see test-support, dev.haingestor.testsupport.RealServers): Testcontainers where a Docker
# engine answers; otherwise Debian's redis-server and influxd, started by the tests themselves on
# free loopback ports. HA_INGESTOR_TEST_SERVERS=docker|local|auto (default auto) forces a choice.
#
# Before Maven it runs scripts/check-deploy.sh (compose, Prometheus, shell and Dockerfile checks that
# need no Docker engine), installing its tools from Debian when they are missing.
#
# Usage: scripts/test.sh [extra Maven arguments], e.g. scripts/test.sh -pl common,test-support
set -euo pipefail

readonly PACKAGES="redis-server influxdb influxdb-client"
readonly DEPLOY_TOOL_PACKAGES="docker-compose prometheus shellcheck"
readonly POLICY_RC=/usr/sbin/policy-rc.d

docker_answers() {
  command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1
}

# On PATH, or where Debian puts it (a minimal PATH may lack /usr/sbin).
has_program() {
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/bin/$1" ] || [ -x "/usr/sbin/$1" ]
}

local_servers_present() {
  has_program redis-server && has_program influxd
}

can_install_with_apt() {
  [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1
}

# Debian's maintainer scripts start the services through invoke-rc.d. There is no init system
# here, and a system Redis/InfluxDB/Prometheus on the default ports must not run beside the tests
# (which start their own): a policy-rc.d answering 101 ("action forbidden") keeps them stopped.
# Arguments: apt-get install options and packages.
install_debian_packages() {
  local created_policy=""
  if [ ! -e "$POLICY_RC" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC"
    chmod 755 "$POLICY_RC"
    created_policy=yes
    trap 'rm -f "$POLICY_RC"' EXIT
  fi
  echo "Installing Debian packages: $*"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
  if [ -n "$created_policy" ]; then
    rm -f "$POLICY_RC"
    trap - EXIT
  fi
}

install_local_servers() {
  # shellcheck disable=SC2086 # the package list is meant to split
  install_debian_packages $PACKAGES
}

deploy_tools_present() {
  has_program docker-compose && has_program promtool && has_program shellcheck
}

# The tools of scripts/check-deploy.sh. Without recommends: docker-compose would pull in a Docker
# engine, prometheus its node exporter.
ensure_deploy_tools() {
  if deploy_tools_present; then
    return 0
  fi
  if can_install_with_apt; then
    # shellcheck disable=SC2086 # the package list is meant to split
    install_debian_packages --no-install-recommends $DEPLOY_TOOL_PACKAGES
    deploy_tools_present && return 0
    echo "docker-compose, promtool or shellcheck still missing after installing $DEPLOY_TOOL_PACKAGES" >&2
    exit 1
  fi
  echo "Missing deployment check tools. Install Debian packages: sudo apt-get install -y --no-install-recommends $DEPLOY_TOOL_PACKAGES" >&2
  exit 1
}

ensure_local_servers() {
  if local_servers_present; then
    return 0
  fi
  if can_install_with_apt; then
    install_local_servers
    local_servers_present && return 0
    echo "redis-server or influxd still missing after installing $PACKAGES" >&2
    exit 1
  fi
  echo "No Docker engine and no local servers (redis-server, influxd)." >&2
  echo "Install Debian packages: sudo apt-get install -y $PACKAGES — or start Docker." >&2
  exit 1
}

main() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  local mode="${HA_INGESTOR_TEST_SERVERS:-auto}"
  case "$mode" in
    docker)
      echo "Test servers: docker (Testcontainers redis:7, influxdb:2.7), as HA_INGESTOR_TEST_SERVERS=docker"
      ;;
    local)
      ensure_local_servers
      echo "Test servers: local redis-server and influxd, as HA_INGESTOR_TEST_SERVERS=local"
      ;;
    auto)
      if docker_answers; then
        echo "Test servers: docker (Testcontainers redis:7, influxdb:2.7): a Docker engine answers"
      else
        ensure_local_servers
        # Tell the test JVMs, so that they do not probe for Docker again.
        export HA_INGESTOR_TEST_SERVERS=local
        echo "Test servers: local redis-server and influxd: no Docker engine answers"
      fi
      ;;
    *)
      echo "HA_INGESTOR_TEST_SERVERS=$mode is not one of: docker, local, auto" >&2
      exit 2
      ;;
  esac
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Maven (mvn) is not installed: sudo apt-get install -y maven" >&2
    exit 1
  fi
  ensure_deploy_tools
  # has_program also looks in /usr/bin and /usr/sbin: give check-deploy.sh the same view.
  PATH="$PATH:/usr/bin:/usr/sbin" scripts/check-deploy.sh
  exec mvn -B -ntp verify "$@"
}

# Run unless sourced (sourcing lets the functions be tried one by one).
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
