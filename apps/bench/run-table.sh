#!/bin/bash
# Reproduces the table of docs/benchmarks.md: starts a fresh troupe-node on
# BACKEND (sqlite or mariadb), runs every troupe-bench scenario against it,
# and writes each report (text, JSON, SVG) to OUT_DIR. MariaDB runs on a
# throwaway server started by tests/support/mariadb.sh.
#
#   bash apps/bench/run-table.sh sqlite  build /tmp/bench-sqlite
#   bash apps/bench/run-table.sh mariadb build /tmp/bench-mariadb
#
# Users are registered with cheap password hashing (`minimal`): for
# benchmarks only, never for a node people use. Every scenario but
# `hostile` runs on a node with its per-client limits lifted
# (storm opens 19,000 sessions from 127.0.0.1), one node for all but `idle`,
# which gets a fresh one, so that its RSS per session is not that of a
# heap earlier scenarios grew; `hostile` gets a fresh node of its own with
# every limit at its default: its honest users come from 25
# addresses (127.0.1.x, at most 8 registrations each, under the default 10
# a minute), its attackers from others, and meet the limits.
set -euo pipefail
backend=${1:?sqlite or mariadb}
build=$(realpath "${2:?build directory}")
out=$(realpath -m "${3:?output directory}")
scenarios=${SCENARIOS:-"pairs8 pairs1 open200 open5k offline storm idle group hostile"}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
port=${PORT:-8095}
work=$(mktemp -d)
mkdir -p "$out"

store=(--storage.backend=sqlite)
if [ "$backend" = mariadb ]; then
  bash "$source_dir/tests/support/mariadb.sh" start "$work/mariadb" >/dev/null
  trap 'bash "$source_dir/tests/support/mariadb.sh" stop "$work/mariadb" >/dev/null' EXIT
  store=(--storage.backend=mariadb --storage.mariadb_host=127.0.0.1
         "--storage.mariadb_port=$(cat "$work/mariadb/port")"
         --storage.mariadb_user=troupe --storage.mariadb_password=troupe-test
         --storage.mariadb_database=troupe)
fi

# Starts a node named $1 (its SQLite file and its logs) with the options
# that follow; sets $node to its pid.
start_node() {
  local name=$1
  shift
  local store_of_node=("${store[@]}")
  if [ "$backend" = sqlite ]; then
    store_of_node+=("--storage.sqlite_path=$work/$name.db")
  fi
  "$build/apps/troupe-node" "--config=$source_dir/conf/troupe.ini" \
    --net.host=127.0.0.1 "--net.port=$port" --auth.password_hash=minimal \
    --node.log_level=warning "${store_of_node[@]}" "$@" \
    >"$work/$name.out" 2>"$work/$name.log" &
  node=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$work/$name.out" && break
    sleep 0.1
  done
}

stop_node() {
  kill "$node"
  wait "$node" || true
}

# Every bench client comes from 127.0.0.1: no per-client limits.
lifted=(--net.max_connections=0 --net.max_connections_per_address=0
        --limits.request_rate=0 --limits.send_rate=0
        --auth.registrations_per_minute=1000000
        --auth.address_failure_limit=1000000)

start_main_node() {
  start_node troupe "${lifted[@]}"
}

start_main_node

bench() {
  "$build/apps/troupe-bench" "$@" --port "$port" --node-pid "$node"
}
# Warm-up: the first statements prepared, the allocator's arenas grown.
bench pairs --users 200 --messages 20 --prefix warm >/dev/null 2>&1

# `hostile` on a fresh node of its own, caps on (on MariaDB: the same
# database, other users); then the main node again for what follows.
run_hostile() {
  local result=0 warm_sources=() honest_sources=()
  for i in $(seq 25); do
    warm_sources+=(--source "127.0.2.$i")
    honest_sources+=(--source "127.0.1.$i")
  done
  stop_node
  start_node hostile
  bench pairs --users 200 --messages 20 --prefix warm "${warm_sources[@]}" \
    >/dev/null 2>&1
  bench hostile --users 200 --rate 1000 --messages 500 "${honest_sources[@]}" \
    "$@" || result=$?
  stop_node
  start_main_node
  return $result
}

# `idle` on a fresh node of its own too: RSS per session is what a node
# that has not run other scenarios pays (after `storm`, its sessions would
# reuse the heap `storm` grew). Then the main node again.
run_idle() {
  local result=0
  stop_node
  start_node idle "${lifted[@]}"
  bench pairs --users 200 --messages 20 --prefix warm >/dev/null 2>&1
  bench idle --sessions 19000 --threads 2 --duration 20 --ping-interval 10 \
    "$@" || result=$?
  stop_node
  start_main_node
  return $result
}

status=0
for s in $scenarios; do
  report=(--json "$out/$s.json" --svg "$out/$s.svg")
  case $s in
    pairs8)  bench pairs --users 200 --messages 1000 --window 8 "${report[@]}" ;;
    pairs1)  bench pairs --users 200 --messages 500 --window 1 "${report[@]}" ;;
    open200) bench pairs --users 200 --messages 20 --rate 200 "${report[@]}" ;;
    open5k)  bench pairs --users 200 --messages 500 --rate 5000 "${report[@]}" ;;
    offline) bench offline --users 200 --messages 1000 "${report[@]}" ;;
    storm)   bench storm --sessions 19000 --threads 2 "${report[@]}" ;;
    idle)    run_idle "${report[@]}" ;;
    # The node's limits.max_group_members (default 10000) must allow
    # --members.
    group)   bench group --members 10000 --online 1000 --senders 5 \
               --rate 20 --messages 300 --threads 2 "${report[@]}" ;;
    hostile) run_hostile "${report[@]}" ;;
    *) echo "unknown scenario $s" >&2; status=2; continue ;;
  esac >"$out/$s.txt" 2>/dev/null || status=1
  echo "== $backend $s: $out/$s.txt"
done
stop_node
exit $status
