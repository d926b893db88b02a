#!/usr/bin/env bash
# Load run against a release build on loopback: 64 connections for 30 s on
# /api/search (hybrid, with query embedding), twice:
#   repeated  the 93 gold queries in rotation (what pagination and filter changes look
#             like: the query-vector cache answers after the first round)
#   unique    every request a new query text (each one embeds on the model)
# Needs the index from scripts/quickstart.sh; installs wrk with apt-get if missing.
# Usage: scripts/load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
conns="${2:-64}"
addr="${STDALIGN_LOAD_ADDR:-127.0.0.1:8181}"

if ! command -v wrk >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --quiet
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, sys, urllib.parse
paths = ["/api/search?q=" + urllib.parse.quote(q["query"])
         for q in json.load(open("tests/gold/search-queries.json"))]
head = "paths = {\n" + ",\n".join('  "%s"' % p for p in paths) + "\n}\ni = 0\n"
for name, suffix in [("repeated", ""), ("unique", ' .. "%20" .. math.random(1, 1000000000)')]:
    with open(f"{sys.argv[1]}/{name}.lua", "w") as f:
        f.write(head + "request = function()\n  i = i + 1\n"
                f"  return wrk.format(\"GET\", paths[(i % #paths) + 1]{suffix})\nend\n")
PY

"${CARGO_TARGET_DIR:-target}/release/stdalign" serve --addr "$addr" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "http://$addr/healthz" 2>/dev/null && break
    kill -0 $server 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.2
done
for run in repeated unique; do
    echo "== $run queries: $conns connections, ${secs}s, /api/search (hybrid)"
    wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/$run.lua" "http://$addr" |
        grep -E "requests in|Requests/sec|50%|90%|99%|Non-2xx|Socket errors"
done
