// Renews the subresource integrity hashes in a built index.html after a
// post-build hook has rewritten files it names. Trunk writes each tag's
// href and integrity quoted, or unquoted once its HTML minifier has run;
// both forms are matched, and a file that index.html names without an
// integrity hash is an error rather than a silent skip.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Renews the sha384 hashes of `files` (paths relative to `staging`) in `staging`/index.html. */
export function renewIntegrity(staging, files) {
    const indexPath = join(staging, 'index.html');
    let index = readFileSync(indexPath, 'utf8');
    for (const file of files) {
        if (!index.includes(`./${file}`)) continue;
        const digest = createHash('sha384').update(readFileSync(join(staging, file))).digest('base64');
        const tag = new RegExp(`(href="?\\./${escapeRegExp(file)}"?[^>]*integrity="?)sha384-[A-Za-z0-9+/=]+`);
        if (!tag.test(index)) throw new Error(`integrity: index.html names ${file} without an integrity hash`);
        index = index.replace(tag, `$1sha384-${digest}`);
    }
    writeFileSync(indexPath, index);
}
