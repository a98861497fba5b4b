# ./run bench fuzz: a million mutated payloads through the codec in-process, then a large sample over real MQTT
# into a hub while a canary connection publishes valid traffic (reference: the canary with no fuzzing).
# BENCH_FUZZ_CODEC / BENCH_FUZZ_WIRE override the input counts (default 1000000 / 100000).
set -euo pipefail
rm -f target/bench/fuzz.txt
props="-Dbench.fuzz.codec=${BENCH_FUZZ_CODEC:-1000000} -Dbench.fuzz.wire=${BENCH_FUZZ_WIRE:-100000}"
mvn -B -q -ntp -pl system-tests -am test -Dtest=FuzzBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx1g $props"
cat target/bench/fuzz.json
cat target/bench/fuzz.txt
