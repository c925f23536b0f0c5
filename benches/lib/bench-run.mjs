// The frame of a browser benchmark: dist/ must be built; a mosquitto of its
// own on loopback; everything started is stopped, newest first, even when
// the benchmark fails, and a failure sets the exit code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startBroker } from '../../scripts/lib/broker.mjs';
import { CHROMIUM_ARGS, DIST } from '../../tests/e2e/harness.mjs';

/** Runs `body({ broker, cleanups })`; push a function onto `cleanups` for each thing started. */
export function runBenchmark(body) {
    const cleanups = [];
    (async () => {
        if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run trunk build --release --offline');
        try {
            const broker = await startBroker({});
            cleanups.push(() => broker.stop());
            await body({ broker, cleanups });
        } finally {
            for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
        }
    })().catch((error) => {
        console.error(error);
        process.exitCode = 1;
    });
}

/** Headless Chromium (CHROMIUM, or Debian's), closed by `cleanups`. */
export async function launchBrowser(cleanups) {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    return browser;
}

/** uplot.js (uPlot 1.6 from npm) and a bare page that loads it, for serveStatic's extraFiles. */
export function uplotFiles() {
    return {
        'uplot.js': { body: readFileSync(new URL('../../node_modules/uplot/dist/uPlot.iife.min.js', import.meta.url)), type: 'text/javascript' },
        'uplot.html': { body: '<!doctype html><meta charset="utf-8"><body><script src="uplot.js"></script>', type: 'text/html' },
    };
}
