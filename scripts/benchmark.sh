#!/usr/bin/env bash
# The one benchmark command: builds every module (no tests), then runs the end-to-end pipeline
# benchmark (--full unless told --quick) and the JMH microbenchmarks of the hot paths. Results:
# target/benchmark-results/<UTC time>/ — pipeline-benchmark.json/.md (the table of
# docs/performance.md), service-logs/, jmh.json and jmh.txt.
#
# Run it on a quiet machine: every other process takes CPU from the figures.
# Servers come from the same place as in the tests (scripts/test.sh): Testcontainers where a Docker
# engine answers, else local redis-server and influxd (installed when run as root on Debian).
#
# Usage: scripts/benchmark.sh [--quick] [PipelineBenchmark options, e.g. --max-rate 80000]
#        BENCHMARK_SKIP_JMH=1 scripts/benchmark.sh   (end-to-end only)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# For its helpers (docker_answers, ensure_local_servers); sourcing does not run its main.
# shellcheck disable=SC1091
source scripts/test.sh

mode=--full
if [ "${1:-}" = "--quick" ] || [ "${1:-}" = "--full" ]; then
  mode="$1"
  shift
fi

if [ "${HA_INGESTOR_TEST_SERVERS:-auto}" != docker ] && ! docker_answers; then
  ensure_local_servers
  export HA_INGESTOR_TEST_SERVERS=local
fi

out="target/benchmark-results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
echo "Building (no tests)…"
mvn -B -ntp -q -DskipTests package
echo "End-to-end benchmark ($mode) → $out"
status=0
java -Xmx3g -cp benchmarks/target/benchmarks.jar dev.haingestor.benchmarks.PipelineBenchmark \
  "$mode" --out "$out" "$@" || status=$?
if [ "${BENCHMARK_SKIP_JMH:-}" != 1 ]; then
  echo "JMH microbenchmarks → $out/jmh.txt"
  java -jar benchmarks/target/benchmarks.jar -rf json -rff "$out/jmh.json" -o "$out/jmh.txt"
  tail -n 20 "$out/jmh.txt"
fi
echo "Results in $out (exit status of the end-to-end run: $status)"
exit "$status"
