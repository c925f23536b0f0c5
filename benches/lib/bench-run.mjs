// The frame of a browser benchmark: dist/ must be built; a mosquitto of its
// own on loopback; everything started is stopped, newest first, even when
// the benchmark fails, and a failure sets the exit code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBroker } from '../../scripts/lib/broker.mjs';
import { DIST } from '../../tests/e2e/harness.mjs';

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
