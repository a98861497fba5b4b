# ./run bench uplink: agent outbox -> hub store (durable both ends) vs the same uplink -> Mosquitto -> subscriber
# BENCH_UPLINK_COUNT overrides the number of messages (default 300000).
set -euo pipefail
rm -f target/bench/uplink.txt
mvn -B -q -ntp -pl system-tests -am test -Dtest=UplinkBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.uplink.count="${BENCH_UPLINK_COUNT:-300000}" -DargLine="-Dbench.uplink.count=${BENCH_UPLINK_COUNT:-300000}"
cat target/bench/uplink.json
cat target/bench/uplink.txt
