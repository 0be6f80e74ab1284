#!/usr/bin/env bash
# Fuzzes every operation of owui's own OpenAPI document (/openapi.json) with
# schemathesis and fails on any server error (5xx) or panic.
#
#   tests/fuzz.sh                      # debug build, fixed seed
#   FUZZ_EXAMPLES=100 FUZZ_SEED=7 tests/fuzz.sh
#
# The server runs on a fresh data directory on 127.0.0.1, signed in as its
# first (admin) user. The Ollama and OpenAI APIs are off, so their routes
# answer 503 "... API is disabled" as upstream does; that is the one 5xx
# allowed, and only on /ollama and /openai.
#
# Two passes: first everything except the routes that end the fuzzing
# session or turn the provider APIs back on; then those routes.
#
# Settings (environment):
#   OWUI_BIN        binary to fuzz (default: target/debug/owui, built first)
#   FUZZ_EXAMPLES   examples per operation (default 20)
#   FUZZ_SEED       schemathesis seed (default 1)
#   FUZZ_WORKERS    concurrent workers (default 2)
#   FUZZ_VENV       where schemathesis is installed (default target/fuzz-venv)
#   FUZZ_KEEP=1     keep the temp dir (server log, schemathesis output)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXAMPLES=${FUZZ_EXAMPLES:-20}
SEED=${FUZZ_SEED:-1}
WORKERS=${FUZZ_WORKERS:-2}
VENV=${FUZZ_VENV:-$ROOT/target/fuzz-venv}
SCHEMATHESIS_VERSION=4.32.5

say() { printf '[fuzz] %s\n' "$*" >&2; }

if [ -z "${OWUI_BIN:-}" ]; then
  say "building owui"
  (cd "$ROOT" && cargo build --quiet --bin owui)
  OWUI_BIN=$ROOT/target/debug/owui
fi

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  say "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ "${FUZZ_KEEP:-}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
mkdir -p "$WORK/data"
DATA_DIR=$WORK/data ENABLE_OLLAMA_API=false ENABLE_OPENAI_API=false RUST_BACKTRACE=1 \
  "$OWUI_BIN" serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -fs "$URL/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$URL/health" >/dev/null || { say "server did not start"; cat "$WORK/server.log" >&2; exit 1; }

TOKEN=$(curl -fs -X POST "$URL/api/v1/auths/signup" -H 'content-type: application/json' \
  -d '{"name":"Fuzz Admin","email":"fuzz@example.com","password":"fuzz-password-1"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# /ollama and /openai answer 503 while their API is off (upstream's answer)
cat >"$WORK/schemathesis.toml" <<'EOF'
[[operations]]
include-path-regex = "^/(ollama|openai)/"
checks.not_a_server_error.expected-statuses = ["2xx", "3xx", "4xx", "503"]
EOF

# routes that end the session, change the caller, or turn the providers on
LAST='^/api/v1/auths/(signout|update/password)$|^/api/v1/users/\{id\}(/update|/sessions/revoke)?$|^/(ollama|openai)/config/update$|^/api/v1/configs/import$'

run() {
  local name=$1; shift
  say "pass '$name' (seed $SEED, $EXAMPLES examples per operation)"
  (cd "$WORK" && "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" run "$URL/openapi.json" \
    -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error \
    --max-examples "$EXAMPLES" --seed "$SEED" --workers "$WORKERS" \
    --suppress-health-check all \
    "$@") >"$WORK/$name.txt" 2>&1
}

status=0
run main --exclude-path-regex "$LAST" || status=1
run last --include-path-regex "$LAST" || status=1

for name in main last; do
  sed -n '/= SUMMARY =/,$p' "$WORK/$name.txt" >&2
  if [ "$status" -ne 0 ]; then
    sed -n '/= FAILURES =/,/= SUMMARY =/p;/= ERRORS =/,/= FAILURES =/p' "$WORK/$name.txt" | head -200 >&2
  fi
done
if grep -q 'panicked' "$WORK/server.log"; then
  say "the server panicked:"
  grep -A3 'panicked' "$WORK/server.log" | head -40 >&2
  status=1
fi
if [ "$status" -eq 0 ]; then
  say "no server errors"
else
  say "FAILED"
fi
exit "$status"
