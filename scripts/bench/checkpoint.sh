# ./run bench checkpoint: scan -> turnstile command latency (p50, p99) at the agent with a
# 1,000,000-person whitelist and the durable RocksDB outbox under rush-hour load (20 lanes x 5
# scans/s), against the bare MQTT round trip (a link-check ping) through the same endpoint in
# the same run. Overrides: BENCH_CHECKPOINT_WHITELIST, BENCH_CHECKPOINT_LANES,
# BENCH_CHECKPOINT_RATE (scans/s per lane), BENCH_CHECKPOINT_SECONDS.
set -euo pipefail
rm -f target/bench/checkpoint.txt
props="-Dbench.checkpoint.whitelist=${BENCH_CHECKPOINT_WHITELIST:-1000000} -Dbench.checkpoint.lanes=${BENCH_CHECKPOINT_LANES:-20}"
props="$props -Dbench.checkpoint.rate=${BENCH_CHECKPOINT_RATE:-5} -Dbench.checkpoint.seconds=${BENCH_CHECKPOINT_SECONDS:-20}"
mvn -B -q -ntp -pl edge-agent -am test -Dtest=CheckpointBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx2g $props"
cat target/bench/checkpoint.json
cat target/bench/checkpoint.txt
