// Post-build step (scripts/post-build.mjs runs it first): gives the
// functions the WebAssembly module imports from its JavaScript glue short
// names. wasm-bindgen names each import after the function and a 16-digit
// hash (`__wbg_addEventListener_1b2c3d4e5f607182`), and each name is in the
// bundle twice, in the wasm's import section and as a key in the glue; the
// hashes do not compress. Every import of the glue's own module is renamed
// to `a`, `b`, … `a0`, … in both files, consistently, and the integrity
// hashes of the two files in index.html are renewed. Imports from the
// inline JS snippets keep their names (they are the snippets' export
// names). Runs before scripts/service-worker.mjs, which hashes the final
// files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renewIntegrity } from './lib/integrity.mjs';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: this runs as a trunk post_build hook');

const names = readdirSync(staging);
const wasmName = names.find((name) => name.endsWith('_bg.wasm'));
const glueName = wasmName && wasmName.replace(/_bg\.wasm$/, '.js');
if (!wasmName || !names.includes(glueName)) throw new Error(`short-names: no wasm and glue pair in ${staging}`);
const wasm = readFileSync(join(staging, wasmName));
let glue = readFileSync(join(staging, glueName), 'utf8');
// The module name the wasm imports the glue's functions from, as the glue hands them over.
const glueModule = glue.match(/"(\.\/[^"]+_bg\.js)": import0/)?.[1];
if (!glueModule) throw new Error(`short-names: ${glueName} does not say which module import0 is`);

function readLeb(bytes, at) {
    let value = 0, shift = 0, byte;
    do {
        byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
    } while (byte & 0x80);
    return [value, at];
}
function leb(value) {
    const out = [];
    do {
        let byte = value % 128;
        value = Math.floor(value / 128);
        if (value > 0) byte |= 0x80;
        out.push(byte);
    } while (value > 0);
    return Buffer.from(out);
}
function readName(bytes, at) {
    const [length, start] = readLeb(bytes, at);
    return [bytes.subarray(start, start + length).toString('utf8'), start + length];
}
const encodeName = (text) => Buffer.concat([leb(Buffer.byteLength(text)), Buffer.from(text, 'utf8')]);
// What follows an import's two names: its kind and type (function, table, memory, global, tag).
function skipImportType(bytes, at) {
    const kind = bytes[at++];
    if (kind === 0 || kind === 4) return readLeb(bytes, kind === 4 ? at + 1 : at)[1];
    if (kind === 1) at++; // the table's element type, then limits
    if (kind === 1 || kind === 2) {
        const flags = bytes[at++];
        at = readLeb(bytes, at)[1];
        return flags & 1 ? readLeb(bytes, at)[1] : at;
    }
    if (kind === 3) return at + 2;
    throw new Error(`short-names: unknown import kind ${kind}`);
}
function shortName(index) {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let name = letters[index % 26];
    for (let rest = Math.floor(index / 26); rest > 0; rest = Math.floor(rest / 36)) name += (rest % 36).toString(36);
    return name;
}

// The glue's module is named once per import, so it gets a short name too.
const SHORT_MODULE = 'g';
const renamed = new Map();
const sections = [];
let at = 8;
while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = readLeb(wasm, at + 1);
    const end = start + size;
    if (id !== 2) {
        sections.push(wasm.subarray(at, end));
    } else {
        const [count, first] = readLeb(wasm, start);
        const parts = [leb(count)];
        let cursor = first;
        for (let index = 0; index < count; index++) {
            const [module, afterModule] = readName(wasm, cursor);
            const [field, afterField] = readName(wasm, afterModule);
            const afterType = skipImportType(wasm, afterField);
            let [moduleName, name] = [module, field];
            if (module === glueModule) {
                if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
                [moduleName, name] = [SHORT_MODULE, renamed.get(field)];
            }
            parts.push(encodeName(moduleName), encodeName(name), wasm.subarray(afterField, afterType));
            cursor = afterType;
        }
        const body = Buffer.concat(parts);
        sections.push(Buffer.concat([Buffer.from([2]), leb(body.length), body]));
    }
    at = end;
}

for (const [long, short] of renamed) {
    const key = new RegExp(`(^|[^\\w$])${long.replace(/\$/g, '\\$')}(?=\\s*:)`, 'gm');
    const before = glue;
    glue = glue.replace(key, `$1${short}`);
    if (glue === before) throw new Error(`short-names: ${long} is not a key in ${glueName}`);
    if (new RegExp(`(^|[^\\w$])${long.replace(/\$/g, '\\$')}([^\\w$]|$)`).test(glue)) {
        throw new Error(`short-names: ${long} is used in ${glueName} other than as an import key`);
    }
}
glue = glue.replace(`"${glueModule}": import0`, `"${SHORT_MODULE}": import0`);
writeFileSync(join(staging, wasmName), Buffer.concat([wasm.subarray(0, 8), ...sections]));
writeFileSync(join(staging, glueName), glue);

renewIntegrity(staging, [wasmName, glueName]);
console.log(`short-names: ${renamed.size} imports renamed in ${wasmName} and ${glueName}`);
