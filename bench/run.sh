#!/usr/bin/env bash
# Measures the owui release binary against the performance targets listed in
# BENCHMARKS.md and prints a Markdown summary on stdout (progress goes to
# stderr, so `bench/run.sh > summary.md` keeps only the summary).
#
#   1. start to /health      spawn -> first 200 from GET /health, empty data dir
#   2. idle RSS              VmRSS after start + a few idle seconds, and after the load
#   3. GET /api/config       signed-in throughput (req/s)
#   4. GET /api/config p99   while 8 clients sign in continuously (to the
#                            accounts, or as strangers with random emails:
#                            BENCH_SIGNIN_MODE=random)
#
# Everything runs against 127.0.0.1 on a free port with a fresh temp data dir,
# every phase is bounded in time, and the server and temp files are removed on
# exit. Numbers are recorded, not asserted: the script exits 0 when the
# measurements ran, whatever they are.
#
# Settings (environment):
#   OWUI_BIN                  binary to measure       (default: target/release/owui, built first)
#   BENCH_NO_BUILD=1          skip `cargo build --release` when target/release/owui exists
#   BENCH_DURATION            seconds per load phase  (default: 10)
#   BENCH_STARTUP_RUNS        start-up samples        (default: 5)
#   BENCH_IDLE_SECS           idle wait before RSS    (default: 3)
#   BENCH_THREADS             wrk threads, throughput (default: 1)
#   BENCH_CONNS               wrk connections, throughput (default: 32)
#   BENCH_SIGNIN_CLIENTS      concurrent sign-in clients  (default: 8)
#   BENCH_PROBE_CONNS         /api/config connections during sign-in load (default: 4)
#   BENCH_SIGNIN_USERS        accounts the sign-in load cycles through (default: 32)
#   BENCH_SIGNIN_MODE         accounts: right passwords, cycling through the
#                             accounts; random: a new random email and client
#                             address (X-Forwarded-For) per sign-in, as a flood
#                             of strangers (default: accounts). The hardening
#                             target: BENCH_SIGNIN_MODE=random
#                             BENCH_SIGNIN_CLIENTS=50, p99 <= 5 ms
#   BENCH_KEEP=1              keep the temp dir (server log, wrk output)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR="$ROOT/bench"
BIN=${OWUI_BIN:-$ROOT/target/release/owui}
DURATION=${BENCH_DURATION:-10}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5}
IDLE_SECS=${BENCH_IDLE_SECS:-3}
THREADS=${BENCH_THREADS:-1}
CONNS=${BENCH_CONNS:-32}
SIGNIN_CLIENTS=${BENCH_SIGNIN_CLIENTS:-8}
PROBE_CONNS=${BENCH_PROBE_CONNS:-4}
# Sign-ins are limited to 15 per email per 3 minutes (as upstream), so the
# sign-in load cycles through a pool of accounts: every request then verifies
# a password instead of being refused with 429.
SIGNIN_USERS=${BENCH_SIGNIN_USERS:-32}
SIGNIN_MODE=${BENCH_SIGNIN_MODE:-accounts}
case $SIGNIN_MODE in
  accounts) SIGNIN_WRK_MODE=signin ;;
  random) SIGNIN_WRK_MODE=signin-random ;;
  *) printf '[bench] error: BENCH_SIGNIN_MODE must be accounts or random\n' >&2; exit 1 ;;
esac

# Targets (recorded next to the results, never enforced).
T_STARTUP_MS=50
T_RSS_MIB=20
T_RPS=20000
T_P99_MS=5

ADMIN_NAME="Bench Admin"
ADMIN_EMAIL="bench-admin@example.com"
ADMIN_PASSWORD="bench-Passw0rd-$$"
USER_EMAIL_FMT="bench-user-%d@example.com"
USER_PASSWORD="bench-user-Passw0rd-$$"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools ----
command -v python3 >/dev/null || die "python3 is required"
command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing wrk (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2 \
      || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
  fi
  command -v wrk >/dev/null || die "wrk is required (Debian/Ubuntu: apt-get install wrk)"
fi

# The commit measured, read before the build so the two match.
if COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null); then
  [[ -n $(git -C "$ROOT" status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null) ]] && COMMIT="$COMMIT (with uncommitted changes)"
