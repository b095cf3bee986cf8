#!/usr/bin/env bash
# Builds canary-benchmarks and runs a benchmark; results go to canary-benchmarks/target/results/.
#
#   canary-benchmarks/run.sh [JMH args]          JMH (e.g. TickBenchmark -p metrics=2 -prof gc)
#   canary-benchmarks/run.sh fleet [args]        engine + scheduler with 10,000s of canaries in one JVM
#   canary-benchmarks/run.sh operator [args]     the operator against an in-process API server
#   canary-benchmarks/run.sh tables              BENCHMARKS.md's tables from the results so far
#   canary-benchmarks/run.sh all                 the runs behind BENCHMARKS.md, then the tables
#
# Every harness prints one JSON object per measurement on lines starting with "RESULT ", and
# appends them to target/results/<harness>.jsonl; JMH writes target/results/jmh-*.json. "tables"
# reads every file there, so clear the directory (as "all" does) before runs whose tables you want alone.
# MVN_FLAGS overrides the Maven flags (default: -o -q, offline); SKIP_BUILD=1 reuses the last build.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
module="$root/canary-benchmarks"
results="$module/target/results"
cd "$root"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    # shellcheck disable=SC2086
    ./mvnw ${MVN_FLAGS:--o -q} -pl canary-benchmarks -am compile \
        dependency:build-classpath \
        -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=runtime
fi
mkdir -p "$results"
classpath="$module/target/classes:$(cat "$module/target/benchmark.classpath")"

harness() {  # harness NAME MAIN [java options --] [args]
    local name="$1" main="$2"; shift 2
    local jvm=()
    if [[ " $* " == *" -- "* ]]; then
        while [[ "$1" != "--" ]]; do jvm+=("$1"); shift; done
        shift
    fi
    java "${jvm[@]}" -cp "$classpath" "$main" "$@" | tee -a /dev/stderr | sed -n 's/^RESULT //p' >> "$results/$name.jsonl"
}

jmh() {  # jmh NAME [JMH args]: JMH with a JSON result file
    local name="$1"; shift
    java -cp "$classpath" org.openjdk.jmh.Main -rf json -rff "$results/jmh-$name.json" "$@"
}

case "${1:-}" in
    fleet)
        shift
        harness fleet io.canarykit.benchmarks.fleet.FleetBenchmark -Xms3g -Xmx3g -XX:+UseG1GC -- "$@"
        ;;
    operator)
        shift
        harness operator io.canarykit.benchmarks.operator.OperatorBenchmark -Xms2g -Xmx2g -XX:+UseG1GC -- "$@"
        ;;
    tables)
        java -cp "$classpath" io.canarykit.benchmarks.report.Tables "$results"
        ;;
    all)
        # The runs behind BENCHMARKS.md ("Performance at fleet scale"), about 30 minutes on 2 cores.
        rm -f "$results"/*.json "$results"/*.jsonl
        jmh strategies TickBenchmark -p metrics=2 -prof gc
        jmh metrics TickBenchmark -p strategy=CANARY -p metrics=1,5,10 -prof gc
        jmh parts TickPartsBenchmark -prof gc
        harness fleet io.canarykit.benchmarks.fleet.FleetBenchmark -Xms3g -Xmx3g -XX:+UseG1GC -- --canaries 10000,100000
        harness operator io.canarykit.benchmarks.operator.OperatorBenchmark -Xms2g -Xmx2g -XX:+UseG1GC -- --canaries 100,1000,2000 --rounds 2
        java -cp "$classpath" io.canarykit.benchmarks.report.Tables "$results"
        ;;
    *)
        jmh "$(date +%H%M%S)" "$@"
        ;;
esac
