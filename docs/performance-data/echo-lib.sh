#!/bin/bash
# Shared by the echo measurement scripts of this directory (sourced, not run).

# The pgrep pattern of the EchoServerMain child that EchoCompare starts for server kind $1.
server_pattern() {
  case $1 in
    giambio-baton|giambio-continuation) echo 'EchoServerMain giambio$' ;;
    giambio-loops*) echo 'EchoServerMain giambio-loops( |$)' ;;
    *) echo "EchoServerMain $1\$" ;;
  esac
}

# Prints the pid of the server child for kind $1, waiting up to 10 s for it to start; fails
# (prints nothing, returns 1) if it never appears.
server_pid() {
  local pattern pid
  pattern=$(server_pattern "$1")
  for _ in $(seq 1 100); do
    pid=$(pgrep -f "$pattern" | head -1)
    if [ -n "$pid" ]; then echo "$pid"; return 0; fi
    sleep 0.1
  done
  return 1
}

# Starts EchoCompare in the background with server kind $1 alone, $CLIENTS clients (default
# 64), a 2 s warm-up and one measured window of $2 seconds, its output in file $3. Sets
# $client to its pid. $J is the java to use.
start_compare() {
  "$J" -cp giambio.bench/target/benchmarks.jar giambio.bench.echo.EchoCompare --servers "$1" \
     --clients "${CLIENTS:-64}" --warmup 2 --window "$2" --windows 1 --rounds 1 > "$3" 2>&1 &
  client=$!
}
