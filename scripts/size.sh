#!/usr/bin/env bash
# The bundle's size: raw, gzip -9 and brotli -q 11 of each wasm, js and css
# file in dist/ (with the snippets the glue imports) and in total (the budget
# is 409,600 bytes brotli, wasm + js + css), then where the bytes go: the
# largest crates and functions of the wasm as cargo built it, before
# wasm-opt, with its names (twiggy, from crates.io, installed on first use).
# Build first: trunk build --release --offline
#   scripts/size.sh [TOP]     TOP: how many functions to list (default 25)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOP="${1:-25}"
[ -d dist ] || { echo "size.sh: no dist/; run trunk build --release --offline first" >&2; exit 1; }

node - <<'NODE'
const fs = require('fs'), zlib = require('zlib'), path = require('path');
// Every file, and the snippets (the inline scripts of #[wasm_bindgen(inline_js)])
// that the glue imports: snippets/ can hold leftovers of an earlier build.
const topLevel = fs.readdirSync('dist').filter((name) => /\.(wasm|js|css)$/.test(name));
const glue = topLevel.filter((name) => name.startsWith('mqtt-deck-') && name.endsWith('.js'))
    .map((name) => fs.readFileSync(path.join('dist', name), 'utf8')).join('');
const snippets = fs.readdirSync('dist', { recursive: true })
    .filter((name) => name.startsWith('snippets/') && name.endsWith('.js') && glue.includes(name));
const files = [...topLevel, ...snippets].sort();
const rows = files.map((name) => {
    const bytes = fs.readFileSync(path.join('dist', name));
    return {
        name,
        raw: bytes.length,
        gzip: zlib.gzipSync(bytes, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
});
const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const cell = (value) => value.toLocaleString('en-US').padStart(11);
const NAME_WIDTH = 56;
console.log(`${'file'.padEnd(NAME_WIDTH)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)} ${'brotli'.padStart(11)}`);
for (const row of rows) console.log(`${row.name.padEnd(NAME_WIDTH)} ${cell(row.raw)} ${cell(row.gzip)} ${cell(row.brotli)}`);
console.log(`${'total (budget 409,600 brotli)'.padEnd(NAME_WIDTH)} ${cell(total.raw)} ${cell(total.gzip)} ${cell(total.brotli)}`);
NODE

WASM="target/wasm32-unknown-unknown/release/mqtt-deck.wasm"
[ -f "$WASM" ] || { echo "size.sh: $WASM is missing (trunk builds it)" >&2; exit 1; }
TWIGGY="${CARGO_HOME:-$HOME/.cargo}/bin/twiggy"
if [ ! -x "$TWIGGY" ]; then
    echo "size.sh: installing twiggy from crates.io (once)" >&2
    cargo install twiggy --locked >&2
fi
echo
echo "Largest crates in $WASM (before wasm-opt, bytes of code and data):"
"$TWIGGY" top -n 1000000 --format json "$WASM" | node -e '
let text = "";
process.stdin.on("data", (chunk) => { text += chunk; });
process.stdin.on("end", () => {
    const byCrate = new Map();
    for (const item of JSON.parse(text)) {
        const name = item.name;
        let crate;
        if (/^code\[\d+\]$/.test(name)) crate = "(unnamed code)";
        else if (/^data\[\d+\]$|^data segment/.test(name)) crate = "(data)";
        else if (/section|subsection|^type\[|^import |^export |^table|^memory|^global|^elem/.test(name)) crate = "(wasm sections: names, custom, types)";
        else crate = name.replace(/^<(&(mut )?)?/, "").split("::")[0].split(/[<> ]/)[0].replace(/\[.*$/, "");
        if (/^[A-Z]$/.test(crate)) crate = "(generic <T as …> impls)";
        byCrate.set(crate, (byCrate.get(crate) ?? 0) + item.shallow_size);
    }
    for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
        console.log(`${size.toLocaleString("en-US").padStart(11)}  ${crate}`);
    }
});'
echo
echo "Largest functions:"
"$TWIGGY" top -n "$TOP" "$WASM"
