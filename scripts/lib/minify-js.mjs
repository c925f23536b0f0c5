// Minifies one script with terser (npm) for release builds: locals are
// mangled and the code compressed; top-level names are kept, since the
// glue is an ES module whose exports the page and the wasm use by name.
import { minify } from 'terser';

/** Whether Trunk is making a release build (a debug build keeps readable scripts). */
export const releaseBuild = (process.env.TRUNK_PROFILE ?? 'release') === 'release';

/** `source` minified; `module` says whether it is an ES module (the glue, the snippets) or a classic script (the service worker). */
export async function minifyScript(source, name, { module }) {
    const result = await minify(source, { module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    if (typeof result.code !== 'string') throw new Error(`minify: terser gave no code for ${name}`);
    return result.code;
}
