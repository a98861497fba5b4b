# ./run bench estate: one hub (its own JVM, -Xmx2g) under the simulated district at a rush hour: hub CPU, heap,
# ingest lag, view latency, store growth per day; goals: <30% of 2 cores, heap <2 GiB, lag <1 s, view p99 <50 ms.
# BENCH_ESTATE_SITES (200), BENCH_ESTATE_WARMUP (60 s), BENCH_ESTATE_WINDOW (180 s), BENCH_ESTATE_START (07:45, virtual
# time of day), BENCH_ESTATE_JFR=true (records target/bench/estate.jfr; read with `jfr view hot-methods`).
set -euo pipefail
rm -f target/bench/estate.txt
props="-Dbench.estate.sites=${BENCH_ESTATE_SITES:-200} -Dbench.estate.warmup=${BENCH_ESTATE_WARMUP:-60}"
props="$props -Dbench.estate.window=${BENCH_ESTATE_WINDOW:-180} -Dbench.estate.start=${BENCH_ESTATE_START:-07:45}"
props="$props -Dbench.estate.jfr=${BENCH_ESTATE_JFR:-false}"
mvn -B -q -ntp -pl system-tests -am test -Dtest=EstateBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx2g $props"
cat target/bench/estate.json
cat target/bench/estate.txt