else
  COMMIT="uncommitted"
fi

# Without OWUI_BIN, bring target/release/owui up to date with the work tree
# (a no-op when it already is), so the summary's commit is what was measured.
if [[ -z ${OWUI_BIN:-} && ( ${BENCH_NO_BUILD:-0} != 1 || ! -x $BIN ) ]]; then
  log "cargo build --release"
  (cd "$ROOT" && cargo build --release >&2) || die "cargo build --release failed"
else
  COMMIT="$COMMIT (binary not rebuilt by this run: $BIN)"
fi
[[ -x $BIN ]] || die "no binary at $BIN"

# -------------------------------------------------------------- cleanup ----
WORK=$(mktemp -d "${TMPDIR:-/tmp}/owui-bench.XXXXXX")
SERVER_PID=""
LOAD_PIDS=()
# Keep a personal owui config.toml out of the measurement.
mkdir -p "$WORK/xdg-config"
export XDG_CONFIG_HOME="$WORK/xdg-config"

stop_pid() { # stop_pid PID: TERM, wait up to 5 s, then KILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  local pid
  for pid in "${LOAD_PIDS[@]}"; do stop_pid "$pid"; done
  [[ -n $SERVER_PID ]] && stop_pid "$SERVER_PID"
  if [[ $rc -ne 0 && -s $WORK/server.log ]]; then
    log "last lines of the server log:"
    tail -n 30 "$WORK/server.log" >&2 || true
  fi
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -------------------------------------------------------------- helpers ----
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

proc_kb() { # proc_kb PID FIELD -> value in kB from /proc/PID/status
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

proc_threads() { awk '$1 == "Threads:" { print $2 }' "/proc/$1/status"; }

cpu_ticks() { # user + system clock ticks of PID
  # The command name (field 2) may contain spaces: cut after the last ')'.
  sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
CLK_TCK=$(getconf CLK_TCK)

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
cpu_secs() { awk -v t="$1" -v h="$CLK_TCK" 'BEGIN { printf "%.1f", t / h }'; }

field() { # field FILE KEY -> value of KEY=... on the WRK_RESULT line
  grep '^WRK_RESULT' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'
}

met() { # met VALUE OP TARGET -> yes/no
  awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
    ok = (op == "<=") ? (v <= t) : (v >= t); print ok ? "yes" : "no" }'
}

check_wrk() { # check_wrk FILE LABEL: the run finished and printed its result line
  grep -q '^WRK_RESULT' "$1" || { cat "$1" >&2; die "$2: wrk printed no result"; }
}

# ------------------------------------------------- 1. start to /health ----
log "start-up: $STARTUP_RUNS runs, each on a fresh empty data dir"
STARTUP_JSON=$(python3 "$BENCH_DIR/startup.py" --bin "$BIN" --runs "$STARTUP_RUNS" \
  --workdir "$WORK" --log "$WORK/startup.log") || {
  tail -n 30 "$WORK/startup.log" >&2 || true
  die "start-up measurement failed"
}
json_get() { python3 -c 'import json, sys; v = json.loads(sys.argv[1])[sys.argv[2]]; print(" ".join(map(str, v)) if isinstance(v, list) else v)' "$STARTUP_JSON" "$1"; }
STARTUP_MEDIAN=$(json_get median_ms)
STARTUP_MIN=$(json_get min_ms)
STARTUP_MAX=$(json_get max_ms)
STARTUP_RUNS_MS=$(json_get runs_ms)
log "start-up: median ${STARTUP_MEDIAN} ms (runs: $STARTUP_RUNS_MS)"

# ------------------------------------------------ server with an admin ----
DATA="$WORK/data"
mkdir -p "$DATA"
log "creating the admin user via the CLI"
create_user() { # create_user NAME EMAIL PASSWORD ROLE
  printf '%s\n' "$3" | "$BIN" --data-dir "$DATA" users create --name "$1" --email "$2" \
    --password-stdin --role "$4" >>"$WORK/users-create.log" 2>&1 || {
    cat "$WORK/users-create.log" >&2
    die "owui users create failed for $2"
  }
}
create_user "$ADMIN_NAME" "$ADMIN_EMAIL" "$ADMIN_PASSWORD" admin
log "creating $SIGNIN_USERS accounts for the sign-in load"
for ((u = 1; u <= SIGNIN_USERS; u++)); do
  # shellcheck disable=SC2059
  create_user "Bench User $u" "$(printf "$USER_EMAIL_FMT" "$u")" "$USER_PASSWORD" user
done

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
log "starting the server on $BASE"
# The random sign-in load names its clients in X-Forwarded-For: the server
# must believe it from loopback (its default, set here in case the
# environment says otherwise).
FORWARDED_ALLOW_IPS=127.0.0.1 \
  "$BIN" --data-dir "$DATA" serve --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for ((i = 0; i < 1000; i++)); do # at most ~10 s
  curl -fsS -o /dev/null --max-time 1 "$BASE/health" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during start-up"
  sleep 0.01
done
curl -fsS -o /dev/null --max-time 1 "$BASE/health" || die "/health never answered 200"

# ---------------------------------------------------------- 2. idle RSS ----
sleep "$IDLE_SECS"
RSS_IDLE_KB=$(proc_kb "$SERVER_PID" VmRSS)
THREADS_IDLE=$(proc_threads "$SERVER_PID")
log "idle RSS: $(mib "$RSS_IDLE_KB") MiB, $THREADS_IDLE threads"

# ------------------------------------------------------------- sign in ----
SIGNIN_BODY=$(python3 -c 'import json, sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2]}))' \
  "$ADMIN_EMAIL" "$ADMIN_PASSWORD")
TOKEN=$(curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' \
  -d "$SIGNIN_BODY" "$BASE/api/v1/auths/signin" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])') || die "sign-in failed"
[[ -n $TOKEN ]] || die "sign-in returned no token"
CONFIG_STATUS=$(curl -sS -o "$WORK/config.json" -w '%{http_code}' --max-time 5 \
  -H "Authorization: Bearer $TOKEN" "$BASE/api/config")
[[ $CONFIG_STATUS == 200 ]] || die "GET /api/config with the token answered $CONFIG_STATUS"
CONFIG_BYTES=$(wc -c <"$WORK/config.json")
log "signed in; /api/config answers 200 ($CONFIG_BYTES bytes)"

AUTH="Authorization: Bearer $TOKEN"
export BENCH_EMAIL=$USER_EMAIL_FMT BENCH_PASSWORD=$USER_PASSWORD BENCH_USERS=$SIGNIN_USERS

# ---------------------------------------- 3. /api/config throughput ----
log "warm-up: 2 s of GET /api/config"
BENCH_MODE=get wrk -t1 -c8 -d2s --timeout 5s -H "$AUTH" -s "$BENCH_DIR/wrk.lua" \
  "$BASE/api/config" >"$WORK/warmup.txt" 2>&1 || true

log "throughput: wrk -t$THREADS -c$CONNS -d${DURATION}s GET /api/config"
CPU0=$(cpu_ticks "$SERVER_PID")
BENCH_MODE=get wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency \
  -H "$AUTH" -s "$BENCH_DIR/wrk.lua" "$BASE/api/config" >"$WORK/throughput.txt" 2>&1
CPU1=$(cpu_ticks "$SERVER_PID")
check_wrk "$WORK/throughput.txt" throughput
TP_RPS=$(field "$WORK/throughput.txt" rps)
TP_P99=$(field "$WORK/throughput.txt" p99_us)
TP_ERR=$(( $(field "$WORK/throughput.txt" errors) + $(field "$WORK/throughput.txt" http_errors) ))
TP_CPU=$(cpu_secs $((CPU1 - CPU0)))
log "throughput: $TP_RPS req/s, p99 $(ms "$TP_P99") ms, errors $TP_ERR, server CPU ${TP_CPU} s"

# ------------------------- 4. /api/config latency while sign-ins run ----
SIGNIN_SECS=$((DURATION + 2))
log "mixed: $SIGNIN_CLIENTS sign-in clients ($SIGNIN_MODE) for ${SIGNIN_SECS}s; after 1 s, GET /api/config with $PROBE_CONNS connections for ${DURATION}s"
CPU0=$(cpu_ticks "$SERVER_PID")
BENCH_MODE=$SIGNIN_WRK_MODE wrk -t1 -c"$SIGNIN_CLIENTS" -d"${SIGNIN_SECS}s" --timeout 30s \
  -s "$BENCH_DIR/wrk.lua" "$BASE/api/v1/auths/signin" >"$WORK/signin.txt" 2>&1 &
SIGNIN_PID=$!
LOAD_PIDS+=("$SIGNIN_PID")
sleep 1
BENCH_MODE=get wrk -t1 -c"$PROBE_CONNS" -d"${DURATION}s" --timeout 5s --latency \
  -H "$AUTH" -s "$BENCH_DIR/wrk.lua" "$BASE/api/config" >"$WORK/probe.txt" 2>&1
wait "$SIGNIN_PID" || true
LOAD_PIDS=()
CPU1=$(cpu_ticks "$SERVER_PID")
check_wrk "$WORK/signin.txt" "sign-in load"
check_wrk "$WORK/probe.txt" "config probe"
SI_RPS=$(field "$WORK/signin.txt" rps)
SI_REQS=$(field "$WORK/signin.txt" requests)
SI_P50=$(field "$WORK/signin.txt" p50_us)
SI_P99=$(field "$WORK/signin.txt" p99_us)
SI_ERR=$(( $(field "$WORK/signin.txt" errors) + $(field "$WORK/signin.txt" http_errors) ))
PR_RPS=$(field "$WORK/probe.txt" rps)
PR_P50=$(field "$WORK/probe.txt" p50_us)
PR_P99=$(field "$WORK/probe.txt" p99_us)
PR_MAX=$(field "$WORK/probe.txt" max_us)
PR_ERR=$(( $(field "$WORK/probe.txt" errors) + $(field "$WORK/probe.txt" http_errors) ))
MIX_CPU=$(cpu_secs $((CPU1 - CPU0)))
log "sign-in: $SI_REQS requests ($SI_RPS/s), p50 $(ms "$SI_P50") ms, errors $SI_ERR"
log "config under sign-in load: p50 $(ms "$PR_P50") ms, p99 $(ms "$PR_P99") ms, $PR_RPS req/s, errors $PR_ERR"

# ------------------------------------------------------ RSS after load ----
sleep "$IDLE_SECS"
RSS_AFTER_KB=$(proc_kb "$SERVER_PID" VmRSS)
RSS_PEAK_KB=$(proc_kb "$SERVER_PID" VmHWM)
THREADS_AFTER=$(proc_threads "$SERVER_PID")
log "RSS after load: $(mib "$RSS_AFTER_KB") MiB (peak $(mib "$RSS_PEAK_KB") MiB), $THREADS_AFTER threads"

# ------------------------------------------------------------- summary ----
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM_GIB=$(awk '/^MemTotal/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
WRK_VERSION=$(wrk --version 2>&1 | head -n 1 | awk '{ print $2 }' || true)

note_errors() { [[ $1 -gt 0 ]] && printf ' (%s failed requests)' "$1" || true; }

cat <<EOF
## owui benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')

- commit: \`$COMMIT\`
- machine: $(nproc) CPUs, ${CPU_MODEL:-unknown CPU}, ${MEM_GIB} GiB RAM, Linux $(uname -r)
- load generator: wrk ${WRK_VERSION:-?} on the same machine (it shares the CPUs with the server)
- command: \`bench/run.sh\` (BENCH_DURATION=$DURATION, BENCH_THREADS=$THREADS, BENCH_CONNS=$CONNS, BENCH_SIGNIN_CLIENTS=$SIGNIN_CLIENTS, BENCH_PROBE_CONNS=$PROBE_CONNS, BENCH_SIGNIN_USERS=$SIGNIN_USERS, BENCH_SIGNIN_MODE=$SIGNIN_MODE)

| Measurement | Target | Result | Met |
| --- | --- | --- | --- |
| Start to first 200 from \`/health\` (empty data dir, median of $STARTUP_RUNS) | ≤ ${T_STARTUP_MS} ms | ${STARTUP_MEDIAN} ms (min ${STARTUP_MIN}, max ${STARTUP_MAX}) | $(met "$STARTUP_MEDIAN" "<=" "$T_STARTUP_MS") |
| Idle RSS (${IDLE_SECS} s after start) | ≤ ${T_RSS_MIB} MiB | $(mib "$RSS_IDLE_KB") MiB; after the load $(mib "$RSS_AFTER_KB") MiB, peak $(mib "$RSS_PEAK_KB") MiB | $(met "$(mib "$RSS_IDLE_KB")" "<=" "$T_RSS_MIB") |
| \`GET /api/config\` signed in, throughput | ≥ ${T_RPS} req/s | ${TP_RPS} req/s (p99 $(ms "$TP_P99") ms)$(note_errors "$TP_ERR") | $(met "$TP_RPS" ">=" "$T_RPS") |
| \`GET /api/config\` p99 while ${SIGNIN_CLIENTS} clients sign in ($SIGNIN_MODE) | ≤ ${T_P99_MS} ms | $(ms "$PR_P99") ms (p50 $(ms "$PR_P50") ms, max $(ms "$PR_MAX") ms, ${PR_RPS} req/s)$(note_errors "$PR_ERR") | $(met "$(ms "$PR_P99")" "<=" "$T_P99_MS") |

Details:

- start-up runs (ms): ${STARTUP_RUNS_MS}
- threads: ${THREADS_IDLE} idle, ${THREADS_AFTER} after the load
- throughput phase: server used ${TP_CPU} CPU-s in ${DURATION} s; \`/api/config\` body ${CONFIG_BYTES} bytes
- sign-in load ($SIGNIN_MODE): ${SI_REQS} sign-ins in ${SIGNIN_SECS} s (${SI_RPS}/s), p50 $(ms "$SI_P50") ms, p99 $(ms "$SI_P99") ms$(note_errors "$SI_ERR")$([[ $SIGNIN_MODE == random ]] && printf '%s' ' (random emails: every one is refused, 400 after a hash or 429 when the hashing queue is full)'); server used ${MIX_CPU} CPU-s during the mixed phase

Load commands (\$TOKEN from POST /api/v1/auths/signin, \$URL = http://127.0.0.1:PORT):

\`\`\`sh
BENCH_MODE=get wrk -t$THREADS -c$CONNS -d${DURATION}s --timeout 5s --latency -H "Authorization: Bearer \$TOKEN" -s bench/wrk.lua \$URL/api/config
# concurrently:
BENCH_MODE=$SIGNIN_WRK_MODE BENCH_USERS=$SIGNIN_USERS BENCH_EMAIL='$USER_EMAIL_FMT' BENCH_PASSWORD=... wrk -t1 -c$SIGNIN_CLIENTS -d${SIGNIN_SECS}s --timeout 30s -s bench/wrk.lua \$URL/api/v1/auths/signin
BENCH_MODE=get wrk -t1 -c$PROBE_CONNS -d${DURATION}s --timeout 5s --latency -H "Authorization: Bearer \$TOKEN" -s bench/wrk.lua \$URL/api/config
\`\`\`
EOF
