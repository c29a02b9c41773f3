#!/usr/bin/env bash
# Measures the Lambda jar's cold start locally (docs/packaging.md): starts the world (embedded MariaDB, Stripe
# emulator with a generated account, fake Secrets Manager) once, then runs ColdStartProbe RUNS times, each in a
# fresh JVM on the Lambda jar alone, with the JVM flags the Lambda java21 runtime uses by default.
#
# usage: lambda/scripts/cold-start.sh [SUBSCRIPTIONS=500] [RUNS=3] [JAVA=java]
# needs: ./mvnw -B -DskipTests package -pl lambda -am && ./mvnw -B test-compile -pl lambda -am
set -euo pipefail
cd "$(dirname "$0")/../.."
subscriptions=${1:-500}
runs=${2:-3}
java=${3:-java}
lambda_jar=lambda/target/subscription-reconciler-lambda.jar
cli_jar=lambda/target/subscription-reconciler.jar
for f in "$lambda_jar" "$cli_jar" lambda/target/test-classes/com/subscriptionreconciler/coldstart/ColdStartProbe.class; do
  [[ -f $f ]] || { echo "missing $f: build first (see usage)" >&2; exit 2; }
done

work=$(mktemp -d)
java -cp "$cli_jar:lambda/target/test-classes" com.subscriptionreconciler.coldstart.ColdStartFixture \
  "$work/env" "$subscriptions" >"$work/fixture.out" 2>"$work/fixture.log" &
fixture=$!
# The fixture serves until it is killed, so its exit status is 143 (SIGTERM): the cleanup must not let that
# status (wait under set -e) become the script's. It keeps the script's own status and always removes $work.
cleanup() {
  local status=$?
  kill "$fixture" 2>/dev/null || true
  wait "$fixture" 2>/dev/null || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  [[ -f $work/env ]] && break
  kill -0 "$fixture" 2>/dev/null || { cat "$work/fixture.log" >&2; exit 1; }
  sleep 1
done
[[ -f $work/env ]] || { echo "fixture did not start" >&2; exit 1; }
grep '^fixture:' "$work/fixture.log" >&2

# only the probe's own classes next to the Lambda jar: nothing else from the test classpath
mkdir -p "$work/probe/com/subscriptionreconciler/coldstart"
cp lambda/target/test-classes/com/subscriptionreconciler/coldstart/ColdStartProbe*.class \
  "$work/probe/com/subscriptionreconciler/coldstart/"
mapfile -t function_env < "$work/env"

"$java" -version 2>&1 | head -1 >&2
echo "lambda jar: $(stat -c %s "$lambda_jar") bytes; $(nproc) cores" >&2
for i in $(seq 1 "$runs"); do
  # -XX:TieredStopAtLevel=1: the java21 managed runtime's default JVM options (C1 only, faster start)
  env -i PATH="$PATH" HOME="$HOME" "${function_env[@]}" \
    "$java" -XX:+TieredCompilation -XX:TieredStopAtLevel=1 -cp "$lambda_jar:$work/probe" \
    com.subscriptionreconciler.coldstart.ColdStartProbe 2>&1 >"$work/probe-$i.log" | grep '^{"jvmToMain"' \
    || { echo "probe $i failed:" >&2; tail -20 "$work/probe-$i.log" >&2; exit 1; }
done
