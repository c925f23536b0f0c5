#!/usr/bin/env bash
# The README's test command: every check and every test, from a fresh clone.
#   1. setup (idempotent)        5. native tests (codec, session, model, real-broker tests)
#   2. cargo fmt --check         6. wasm-bindgen tests in headless Chromium
#   3. clippy, host              7. release build of dist/ with trunk
#   4. clippy, wasm32            8. end-to-end tests: mosquitto + Chromium + mosquitto_pub/sub
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh
source scripts/env.sh

step "format"
cargo fmt --all --check

step "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown -p mqtt-deck --all-targets --locked -- -D warnings

step "native tests"
cargo test --workspace --locked

step "wasm-bindgen tests in headless Chromium"
cargo test --target wasm32-unknown-unknown -p mqtt-deck --test web --locked

step "release build"
trunk build --release --offline

step "end-to-end tests"
node --test --test-concurrency=1 tests/e2e/
