// Post-build step (scripts/post-build.mjs runs it last): fills in
// public/sw.js's VERSION (a hash of every file the build produced) and
// ASSETS (those files, relative to the page) in the staged dist/, so each
// deployment that changes anything installs a new service worker and the
// page can offer the update.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { minifyScript, releaseBuild } from './lib/minify-js.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('TRUNK_STAGING_DIR is not set: this runs as a trunk post_build hook');

function files(directory) {
    return readdirSync(directory).flatMap((name) => {
        const path = join(directory, name);
        return statSync(path).isDirectory() ? files(path) : [path];
    });
}

const assets = files(staging)
    .map((path) => relative(staging, path).split(sep).join('/'))
    .filter((path) => path !== 'sw.js')
    // A settings file deployed beside the app may hold a password: never precached (demo.json holds none).
    .filter((path) => !path.endsWith('.json') || path === 'demo.json')
    .sort();
const hash = createHash('sha256');
for (const asset of assets) hash.update(asset).update(readFileSync(join(staging, asset)));
const version = hash.digest('hex').slice(0, 16);
const worker = join(staging, 'sw.js');
const source = readFileSync(worker, 'utf8')
    .replace("'__VERSION__'", JSON.stringify(version))
    .replace('__ASSETS__', JSON.stringify(['./', ...assets.filter((asset) => asset !== 'index.html'), 'index.html']));
writeFileSync(worker, releaseBuild ? await minifyScript(source, 'sw.js', { module: false }) : source);
console.log(`service worker ${version}: ${assets.length} files`);
