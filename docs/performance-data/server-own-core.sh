#!/bin/bash
# The echo server on a core of its own (docs/performance.md, "The server on a core of its own").
#
# On a 2-core machine the load generator's client threads normally share both cores with the
# server. This script separates them, to stand in for a server machine whose load generator
# runs elsewhere: EchoCompare (the client threads) is pinned to CPU 0, the server child is
# moved to CPU 1 (every thread, `taskset -a`) and started with -XX:ActiveProcessorCount=1, so
# every server sizes itself for one core: giambio-loops runs 1 loop, Netty's default group 2
# event loops (twice the cores), the virtual-thread server 1 carrier. `giambio-loops2` asks
# for 2 loops on that core, Netty's default thread count.
#
# Prints, per server: round trips/s and p99 of the 5 s window, and the server's and the
# client's CPU (cores used, and server µs per round trip) during 3 s of it, from /proc.
#
# Usage, from the repository root after ./mvnw -q package -Pbench -DskipTests:
#   docs/performance-data/server-own-core.sh giambio-loops giambio-loops2 netty-epoll vthread
# CLIENTS=512 changes the client count (default 64); JAVA= the JDK (default Temurin 25).
cd "$(dirname "$0")/../.." || exit 1
. docs/performance-data/echo-lib.sh
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
HZ=$(getconf CLK_TCK)
if [ "$(nproc --all)" -lt 2 ]; then echo "needs at least 2 CPUs" >&2; exit 1; fi
for s in "$@"; do
  out=$(mktemp)
  taskset -c 0 "$J" "-Decho.serverJvmArgs=-XX:ActiveProcessorCount=1" -cp giambio.bench/target/benchmarks.jar \
     giambio.bench.echo.EchoCompare --servers "$s" --clients "${CLIENTS:-64}" --warmup 3 --window 5 --windows 1 \
     --rounds 1 > "$out" 2>&1 &
  client=$!
  pid=$(server_pid "$s")
  if [ -z "$pid" ]; then echo "$s: server process not found" >&2; wait $client; continue; fi
  taskset -a -p -c 1 "$pid" > /dev/null
  sleep 4.5
  # Discussion: again, for the threads the server started after the first move (they inherit
  # the creating thread's affinity, but a thread may have been started in between).
  taskset -a -p -c 1 "$pid" > /dev/null
  s0=$(awk '{print $14 + $15}' /proc/$pid/stat); c0=$(awk '{print $14 + $15}' /proc/$client/stat)
  sleep 3
  s1=$(awk '{print $14 + $15}' /proc/$pid/stat); c1=$(awk '{print $14 + $15}' /proc/$client/stat)
  wait $client
  line=$(grep -E "^1,$s," "$out")
  if [ -z "$line" ]; then echo "$s: no result"; cat "$out" >&2; rm -f "$out"; continue; fi
  rt=$(echo "$line" | cut -d, -f7); p99=$(echo "$line" | cut -d, -f9)
  python3 -c "
s, rt, p99, hz = '$s', $rt, $p99, $HZ
server, client = ($s1 - $s0) / hz / 3, ($c1 - $c0) / hz / 3
print('%-22s rt/s %6.0f  p99 %6.0f us | server %.2f cores, %4.1f us/rt | client %.2f cores' % (s, rt, p99, server, server * 1e6 / rt, client))"
  rm -f "$out"
done
