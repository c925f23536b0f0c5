#!/usr/bin/env bash
# Installs everything MQTT Deck needs on a fresh machine of this kind, from the
# package registries only (Debian apt, crates.io, npm). Idempotent: a second
# run skips whatever is already present at the right version.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Debian packages: broker, independent MQTT clients, browser and driver ---
APT_PACKAGES=(mosquitto mosquitto-clients chromium chromium-driver)
missing=()
for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian starts a system-wide mosquitto on 0.0.0.0:1883; we never use it and
# it would take the port our run command wants.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
    as_root systemctl disable --now mosquitto >/dev/null 2>&1 || true
fi

# --- Rust toolchain pieces (rust-toolchain.toml names the channel) ---
cd "$ROOT"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
    log "cargo install trunk $TRUNK_VERSION"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The MQTT 5.0 interop broker of the test suite (crates.io). Its lock names a
# crate version the registry lacks, so no --locked; about 4.5 min to build.
MQTTV5_VERSION="0.29.10"
if ! "${CARGO_HOME:-$HOME/.cargo}/bin/mqttv5" --version 2>/dev/null | grep -q "$MQTTV5_VERSION"; then
    log "cargo install mqttv5-cli $MQTTV5_VERSION"
    cargo install mqttv5-cli --version "$MQTTV5_VERSION"
fi

# wasm-bindgen-cli must equal the wasm-bindgen version the lock file pins.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ -z "$WASM_BINDGEN_VERSION" ]; then
    echo "setup: could not read the wasm-bindgen version from Cargo.lock" >&2
    exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
    log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # --locked fails here: the CLI's own lock names a crate the registry lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# --- npm: a current wasm-opt (Debian's binaryen 108 breaks the wasm), plus the
# peers the benchmarks compare against, the aedes interop broker and the
# browser driver for e2e tests ---
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] \
    || ! cmp -s "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.src" 2>/dev/null; then
    log "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/package-lock.json" "$ROOT/node_modules/.package-lock.json.src"
fi
"$ROOT/node_modules/.bin/wasm-opt" --version | grep -q "version ${BINARYEN_VERSION%%.*}" \
    || { echo "setup: node_modules has the wrong binaryen" >&2; exit 1; }

log "ready"
