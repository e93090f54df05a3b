#!/bin/bash
# Server-side cost per echo round trip (docs/performance.md, "What limits the echo numbers").
# For each server kind given (EchoCompare names), runs EchoCompare with that server alone and,
# during its measured window, counts the server child's system calls, context switches and CPU
# time with `perf stat` (needs perf and the raw_syscalls tracepoint), divided by the window's
# round trips per second.  CLIENTS=512 changes the client count (default 64).
# Usage, from the repository root after ./mvnw -q package -Pbench -DskipTests:
#   docs/performance-data/syscalls-per-roundtrip.sh giambio-continuation netty-epoll1
cd "$(dirname "$0")/../.." || exit 1
. docs/performance-data/echo-lib.sh
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
for s in "$@"; do
  out=$(mktemp); perf=$(mktemp)
  start_compare "$s" 4 "$out"
  sleep 3.5
  pid=$(server_pid "$s")
  perf stat -e raw_syscalls:sys_enter,context-switches,task-clock -p "$pid" -- sleep 3 2> "$perf"
  wait $client
  rt=$(grep -E "^1,$s," "$out" | cut -d, -f7)
  sc=$(grep sys_enter "$perf" | awk '{gsub(",","",$1); print $1}')
  cs=$(grep context-switches "$perf" | awk '{gsub(",","",$1); print $1}')
  tc=$(grep task-clock "$perf" | awk '{gsub(",","",$1); print $1}')
  python3 -c "rt=$rt;sc=$sc;cs=$cs;tc=$tc
print('%-22s rt/s %6.0f  syscalls/rt %.2f  ctxsw/rt %.3f  server CPU us/rt %.1f'%('$s',rt,sc/3/rt,cs/3/rt,tc*1000/3/rt))"
  rm -f "$out" "$perf"
done
