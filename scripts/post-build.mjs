// Trunk post-build hook: runs the build's finishing steps one after the
// other, because Trunk starts the hooks of one stage all at once and these
// rewrite each other's inputs:
//   1. short-names.mjs   gives the wasm's imports short names (wasm + glue);
//   2. minify.mjs        minifies the glue and the inline JS snippets;
//   3. service-worker.mjs hashes the final files into sw.js.
// Each step renews the integrity hashes of the files it rewrote.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
for (const step of ['short-names.mjs', 'minify.mjs', 'service-worker.mjs']) {
    execFileSync(process.execPath, [join(here, step)], { stdio: 'inherit', env: process.env });
}
