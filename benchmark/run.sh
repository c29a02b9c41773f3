#!/usr/bin/env bash
# Reproduces the benchmark in one command from a fresh clone (docs/performance.md, "Reproduce"):
#   benchmark/run.sh [BenchmarkMain options…]       e.g. benchmark/run.sh --sizes 10000 --baseline-sizes ""
# Compiles the benchmark and the modules it measures in one reactor (nothing is installed into ~/.m2; Maven
# downloads what is missing), writes the benchmark's class path, then runs BenchmarkMain with it. The engine
# and emulator processes BenchmarkMain starts inherit that class path. JAVA selects the java binary.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q compile dependency:build-classpath -pl benchmark -am \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="benchmark/target/classes:$(cat benchmark/target/classpath.txt)"

# the CLI's logging: human-readable lines, and the embedded MariaDB's start-up chatter at DEBUG
exec "${JAVA:-java}" -Dlog4j2.configurationFile=log4j2-cli.xml -cp "$classpath" \
  com.subscriptionreconciler.benchmark.BenchmarkMain "$@"
