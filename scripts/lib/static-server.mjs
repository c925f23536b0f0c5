// A plain static file server for dist/, on loopback, optionally under a
// sub-path (as on GitHub Pages): used by the run command and the tests.
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';

const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.wasm': 'application/wasm',
    '.json': 'application/json; charset=utf-8',
    '.webmanifest': 'application/manifest+json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `root` at http://127.0.0.1:port/<subPath>. `extraFiles` maps URL paths
 * (below the sub-path) to { body, type } for test fixtures.
 * Returns { url, port, close() }.
 */
export async function serveStatic({ root, port = 0, subPath = '/', extraFiles = {} }) {
    const prefix = subPath.endsWith('/') ? subPath : `${subPath}/`;
    const server = http.createServer(async (request, response) => {
        const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
        if (!path.startsWith(prefix)) {
            response.writeHead(404).end('not found');
            return;
        }
        const relative = path.slice(prefix.length) || 'index.html';
        if (extraFiles[relative]) {
            const { body, type, status = 200 } = extraFiles[relative];
            response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
            return;
        }
        const file = normalize(join(root, relative));
        if (!file.startsWith(normalize(root))) {
            response.writeHead(403).end('forbidden');
            return;
        }
        try {
            const info = await stat(file);
            const target = info.isDirectory() ? join(file, 'index.html') : file;
            const body = await readFile(target);
            response.writeHead(200, {
                'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
                'cache-control': 'no-cache',
            }).end(body);
        } catch {
            response.writeHead(404).end('not found');
        }
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
    });
    const actualPort = server.address().port;
    return {
        port: actualPort,
        url: `http://127.0.0.1:${actualPort}${prefix}`,
        close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
    };
}
