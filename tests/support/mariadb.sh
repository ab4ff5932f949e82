#!/bin/bash
# Starts and stops the throwaway MariaDB servers the tests run against: own
# data directory, socket and port, nothing shared with a system server.
#
#   mariadb.sh start DIR        # fresh server; DIR/mysqld.sock, DIR/port;
#                               # user troupe/troupe-test, database troupe
#   mariadb.sh stop DIR         # stops it, keeps its data
#   mariadb.sh resume DIR PORT  # starts it again on PORT with its data
set -euo pipefail

cmd=${1:?start, stop or resume}
dir=${2:?directory}
PATH=$PATH:/usr/sbin:/sbin

stop() {
  [ -f "$dir/mysqld.pid" ] || return 0
  local pid
  pid=$(cat "$dir/mysqld.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/mysqld.pid"
}

# Runs mariadbd on port $1 and waits until it answers; fails if it exits
# first (e.g. the port is taken).
launch() {
  local port=$1
  mariadbd --no-defaults --user=root --datadir="$dir/data" \
    --port="$port" --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
    --skip-log-bin --innodb-buffer-pool-size=64M --max-connections=1000 \
    </dev/null >>"$dir/stdout.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 150); do
    if mariadb-admin --no-defaults -uroot --socket="$dir/mysqld.sock" \
      ping >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      return 0
    fi
    kill -0 "$server" 2>/dev/null || return 1
    sleep 0.1
  done
  kill -9 "$server" 2>/dev/null || true
  return 1
}

start() {
  stop
  rm -rf "$dir"
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
    --auth-root-authentication-method=normal --skip-test-db \
    >"$dir/install.log" 2>&1
  for _ in $(seq 1 20); do
    if launch $((33100 + RANDOM % 2000)); then
      mariadb --no-defaults -uroot --socket="$dir/mysqld.sock" -e "
        CREATE USER 'troupe'@'127.0.0.1' IDENTIFIED BY 'troupe-test';
        GRANT ALL ON *.* TO 'troupe'@'127.0.0.1';
        CREATE DATABASE troupe;"
      echo "MariaDB for tests on port $(cat "$dir/port"), socket $dir/mysqld.sock"
      return 0
    fi
  done
  echo "could not start MariaDB; see $dir/error.log" >&2
  tail -n 20 "$dir/error.log" >&2 || true
  return 1
}

case $cmd in
  start) start ;;
  stop) stop ;;
  resume) launch "${3:?port}" ;;
  *) echo "usage: $0 start|stop|resume DIR [PORT]" >&2; exit 2 ;;
esac
