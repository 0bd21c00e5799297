# Shared set-up for scripts/demo and scripts/test: install what is missing, on a fresh Debian
# machine that has only the Swift toolchain. Sourced, not run.

KEEL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export KEEL_ROOT

# Swift builds leave many temporary folders behind; keep them inside the build directory.
export TMPDIR="$KEEL_ROOT/.build/tmp"
mkdir -p "$TMPDIR"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "error: need root to run: $*" >&2; echo "hint: run as root or install sudo" >&2; exit 2
  fi
}

# The PostgreSQL server (initdb, postgres), its contrib modules, and psql.
ensure_postgres() {
  local found=""
  if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then found=yes; fi
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ] && found=yes
  done
  if [ -z "$found" ]; then
    echo "installing the PostgreSQL server (apt-get install postgresql postgresql-contrib)…" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  fi
  # setpriv (util-linux) runs the server as an unprivileged user when we are root.
  if [ "$(id -u)" -eq 0 ] && ! command -v setpriv >/dev/null 2>&1; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq util-linux >/dev/null
  fi
}

# Headless Chromium, for the tests that render keel report's HTML and look at it.
ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    echo "installing Chromium for the report tests (apt-get install chromium)…" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

# The Python test tools, pinned in requirements-test.txt, in a venv inside the project.
ensure_venv() {
  local venv="$KEEL_ROOT/.venv"
  local stamp="$venv/.requirements.sha256"
  local want
  want=$(sha256sum "$KEEL_ROOT/requirements-test.txt" | cut -d' ' -f1)
  if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
      echo "installing python3-venv…" >&2
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
      rm -rf "$venv"
      python3 -m venv "$venv"
    fi
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing Python test tools into .venv…" >&2
    "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$venv/bin/python" -m pip install -q -r "$KEEL_ROOT/requirements-test.txt"
    echo "$want" > "$stamp"
  fi
  export PATH="$venv/bin:$PATH"
  export KEEL_VENV="$venv"
}
