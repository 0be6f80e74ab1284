#!/usr/bin/env bash
# The chat list over HTTP at size: 10,000 chats of one user (imported with
# the CLI), then `GET /api/v1/chats/?page=1` (the sidebar's first page) under
# wrk, and the time of a search through `GET /api/v1/chats/search`.
# Core-level numbers (search, append to a 5,000-message chat) come from
# `cargo bench --bench chats`; the calls on one 5,000-message chat over HTTP
# (open, rename, add a message, save the whole document) from
# `cargo bench --bench chats_http` (run it three times on a busy machine). Prints Markdown on stdout; exits 0 whatever
# the numbers are. Traffic goes to 127.0.0.1 only; every phase is bounded.
#
#   OWUI_BIN        binary (default: target/release/owui, built first)
#   BENCH_DURATION  seconds of wrk load (default: 10)
#   BENCH_CONNS     wrk connections (default: 32)
#   BENCH_CHATS     chats to import (default: 10000)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${OWUI_BIN:-$ROOT/target/release/owui}
DURATION=${BENCH_DURATION:-10}
CONNS=${BENCH_CONNS:-32}
N=${BENCH_CHATS:-10000}
log() { printf '[bench] %s\n' "$*" >&2; }

[ -n "${OWUI_BIN:-}" ] || (cd "$ROOT" && cargo build --release --quiet --bin owui)
command -v wrk >/dev/null || { log "wrk is missing (Debian: apt-get install wrk)"; exit 1; }

TMP=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
owui() { "$BIN" --data-dir "$TMP/data" "$@"; }

log "creating a user and $N chats"
owui users create --name Bench --email bench@example.com --password-stdin --role admin <<<"bench-password" >/dev/null
python3 - "$N" >"$TMP/chats.ndjson" <<'PY'
import json, sys
words = "river lamp orbit quartz meadow signal harbor pixel canyon velvet engine lantern summit cobalt willow fractal ember tundra glacier prism".split()
def text(seed, n): return " ".join(words[(seed * 7 + i * 13) % len(words)] for i in range(n))
for i in range(int(sys.argv[1])):
    extra = " xylophone" if i % 2000 == 0 else ""
    doc = {"title": f"Chat {i}: {text(i, 3)}", "models": ["m"], "messages": [],
           "history": {"currentId": "b", "messages": {
               "a": {"id": "a", "parentId": None, "role": "user", "content": text(i, 40) + extra, "timestamp": 1},
               "b": {"id": "b", "parentId": "a", "role": "assistant", "content": text(i + 1, 120), "done": True, "timestamp": 2}}}}
    print(json.dumps({"chat": doc, "created_at": 1700000000 + i, "updated_at": 1700000000 + i}))
PY
t0=$(date +%s.%N)
owui chats import "$TMP/chats.ndjson" 2>/dev/null
t1=$(date +%s.%N)
log "imported in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=warn "$BIN" --data-dir "$TMP/data" serve --host 127.0.0.1 --port "$PORT" 2>"$TMP/server.log" &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.05; done
TOKEN=$(curl -sf -H 'content-type: application/json' -d '{"email":"bench@example.com","password":"bench-password"}' \
  "http://127.0.0.1:$PORT/api/v1/auths/signin" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
COUNT=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/chats/?page=1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
log "first page has $COUNT chats; wrk for ${DURATION}s"

BENCH_MODE=get wrk -t1 -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency \
  -H "Authorization: Bearer $TOKEN" -s "$ROOT/bench/wrk.lua" "http://127.0.0.1:$PORT/api/v1/chats/?page=1" >"$TMP/wrk.txt"
RPS=$(awk '/^Requests\/sec/ {print $2}' "$TMP/wrk.txt")
P99=$(awk '$1 == "99%" {print $2}' "$TMP/wrk.txt" | head -1)

search_ms() {
  python3 - "$PORT" "$TOKEN" "$1" <<'PY'
import sys, time, urllib.request, urllib.parse
port, token, text = sys.argv[1], sys.argv[2], sys.argv[3]
url = f"http://127.0.0.1:{port}/api/v1/chats/search?text={urllib.parse.quote(text)}"
times = []
for _ in range(20):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    t = time.perf_counter(); urllib.request.urlopen(req).read(); times.append((time.perf_counter() - t) * 1000)
times.sort(); print(f"{times[len(times)//2]:.2f} ms")
PY
}
S1=$(search_ms xylophone)
S2=$(search_ms "quartz meadow")

echo "| measurement (HTTP, release, $N chats) | result |"
echo "| --- | --- |"
echo "| \`GET /api/v1/chats/?page=1\` throughput ($CONNS connections) | $RPS req/s |"
echo "| \`GET /api/v1/chats/?page=1\` p99 | $P99 |"
echo "| \`GET /api/v1/chats/search?text=xylophone\` (rare word), median of 20 | $S1 |"
echo "| \`GET /api/v1/chats/search?text=quartz meadow\` (common words), median of 20 | $S2 |"
