# ./run bench cluster: durable ingest embedded vs a 3-node cluster (3 Kafka brokers, RF 3) from the same outboxes, each hub
# draining one as a fresh JVM (cold_ keys) and one more warm (the unprefixed keys),
# CPU per record, catch-up of a node restarted behind them, failover over kill -9 of the node a publisher is on.
# BENCH_CLUSTER_COUNT overrides the number of records (default 100000), BENCH_CLUSTER_KILLS the kills (default 10);
# BENCH_CLUSTER_JFR=DIR records each hub run with Java Flight Recorder into DIR (profiling a node under the bench).
set -euo pipefail
rm -f target/bench/cluster.txt
N="${BENCH_CLUSTER_COUNT:-100000}"
K="${BENCH_CLUSTER_KILLS:-10}"
JFR="${BENCH_CLUSTER_JFR:-}"
mvn -B -q -ntp -pl system-tests -am test -Dtest=ClusterBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -Dgmeye.dashboard.skip=true -DargLine="-Dbench.cluster.count=$N -Dbench.cluster.kills=$K -Dbench.cluster.jfr=$JFR"
cat target/bench/cluster.json
cat target/bench/cluster.txt
