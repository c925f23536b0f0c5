// Memory soak benchmark (not a timed test): the release build in headless
// Chromium, fed 1,000 msg/s over 1,000 topics by the packing WebSocket
// server for --minutes (default 10), with the message log live and the
// explorer and a dashboard on the page. Every --every seconds (default 30)
// it prints the WebAssembly memory (the linear memory's size: it only
// grows, so a leak shows as growth) and the JS heap after a forced garbage
// collection, both in MB. The figure: growth from the end of the warm-up
// (the first sample after --warmup seconds, default 60) to the last sample.
// A peer with no WebAssembly, mqtt.js 5 (npm) keeping the same last 500
// messages, is measured the same way in the same run (--peer false skips it).
// Bounded in count and time; loopback only.
//
//   node benches/soak.mjs [--minutes 10] [--rate 1000] [--every 30] [--warmup 60] [--dist dist] [--peer true]
//                         [--log live|paused]   (paused: the log's rows stand still, to tell where memory goes)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serveStatic } from '../scripts/lib/static-server.mjs';
import { ROOT } from '../tests/e2e/harness.mjs';
import { startPackingServer } from './lib/packing-server.mjs';
import { launchBrowser } from './lib/bench-run.mjs';

const { values: options } = parseArgs({
    options: {
        minutes: { type: 'string', default: '10' },
        rate: { type: 'string', default: '1000' },
        every: { type: 'string', default: '30' },
        warmup: { type: 'string', default: '60' },
        dist: { type: 'string', default: 'dist' },
        peer: { type: 'string', default: 'true' },
        log: { type: 'string', default: 'live' },
    },
});
const seconds = Math.min(Number(options.minutes) * 60, 3600);
const rate = Math.min(Number(options.rate), 20_000);
const every = Math.max(Number(options.every), 5);
const warmup = Number(options.warmup);
const dist = resolve(ROOT, options.dist);
const TOPICS = Array.from({ length: 1000 }, (_, index) => `soak/sensor/${index}`);
const payloadFor = (index) => Buffer.from(`{"value":${(index % 997) / 10},"seq":${index}}`);
const MB = 1024 * 1024;

function settings(url) {
    const widgets = Array.from({ length: 12 }, (_, index) => ({
        id: `w${index}`, kind: ['gauge', 'text', 'indicator'][index % 3], connection: 'soak', topic: TOPICS[index],
        value_path: '$.value', min: 0, max: 100, threshold: 50,
    }));
    widgets.push({ id: 'chart', kind: 'chart', connection: 'soak', window_s: 600,
        series: [0, 1, 2].map((line) => ({ topic: TOPICS[line], value_path: '$.value' })) });
    return {
        format: 'mqtt-deck', version: 1,
        connections: [{ id: 'soak', name: 'Soak', url, mqtt_version: 5, keep_alive: 60, subscriptions: [{ filter: 'soak/#', qos: 0 }] }],
        dashboards: [{ id: 'soak', title: 'Soak', widgets }],
    };
}

// The peer: mqtt.js keeping the newest 500 messages as DOM rows, as a log does.
const PEER_PAGE = `<!doctype html><meta charset="utf-8"><title>peer</title><ol id="log"></ol>
<script src="mqtt.min.js"></script><script>
const client = mqtt.connect(new URLSearchParams(location.search).get('url'), { protocolVersion: 5 });
const kept = [];
let pending = false;
client.on('connect', () => client.subscribe('soak/#', () => { window.subscribed = true; }));
client.on('message', (topic, payload) => {
    kept.push({ topic, text: payload.toString() });
    if (kept.length > 500) kept.shift();
    if (!pending) { pending = true; setTimeout(render, 250); }
});
function render() {
    pending = false;
    const list = document.getElementById('log');
    list.replaceChildren(...kept.slice(-100).reverse().map(({ topic, text }) => {
        const row = document.createElement('li'); row.textContent = topic + ' ' + text; return row;
    }));
}
</script>`;

async function sample(page, cdp, wasmMemory) {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = wasmMemory ? await page.evaluate(() => window.__soakMemory?.buffer.byteLength ?? 0) : 0;
    return { wasm: wasm / MB, js: heap.usedSize / MB };
}

async function soak(name, browser, server, url, wasmMemory) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
        addEventListener('TrunkApplicationStarted', (event) => { window.__soakMemory = event.detail.wasm.memory; });
    });
    const cdp = await context.newCDPSession(page);
    await page.goto(url);
    await server.subscribed();
    if (wasmMemory && options.log === 'paused') await page.getByRole('button', { name: 'Pause' }).click();
    const started = Date.now();
    const streaming = server.streamAtRate({ rate, seconds, topics: TOPICS, payloadFor });
    const samples = [];
    console.log(`${name}: ${rate} msg/s over ${TOPICS.length} topics for ${seconds} s`);
    console.log('   t (s)   wasm (MB)   JS heap (MB)');
    while (Date.now() - started < seconds * 1000) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(every * 1000, started + seconds * 1000 - Date.now())));
        const at = Math.round((Date.now() - started) / 1000);
        const figures = await sample(page, cdp, wasmMemory);
        samples.push({ at, ...figures });
        console.log(`${String(at).padStart(8)} ${figures.wasm.toFixed(2).padStart(11)} ${figures.js.toFixed(2).padStart(14)}`);
    }
    const sent = await streaming;
    const received = wasmMemory ? Number(await page.locator('main[data-messages-received]').getAttribute('data-messages-received')) : sent;
    await context.close();
    server.reset();
    const base = samples.find((entry) => entry.at >= warmup) ?? samples[0];
    const last = samples[samples.length - 1];
    const growth = (key) => (base[key] > 0 ? ((last[key] - base[key]) / base[key]) * 100 : 0);
    return { name, sent, received, base, last, wasmGrowth: growth('wasm'), jsGrowth: growth('js') };
}

const cleanups = [];
try {
    const server = await startPackingServer();
    cleanups.push(() => server.close());
    const mqttJs = readFileSync(join(ROOT, 'node_modules', 'mqtt', 'dist', 'mqtt.min.js'));
    const config = JSON.stringify(settings(server.url));
    const site = await serveStatic({
        root: dist,
        extraFiles: {
            'soak.json': { body: config, type: 'application/json' },
            'peer.html': { body: PEER_PAGE, type: 'text/html' },
            'mqtt.min.js': { body: mqttJs, type: 'text/javascript' },
        },
    });
    cleanups.push(() => site.close());
    const browser = await launchBrowser(cleanups);
    const results = [await soak('MQTT Deck', browser, server, `${site.url}?config=soak.json`, true)];
    if (options.peer !== 'false') {
        results.push(await soak('mqtt.js page', browser, server, `${site.url}peer.html?url=${encodeURIComponent(server.url)}`, false));
    }
    console.log(`\nfrom ${warmup} s to the end (flat: within ±5 %):`);
    for (const result of results) {
        const wasm = result.name === 'MQTT Deck'
            ? `wasm ${result.base.wasm.toFixed(2)} → ${result.last.wasm.toFixed(2)} MB (${result.wasmGrowth.toFixed(1)} %), `
            : '';
        console.log(`  ${result.name.padEnd(13)} ${wasm}JS heap ${result.base.js.toFixed(2)} → ${result.last.js.toFixed(2)} MB (${result.jsGrowth.toFixed(1)} %); ${result.received} of ${result.sent} messages shown`);
    }
} finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}
