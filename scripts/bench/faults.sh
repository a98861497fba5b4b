# ./run bench faults: kill -9 of the agent and of the hub, 20 times each, during a mixed burst; then every
# accepted record must be at the hub exactly once. BENCH_FAULTS_KILLS / BENCH_FAULTS_RATE override (20 / 2000 per s).
set -euo pipefail
rm -f target/bench/faults.txt
props="-Dbench.faults.kills=${BENCH_FAULTS_KILLS:-20} -Dbench.faults.rate=${BENCH_FAULTS_RATE:-2000}"
mvn -B -q -ntp -pl system-tests -am test -Dtest=FaultsBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="$props"
cat target/bench/faults.json
cat target/bench/faults.txt
