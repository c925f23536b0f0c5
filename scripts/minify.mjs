// Post-build step (release builds; scripts/post-build.mjs runs it second):
// minifies the JavaScript that Trunk's own minifier leaves alone, the
// wasm-bindgen glue and the inline JS snippets of
// `#[wasm_bindgen(inline_js)]` (lib/minify-js.mjs), and renews their
// integrity hashes in index.html. Runs after scripts/short-names.mjs,
// which finds the glue's import keys by their long names, and before
// scripts/service-worker.mjs, which hashes the final files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renewIntegrity } from './lib/integrity.mjs';
import { minifyScript, releaseBuild } from './lib/minify-js.mjs';

const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: this runs as a trunk post_build hook');
if (!releaseBuild) process.exit(0);

const scripts = readdirSync(staging, { recursive: true })
    .map((name) => name.split('\\').join('/'))
    .filter((name) => name.endsWith('.js') && (/^mqtt-deck-[0-9a-f]+\.js$/.test(name) || name.startsWith('snippets/')));
if (!scripts.some((name) => name.startsWith('mqtt-deck-'))) throw new Error(`minify: no wasm-bindgen glue in ${staging}`);

let before = 0, after = 0;
for (const name of scripts) {
    const path = join(staging, name);
    const source = readFileSync(path, 'utf8');
    const code = await minifyScript(source, name, { module: true });
    writeFileSync(path, code);
    before += Buffer.byteLength(source);
    after += Buffer.byteLength(code);
}
renewIntegrity(staging, scripts);
console.log(`minify: ${scripts.length} scripts, ${before} → ${after} bytes`);
