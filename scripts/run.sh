#!/usr/bin/env bash
# The README's run command: install what is missing, build the app and the
# device simulator, then start the local broker, the simulator, and serve
# the app on http://127.0.0.1:8080.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
source scripts/env.sh
trunk build --release --offline
cargo build --release --locked -p mqtt-deck-simulator
exec node scripts/run.mjs
