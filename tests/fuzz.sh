#!/usr/bin/env bash
# Fuzzes every operation of owui's own OpenAPI document (/openapi.json) with
# schemathesis and fails on any server error (5xx) or panic.
#
#   tests/fuzz.sh                      # debug build, fixed seed
#   FUZZ_EXAMPLES=100 FUZZ_SEED=7 tests/fuzz.sh
#
# The server runs on a fresh data directory on 127.0.0.1, signed in as its
# first (admin) user, from the debug build (where an arithmetic overflow
# panics instead of wrapping). The Ollama and OpenAI APIs are off, so their
# routes answer 503 "... API is disabled" as upstream does; that is the one
# 5xx allowed, and only on /ollama and /openai.
#
# Every operation is fuzzed in one pass, except the few that end the
# fuzzing session or turn the provider APIs back on: each of those is
# fuzzed alone afterwards, on a server of its own.
#
# Settings (environment):
#   OWUI_BIN        binary to fuzz (default: target/debug/owui, built first)
#   FUZZ_EXAMPLES   examples per operation (default 20)
#   FUZZ_SEED       schemathesis seed (default 1)
#   FUZZ_WORKERS    concurrent workers (default 1: Python 3.11's parser can
#                   fail inside hypothesis when several run at once)
#   FUZZ_VENV       where schemathesis is installed (default target/fuzz-venv)
#   FUZZ_KEEP=1     keep the temp dir (server logs, schemathesis output)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXAMPLES=${FUZZ_EXAMPLES:-20}
SEED=${FUZZ_SEED:-1}
WORKERS=${FUZZ_WORKERS:-1}
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
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
cleanup() {
  stop_server
  if [ "${FUZZ_KEEP:-}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# /ollama and /openai answer 503 while their API is off (upstream's answer)
printf '%s\n' \
  '[[operations]]' \
  'include-path-regex = "^/(ollama|openai)/"' \
  'checks.not_a_server_error.expected-statuses = ["2xx", "3xx", "4xx", "503"]' \
  >"$WORK/schemathesis.toml"

# A fresh server on a fresh data directory, and its first user's token.
start_server() {
  local name=$1
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  URL=http://127.0.0.1:$PORT
  mkdir -p "$WORK/$name"
  DATA_DIR=$WORK/$name ENABLE_OLLAMA_API=false ENABLE_OPENAI_API=false RUST_BACKTRACE=1 \
    "$OWUI_BIN" serve --host 127.0.0.1 --port "$PORT" >"$WORK/$name/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    curl -fs "$URL/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  if ! curl -fs "$URL/health" >/dev/null; then
    say "server did not start"
    cat "$WORK/$name/server.log" >&2
    exit 1
  fi
  TOKEN=$(curl -fs -X POST "$URL/api/v1/auths/signup" -H 'content-type: application/json' \
    -d '{"name":"Fuzz Admin","email":"fuzz@example.com","password":"fuzz-password-1"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
}

run() {
  local name=$1
  shift
  (cd "$WORK" && "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" \
    run "$URL/openapi.json" \
    -H "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error \
    --max-examples "$EXAMPLES" --seed "$SEED" --workers "$WORKERS" \
    --suppress-health-check all \
    "$@") >"$WORK/$name.txt" 2>&1
}

# Routes that end the caller's session, change the caller, or turn the
# provider APIs on: each is fuzzed last, alone, on a server of its own.
LAST=(
  '^/api/v1/auths/signout$'
  '^/api/v1/auths/update/password$'
  '^/api/v1/users/\{id\}$'
  '^/api/v1/users/\{id\}/update$'
  '^/api/v1/users/\{id\}/sessions/revoke$'
  '^/ollama/config/update$'
  '^/openai/config/update$'
  '^/api/v1/configs/import$'
)
all_last=$(
  IFS='|'
  echo "${LAST[*]}"
)

failed=()
passes=(main)
say "pass main: every other operation (seed $SEED, $EXAMPLES examples each)"
start_server main
run main --exclude-path-regex "$all_last" || failed+=(main)
stop_server
i=0
for re in "${LAST[@]}"; do
  i=$((i + 1))
  name=last$i
  passes+=("$name")
  say "pass $name: $re"
  start_server "$name"
  run "$name" --include-path-regex "$re" || failed+=("$name")
  stop_server
done

for name in "${passes[@]}"; do
  sed -n '/^Test cases:/,/^$/p' "$WORK/$name.txt" | sed "s/^/[$name] /" >&2
  if grep -q 'panicked' "$WORK/$name/server.log"; then
    say "the server panicked during $name:"
    grep -A3 'panicked' "$WORK/$name/server.log" | head -40 >&2
    failed+=("$name")
  fi
done
status=0
for name in "${failed[@]+"${failed[@]}"}"; do
  status=1
  say "$name failed:"
  sed -n '/= \(ERRORS\|FAILURES\) =/,/= SUMMARY =/p' "$WORK/$name.txt" | head -200 >&2
done
if [ "$status" -eq 0 ]; then
  say "no server errors"
else
  say "FAILED"
fi
exit "$status"
