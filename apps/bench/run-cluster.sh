#!/bin/bash
# Runs one troupe-bench scenario against N troupe-nodes forming a cluster
# on 127.0.0.1: a throwaway MariaDB (tests/support/mariadb.sh) that every
# node shares, the nodes on free ports with one auth.secret, a warm-up,
# the scenario with every node's address and pid, and the report (text,
# JSON, SVG) in OUT_DIR; then everything it started is stopped. With N=1,
# a single node on MariaDB, not in a cluster: the figure to compare with.
#
#   bash apps/bench/run-cluster.sh 2 build /tmp/cluster pairs \
#     --users 200 --messages 1000 --window 8
#   bash apps/bench/run-cluster.sh 3 build /tmp/cluster idle \
#     --sessions 3000 --threads 2 --duration 20 --ping-interval 10
#
# The report is OUT_DIR/NAME.{txt,json,svg}, NAME the scenario unless
# NAME=... says otherwise; the nodes' logs are OUT_DIR/NAME-nodeI.log;
# OUT_DIR/NAME-machine.txt has the cores MariaDB, each node and the whole
# machine (anything else running on it included) used during the run.
# BENCH_PER_NODE=1 runs one troupe-bench process per node instead, each
# against its node alone with users of its own (`--prefix benchI`; reports
# NAME-nodeI.*):
# a process holds at most ~19,900 sockets (20,000 open files), so this is
# how N nodes hold N x 19,000 idle sessions. Each bench process is stopped
# after TIMEOUT seconds (default 900). Users are registered with cheap
# password hashing (`minimal`) and the per-client limits are lifted, as
# in run-table.sh: for benchmarks only.
set -euo pipefail
count=${1:?number of nodes}
build=$(realpath "${2:?build directory}")
out=$(realpath -m "${3:?output directory}")
scenario=${4:?troupe-bench scenario}
shift 4
name=${NAME:-$scenario}
timeout_s=${TIMEOUT:-900}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
mkdir -p "$out"
if ! [[ $count =~ ^[1-9][0-9]*$ ]] || [ "$count" -gt 32 ]; then
  echo "run-cluster.sh: 1 to 32 nodes (node.id is 0 to 31)" >&2
  exit 2
fi

pids=()
runs=()
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  for run in "${runs[@]}"; do
    kill "$run" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for i in $(seq 0 $((count - 1))); do
    [ -f "$work/node$i.log" ] && cp "$work/node$i.log" "$out/$name-node$i.log"
  done
  bash "$source_dir/tests/support/mariadb.sh" stop "$work/mariadb" \
    >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 10000))
    if ! ss -Htln "sport = :$port" | grep -q .; then
      echo "$port"
      return
    fi
  done
}

bash "$source_dir/tests/support/mariadb.sh" start "$work/mariadb" >/dev/null
store=(--storage.backend=mariadb --storage.mariadb_host=127.0.0.1
       "--storage.mariadb_port=$(cat "$work/mariadb/port")"
       --storage.mariadb_user=troupe --storage.mariadb_password=troupe-test
       --storage.mariadb_database=troupe)
secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
# Every bench client comes from 127.0.0.1: no per-client limits.
lifted=(--net.max_connections=0 --net.max_connections_per_address=0
        --limits.request_rate=0 --limits.send_rate=0
        --auth.registrations_per_minute=1000000
        --auth.address_failure_limit=1000000)

# Starts node $1 and waits until it serves (in a cluster, once linked to
# the nodes before it); appends its pid to pids and its address to nodes.
nodes=()
start_node() {
  local id=$1 cluster=()
  if [ "$count" -gt 1 ]; then
    cluster=("--node.id=$id" "--cluster.port=$(free_port)")
  fi
  : >"$work/node$id.out"
  "$build/apps/troupe-node" "--config=$source_dir/conf/troupe.ini" \
    --net.host=127.0.0.1 --net.port=0 --auth.password_hash=minimal \
    "--auth.secret=$secret" --node.log_level=warning "${store[@]}" \
    "${lifted[@]}" "${cluster[@]}" \
    >"$work/node$id.out" 2>"$work/node$id.log" &
  pids+=($!)
  for _ in $(seq 300); do
    local address
    address=$(grep -o "listening on http://[0-9.]*:[0-9]*" \
      "$work/node$id.out" | sed 's|.*http://||' || true)
    if [ -n "$address" ]; then
      nodes+=("$address")
      return
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "run-cluster.sh: node $id did not start; its log:" >&2
  tail -n 20 "$work/node$id.log" >&2
  exit 1
}

for id in $(seq 0 $((count - 1))); do
  start_node "$id"
done
echo "== $count node(s): ${nodes[*]} (pids ${pids[*]})"

# The options naming node $1 alone, or without $1 every node.
targets() {
  local i
  for i in $(seq "${1:-0}" "${1:-$((count - 1))}"); do
    echo "--node ${nodes[$i]} --node-pid ${pids[$i]}"
  done
}

bench() {
  timeout "$timeout_s" "$build/apps/troupe-bench" "$@"
}

# Warm-up: the first statements prepared, the links and the allocator's
# arenas used once.
# shellcheck disable=SC2046
bench pairs --users 200 --messages 20 --prefix warm $(targets) \
  >/dev/null 2>&1

# CPU ticks used so far by process $1, and by the whole machine (busy,
# then all): what MariaDB and everything else on the machine (other users
# of its cores included) took while the scenario ran.
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
machine_ticks() {
  awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' \
    /proc/stat
}
mariadb_pid=$(cat "$work/mariadb/mysqld.pid")
measured=("$mariadb_pid" "${pids[@]}")
before=()
for pid in "${measured[@]}"; do
  before+=("$(ticks_of "$pid")")
done
read -r busy_before all_before < <(machine_ticks)
start_ns=$(date +%s%N)

status=0
if [ "${BENCH_PER_NODE:-0}" = 1 ]; then
  for i in $(seq 0 $((count - 1))); do
    # shellcheck disable=SC2046
    bench "$scenario" $(targets "$i") --prefix "bench$i" "$@" \
      --json "$out/$name-node$i.json" --svg "$out/$name-node$i.svg" \
      >"$out/$name-node$i.txt" 2>/dev/null &
    runs+=($!)
  done
  for run in "${runs[@]}"; do
    wait "$run" || status=1
  done
  echo "== $name: $out/$name-node*.txt"
else
  # shellcheck disable=SC2046
  bench "$scenario" $(targets) "$@" --json "$out/$name.json" \
    --svg "$out/$name.svg" >"$out/$name.txt" 2>/dev/null || status=1
  echo "== $name: $out/$name.txt"
fi

read -r busy_after all_after < <(machine_ticks)
wall=$(awk -v ns=$(($(date +%s%N) - start_ns)) 'BEGIN { print ns / 1e9 }')
hz=$(getconf CLK_TCK)
cores() { awk -v t="$1" -v hz="$hz" -v w="$wall" 'BEGIN { printf "%.2f", t / hz / w }'; }
{
  echo "wall_s $wall"
  echo "machine_busy_cores $(cores $((busy_after - busy_before))) of $(awk \
    -v t=$((all_after - all_before)) -v hz="$hz" -v w="$wall" \
    'BEGIN { printf "%.1f", t / hz / w }')"
  echo "mariadb_cores $(cores $(($(ticks_of "$mariadb_pid") - before[0])))"
  for i in $(seq 0 $((count - 1))); do
    echo "node${i}_cores $(cores $(($(ticks_of "${pids[$i]}") - before[i + 1])))"
  done
} >"$out/$name-machine.txt"
exit $status
