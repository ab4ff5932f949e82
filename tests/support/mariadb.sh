#!/bin/bash
# Starts and stops the throwaway MariaDB server the tests run against: its
# own data directory, socket and port, nothing shared with a system server.
#
#   mariadb.sh start DIR   # DIR/mysqld.sock, DIR/port; user troupe/troupe-test
#   mariadb.sh stop DIR
set -euo pipefail

cmd=${1:?start or stop}
dir=${2:?directory}
PATH=$PATH:/usr/sbin:/sbin

stop() {
  if [ -f "$dir/mysqld.pid" ]; then
    local pid
    pid=$(cat "$dir/mysqld.pid")
    kill "$pid" 2>/dev/null || true
    # mariadbd removes its pid file once it has shut down.
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/mysqld.pid"
  fi
}

start() {
  stop
  rm -rf "$dir"
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --user=root --datadir="$dir/data" \
    --auth-root-authentication-method=normal --skip-test-db \
    >"$dir/install.log" 2>&1
  # Try ports until one is free; the port in use ends up in DIR/port.
  local port
  for _ in $(seq 1 20); do
    port=$((33100 + RANDOM % 2000))
    mariadbd --no-defaults --user=root --datadir="$dir/data" \
      --port="$port" --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" \
      --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" \
      --skip-log-bin --innodb-buffer-pool-size=64M --max-connections=1000 \
      </dev/null >"$dir/stdout.log" 2>&1 &
    local server=$!
    for _ in $(seq 1 150); do
      if mariadb-admin --no-defaults -uroot --socket="$dir/mysqld.sock" \
        ping >/dev/null 2>&1; then
        echo "$port" >"$dir/port"
        mariadb --no-defaults -uroot --socket="$dir/mysqld.sock" -e "
          CREATE USER 'troupe'@'127.0.0.1' IDENTIFIED BY 'troupe-test';
          GRANT ALL ON *.* TO 'troupe'@'127.0.0.1';"
        echo "MariaDB for tests on port $port, socket $dir/mysqld.sock"
        return 0
      fi
      kill -0 "$server" 2>/dev/null || break # it failed, e.g. port in use
      sleep 0.1
    done
    kill -9 "$server" 2>/dev/null || true
  done
  echo "could not start MariaDB; see $dir/error.log" >&2
  tail -n 20 "$dir/error.log" >&2 || true
  return 1
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
