# ./run bench devices: telemetry messages/s the agent validates and stores durably (PUBACK / 2.04
# after the synced outbox write), MQTT and CoAP, against mosquitto (MQTT) and a bare Californium
# resource (CoAP) with the same clients in the same run. Overrides: BENCH_DEVICES_DEVICES,
# BENCH_DEVICES_WINDOW (unacknowledged messages per device), BENCH_DEVICES_SECONDS.
set -euo pipefail
rm -f target/bench/devices.txt
props="-Dbench.devices.devices=${BENCH_DEVICES_DEVICES:-40} -Dbench.devices.window=${BENCH_DEVICES_WINDOW:-20}"
props="$props -Dbench.devices.seconds=${BENCH_DEVICES_SECONDS:-15}"
mvn -B -q -ntp -pl edge-agent -am test -Dtest=DevicesBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx2g $props"
cat target/bench/devices.json
cat target/bench/devices.txt
