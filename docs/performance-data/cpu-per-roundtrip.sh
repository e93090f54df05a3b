#!/bin/bash
# Where the CPU of one echo round trip goes (docs/performance.md, "The ceiling").
#
# For each server kind given (EchoCompare names), runs EchoCompare with that server alone and,
# during 3 s of its 5 s measured window, reads from /proc:
#   - the server child's user and system CPU time,
#   - the load generator's (EchoCompare's own JVM: the client threads) user and system time,
#   - the whole machine's idle share (near 0: the pair is CPU-bound),
# and, when `perf` can sample the server child (in a second run), splits the server's CPU by where it ran:
# the kernel, JIT-compiled Java code, the JVM itself (libjvm: GC, continuation freeze/thaw,
# runtime calls) and libc/native libraries. Every figure is divided by the round trips per
# second of that window, so a line reads "microseconds of CPU per round trip".
#
# The point of the split: a server's own code can only save what runs in user space (JIT +
# libjvm); the kernel's TCP work for one read and one write per message is the same for every
# server that makes the same system calls.
#
# Usage, from the repository root after ./mvnw -q package -Pbench -DskipTests:
#   docs/performance-data/cpu-per-roundtrip.sh netty-epoll giambio-loops vthread
# CLIENTS=512 changes the client count (default 64); JAVA= the JDK (default Temurin 25).
cd "$(dirname "$0")/../.." || exit 1
. docs/performance-data/echo-lib.sh
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
HZ=$(getconf CLK_TCK)
for s in "$@"; do
  out=$(mktemp); pdata=$(mktemp)
  start_compare "$s" 5 "$out"
  sleep 4
  pid=$(server_pid "$s")
  if [ -z "$pid" ]; then echo "$s: server process not found" >&2; wait $client; continue; fi
  s0=$(awk '{print $14, $15}' /proc/$pid/stat); c0=$(awk '{print $14, $15}' /proc/$client/stat)
  m0=$(head -1 /proc/stat)
  sleep 3
  s1=$(awk '{print $14, $15}' /proc/$pid/stat); c1=$(awk '{print $14, $15}' /proc/$client/stat)
  m1=$(head -1 /proc/stat)
  wait $client
  rt=$(grep -E "^1,$s," "$out" | cut -d, -f7)
  # Discussion: perf's sampling slows the server (by a third here), so it samples a second
  # run of its own; only its proportions are used.
  if command -v perf > /dev/null; then
    start_compare "$s" 5 /dev/null
    sleep 4
    pid=$(server_pid "$s")
    [ -n "$pid" ] && perf record -q -e cpu-clock -F 499 -p "$pid" -o "$pdata" -- sleep 2 2> /dev/null
  fi
  wait $client
  split=""
  if [ -s "$pdata" ]; then
    split=$(perf report -i "$pdata" --sort dso --stdio 2> /dev/null | grep -E '^ +[0-9.]+%' | awk '
      { p=$1; sub("%","",p); d=$2
        if (d ~ /kernel/) k+=p; else if (d ~ /^\[JIT\]/ || d ~ /^\[JIT/) j+=p; else if (d ~ /libjvm/) v+=p; else o+=p }
      END { printf "%.0f %.0f %.0f %.0f", k, j, v, o }')
  fi
  python3 - "$s" "$rt" "$HZ" "$s0" "$s1" "$c0" "$c1" "$m0" "$m1" "$split" <<'EOF'
import sys
name, rt, hz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
s0, s1, c0, c1 = (list(map(int, a.split())) for a in sys.argv[4:8])
m0, m1 = (list(map(int, a.split()[1:])) for a in sys.argv[8:10])
us = lambda ticks: ticks / hz / 3 * 1e6 / rt
d = [b - a for a, b in zip(m0, m1)]
idle = (d[3] + d[4]) / sum(d)
su, ss, cu, cs = us(s1[0] - s0[0]), us(s1[1] - s0[1]), us(c1[0] - c0[0]), us(c1[1] - c0[1])
# Discussion: the echo total is server + client, not the machine's busy time, so that other
# processes on the machine (builds) do not count; the machine's idle share is printed to show
# whether the pair was CPU-bound (idle near 0) or latency-bound.
line = "%-22s rt/s %6.0f | server user %4.1f sys %4.1f | client user %4.1f sys %4.1f | echo total %4.1f us/rt | machine idle %3.0f%%" % (
    name, rt, su, ss, cu, cs, su + ss + cu + cs, 100 * idle)
if sys.argv[10]:
    k, j, v, o = sys.argv[10].split()
    line += " | server CPU in kernel %s%% JIT %s%% libjvm %s%% other %s%%" % (k, j, v, o)
print(line)
EOF
  rm -f "$out" "$pdata"
done
