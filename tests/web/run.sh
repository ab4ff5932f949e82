#!/bin/bash
# Runs the web client's browser test against a troupe-node of its own: a
# free port, a fresh SQLite file in a temporary directory, stopped (and the
# directory removed) whatever happens. Tokens live 12 s, so the pages must
# refresh theirs during the test; lists come one entry a page, so the pages
# must read every page of their friends and groups.
#   tests/web/run.sh TROUPE_NODE_BINARY [SCREENSHOT_DIR]
# Needs `npm ci` in tests/web (done by .ci/setup --tests) and chromium.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
node_binary=${1:?usage: $0 TROUPE_NODE_BINARY [SCREENSHOT_DIR]}
screenshots=${2:-$PWD/web-screenshots}

if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "web test: run 'npm ci' in tests/web first (.ci/setup --tests does)" >&2
  exit 1
fi

work=$(mktemp -d)
node_pid=
stop_node() {
  if [ -n "$node_pid" ]; then
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_node EXIT

admin_key=web-test-admin-key
mkfifo "$work/stdout"
"$node_binary" --config="$here/../../conf/troupe.ini" \
  --net.host=127.0.0.1 --net.port=0 \
  --storage.sqlite_path="$work/troupe.db" \
  --auth.password_hash=minimal --auth.secret=web-test-secret \
  --admin.key="$admin_key" --auth.token_ttl=12s --limits.max_list_items=1 \
  >"$work/stdout" 2>"$work/node.log" &
node_pid=$!

# The node prints "listening on http://ADDR:PORT" once it accepts; wait for
# that line (bounded), then keep draining its output.
exec 3<"$work/stdout"
address=
while IFS= read -r -t 20 line <&3; do
  if [[ $line =~ listening\ on\ (http://[^ ]+) ]]; then
    address=${BASH_REMATCH[1]}
    break
  fi
done
if [ -z "$address" ]; then
  echo "web test: the node did not start; its log:" >&2
  cat "$work/node.log" >&2
  exit 1
fi
cat <&3 >/dev/null &

status=0
node "$here/chat.test.mjs" "$address" "$screenshots" "$admin_key" || status=$?
if [ $status -ne 0 ]; then
  echo "web test: the node's log (last 40 lines):" >&2
  tail -n 40 "$work/node.log" >&2
fi
exit $status
