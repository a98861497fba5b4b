# ./run bench face-blur: the cost per picture of blurring faces before a picture leaves a
# blurFaces site (person boxes by YOLOX-nano, BlazeFace on the frame and on every head, pixelation,
# a second look), next to the JPEG encoding every picture pays anyway and a bare BlazeFace pass,
# in the same run, at 640x425 and 1280x720. BENCH_ROUNDS (default 30).
set -euo pipefail
rm -f target/bench/face-blur.txt
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -q -ntp -pl edge-agent -am test -Dtest=FaceBlurBench -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx1g -Dgmeye.root=$PWD -Dbench.rounds=${BENCH_ROUNDS:-30}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat target/bench/face-blur.json; echo
cat target/bench/face-blur.txt
