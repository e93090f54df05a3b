#!/bin/bash
# Reproduces the side-by-side session of docs/performance.md: for each run, the in-process JMH
# suite (giambio kernels, Kotlin coroutines, virtual threads), VirtualThreadBench again on one
# carrier, then the echo-server comparison. About 7.5 minutes per run on 2 cores.
# Usage: giambio.bench/run-peers.sh OUTDIR [RUN...]     (from the repository root, after
#        ./mvnw -q package -Pbench -DskipTests)
set -euo pipefail
out=${1:?usage: run-peers.sh OUTDIR [RUN...]}; shift
runs=${*:-1 2}
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
JAR=giambio.bench/target/benchmarks.jar
mkdir -p "$out"
for run in $runs; do
  echo "=== run $run jmh start $(date -u +%T) $(cat /proc/loadavg)"
  "$J" -jar $JAR -f 2 -wi 3 -i 5 -w 1 -r 1 -rf json -rff "$out/jmh-run$run.json" \
     'KernelBench|VirtualThreadBench|KotlinCoroutinesBench' > "$out/jmh-run$run.log" 2>&1
  echo "=== run $run jmh-vt1 start $(date -u +%T) $(cat /proc/loadavg)"
  "$J" -jar $JAR -f 2 -wi 3 -i 5 -w 1 -r 1 -jvmArgsAppend -Djdk.virtualThreadScheduler.parallelism=1 \
     -rf json -rff "$out/jmh-vt1-run$run.json" VirtualThreadBench > "$out/jmh-vt1-run$run.log" 2>&1
  echo "=== run $run echo start $(date -u +%T) $(cat /proc/loadavg)"
  "$J" -cp $JAR giambio.bench.echo.EchoCompare --clients 1,16,64 --warmup 2 --window 2 --windows 3 --rounds 1 \
     > "$out/echo-run$run.txt"
  echo "=== run $run end $(date -u +%T) $(cat /proc/loadavg)"
done
python3 docs/performance-data/summarize_jmh.py "$out"
python3 docs/performance-data/summarize_echo.py "$out"
