#!/usr/bin/env bash
# berth control-plane benchmark: builds berth's jar (through the launcher) and the benchmark,
# then runs it and prints a Markdown report. Method and recorded figures: docs/benchmarks.md.
#
#   bench/run.sh                          # the documented run (about 2 min on 2 cores)
#   bench/run.sh --objects 500 --starts 1 # a quick smoke run; see --help for every option
#   bench/run.sh --suite node            # only the node agent's part (pods as processes; about 1-2 min)
#   bench/run.sh --suite statefulset     # only the StatefulSet controller's part (kubectl apply to Ready, rolling update; about 2.5 min)
#   bench/run.sh --suite proxy           # the service proxy against direct and HAProxy: bench/proxy.sh
#
# Environment: JAVA_HOME (a JDK >= 21; default /usr/lib/jvm/temurin-25-jdk-amd64),
# BERTH_JAVA_OPTS (the server's JVM options; default: the launcher's), BENCH_TMP (where data
# dirs go; default the system temp dir), BERTH_JAR (benchmark this jar instead of building one;
# BERTH_VERSION then names it in the report). The report is also written to
# bench/target/results-*.md.
set -euo pipefail
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ ${1:-} == --suite && ${2:-} == proxy ]]; then exec "$bench/proxy.sh"; fi
root=$(cd "$bench/.." && pwd)

java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1; }
if [[ -z ${JAVA_HOME:-} || ! -x $JAVA_HOME/bin/java ]] || (( $(java_major "$JAVA_HOME/bin/java") < 21 )); then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  else
    echo "bench: needs a JDK 21 or newer in JAVA_HOME" >&2; exit 1
  fi
fi
java=$JAVA_HOME/bin/java

if [[ -n ${BERTH_JAR:-} ]]; then
  jar=$(readlink -f "$BERTH_JAR")
  version=${BERTH_VERSION:-"$jar"}
else
  echo "bench: building berth (./berth --help) ..." >&2
  "$root/berth" --help >/dev/null
  jar=$root/berth-cli/target/berth.jar
  version=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n $(git -C "$root" status --porcelain -- . ':!bench' ':!docs' 2>/dev/null) ]]; then version="$version + uncommitted changes"; fi
fi

echo "bench: building the benchmark ..." >&2
(cd "$bench" && { mvn -q -B -o package >/tmp/berth-bench-build.$$.log 2>&1 || mvn -q -B package >/tmp/berth-bench-build.$$.log 2>&1; }) ||
  { cat /tmp/berth-bench-build.$$.log >&2; rm -f /tmp/berth-bench-build.$$.log; echo "bench: build failed" >&2; exit 1; }
rm -f /tmp/berth-bench-build.$$.log

opts=${BERTH_JAVA_OPTS:-$("$root/berth" --print-java-opts)}
out=$bench/target/results-$(date +%Y%m%d-%H%M%S).md
work=()
if [[ -n ${BENCH_TMP:-} ]]; then mkdir -p "$BENCH_TMP"; work=(--work-dir "$(mktemp -d "$BENCH_TMP/berth-bench-XXXXXX")"); fi

# the one netty line silenced is its complaint, on client close, about notifying a listener after its event loop ended
exec "$java" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.logFile=System.err \
  -Dorg.slf4j.simpleLogger.log.io.netty.util.concurrent.DefaultPromise.rejectedExecution=off \
  -jar "$bench/target/berth-bench.jar" --jar "$jar" --java "$java" --java-opts "$opts" \
  --berth-version "$version" --out "$out" "${work[@]}" "$@"
