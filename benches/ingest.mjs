// Ingest benchmark (not a timed test): how many MQTT messages per second a
// page fully processes in headless Chromium, for the app and two peers
// measured the same way in the same run:
//   raw     - a page that only counts WebSocket frames (the browser's ceiling);
//   mqtt.js - a minimal page using mqtt.js 5 from npm;
//   deck    - the release build of MQTT Deck (decoded, routed, logged, counted).
// Two regimes:
//   1. one packet per WebSocket frame, as mosquitto sends them: mosquitto_pub
//      (an independent publisher) floods a local mosquitto;
//   2. many packets per frame ([MQTT-6.0.0-2] allows it): a minimal WebSocket
//      server here answers CONNECT/SUBSCRIBE and streams QoS 0 PUBLISH
//      packets, 50 per frame.
// Every load is bounded in count and time; all traffic stays on 127.0.0.1.
//
//   node benches/ingest.mjs [--broker-messages 30000] [--packed-messages 200000] [--runs 2]
//
// Needs the release dist/ (trunk build --release --offline).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBroker } from '../scripts/lib/broker.mjs';
import { startPackingServer, PACKETS_PER_FRAME } from './lib/packing-server.mjs';
import { serveStatic } from '../scripts/lib/static-server.mjs';
import { launchBrowser } from './lib/bench-run.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const TOPIC = 'bench/ingest';
const PAYLOAD = Buffer.from('{"value":21.5}\n'.padEnd(16, ' '));
const WAIT_LIMIT_MS = 120_000;

const { values: options } = parseArgs({
    options: {
        'broker-messages': { type: 'string', default: '30000' },
        'packed-messages': { type: 'string', default: '200000' },
        runs: { type: 'string', default: '2' },
    },
});
const brokerMessages = Number(options['broker-messages']);
const packedMessages = Math.ceil(Number(options['packed-messages']) / PACKETS_PER_FRAME) * PACKETS_PER_FRAME;
const runs = Number(options.runs);

// The raw page: hand-made CONNECT and SUBSCRIBE (MQTT 5.0), then it only
// counts the frames that start with a PUBLISH header. It knows the packing.
const RAW_PAGE = `<!doctype html><meta charset="utf-8"><title>raw</title><script>
const params = new URLSearchParams(location.search);
const perFrame = Number(params.get('per_frame') || 1);
window.__count = 0;
const text = (s) => { const b = new TextEncoder().encode(s); return [b.length >> 8, b.length & 255, ...b]; };
const packet = (header, body) => { const out = [header]; let n = body.length;
  do { let d = n & 127; n >>= 7; out.push(n ? d | 128 : d); } while (n); return new Uint8Array([...out, ...body]); };
const socket = new WebSocket(params.get('url'), 'mqtt');
socket.binaryType = 'arraybuffer';
socket.onopen = () => {
  socket.send(packet(0x10, [...text('MQTT'), 5, 2, 0, 60, 0, ...text('raw-' + Math.random())]));
  socket.send(packet(0x82, [0, 1, 0, ...text(params.get('topic')), 0]));
};
socket.onmessage = (event) => { if (new Uint8Array(event.data, 0, 1)[0] === 0x30) window.__count += perFrame; };
</script>`;

// The mqtt.js page: the library's browser bundle, MQTT 5.0, QoS 0.
const MQTTJS_PAGE = `<!doctype html><meta charset="utf-8"><title>mqtt.js</title><script src="mqtt.min.js"></script><script>
const params = new URLSearchParams(location.search);
window.__count = 0;
const client = mqtt.connect(params.get('url'), { protocolVersion: 5, reconnectPeriod: 0 });
client.on('connect', () => client.subscribe(params.get('topic'), { qos: 0 }));
client.on('message', () => { window.__count++; });
</script>`;

/** Reads the page's processed-message count. */
const COUNTERS = {
    raw: () => window.__count,
    'mqtt.js': () => window.__count,
    deck: () => Number(document.querySelector('main[data-messages-received]')?.dataset.messagesReceived ?? 0),
};

/** The app's settings file for each WebSocket URL, served beside it. */
const CONFIG_NAMES = new Map();

function deckConfig(url) {
    return {
        format: 'mqtt-deck', version: 1,
        connections: [{ id: 'bench', name: 'Bench', url, mqtt_version: 5, keep_alive: 60, clean_start: true,
            session_expiry: 0, subscriptions: [{ filter: TOPIC, qos: 0 }] }],
    };
}

function pageUrl(site, peer, url, perFrame) {
    const query = new URLSearchParams({ url, topic: TOPIC, per_frame: String(perFrame) });
    if (peer === 'raw') return `${site.url}raw.html?${query}`;
    if (peer === 'mqtt.js') return `${site.url}mqttjs.html?${query}`;
    return `${site.url}?config=${CONFIG_NAMES.get(url)}`;
}

async function countOf(page, peer) {
    return page.evaluate(COUNTERS[peer]);
}

/** Waits until the page has counted `target` messages; returns the time it was seen, in ms. */
async function waitForCount(page, peer, target) {
    await page.waitForFunction(
        ([source, target]) => (0, eval)(`(${source})`)() >= target,
        [COUNTERS[peer].toString(), target],
        { polling: 20, timeout: WAIT_LIMIT_MS },
    );
    return performance.now();
}

// ---- the runs ----

async function measureBroker(context, site, broker, peer) {
    const page = await context.newPage();
    try {
        const url = `ws://127.0.0.1:${broker.wsPort}`;
        await page.goto(pageUrl(site, peer, url, 1));
        // Ready when a probe message gets through (the subscription is in place).
        const probeDeadline = Date.now() + 15_000;
        while ((await countOf(page, peer)) === 0) {
            if (Date.now() > probeDeadline) throw new Error(`${peer}: no probe message arrived`);
            await runPublisher(broker, 1);
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        const base = await countOf(page, peer);
        const started = performance.now();
        const publisher = runPublisher(broker, brokerMessages);
        const finished = await waitForCount(page, peer, base + brokerMessages);
        await publisher;
        return brokerMessages / ((finished - started) / 1000);
    } finally {
        await page.close();
    }
}

function runPublisher(broker, count) {
    return new Promise((resolve, reject) => {
        const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', TOPIC, '-l', '-q', '0'],
            { stdio: ['pipe', 'ignore', 'inherit'] });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited with ${code}`))));
        const line = `${PAYLOAD.toString().trim()}\n`;
        child.stdin.end(line.repeat(count));
    });
}

async function measurePacked(context, site, server, peer) {
    const page = await context.newPage();
    try {
        await page.goto(pageUrl(site, peer, server.url, PACKETS_PER_FRAME));
        await server.subscribed();
        await new Promise((resolve) => setTimeout(resolve, 500));
        const base = await countOf(page, peer);
        const started = performance.now();
        const streaming = server.stream(packedMessages, TOPIC, PAYLOAD);
        const finished = await waitForCount(page, peer, base + packedMessages);
        await streaming;
        return packedMessages / ((finished - started) / 1000);
    } finally {
        await page.close();
        server.reset();
    }
}

function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
    if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run trunk build --release --offline');
    const cleanups = [];
    const cleanup = async () => { for (const step of cleanups.reverse()) await step().catch(() => {}); };
    process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
    try {
        const broker = await startBroker({});
        cleanups.push(() => broker.stop());
        const server = await startPackingServer();
        cleanups.push(() => server.close());
        const extraFiles = {
            'raw.html': { body: RAW_PAGE, type: 'text/html; charset=utf-8' },
            'mqttjs.html': { body: MQTTJS_PAGE, type: 'text/html; charset=utf-8' },
            'mqtt.min.js': { body: readFileSync(join(ROOT, 'node_modules/mqtt/dist/mqtt.min.js')), type: 'text/javascript' },
        };
        for (const [name, url] of [['broker', `ws://127.0.0.1:${broker.wsPort}`], ['packed', server.url]]) {
            CONFIG_NAMES.set(url, `config-${name}.json`);
            extraFiles[`config-${name}.json`] = { body: JSON.stringify(deckConfig(url)), type: 'application/json' };
        }
        const site = await serveStatic({ root: DIST, extraFiles });
        cleanups.push(() => site.close());
        const browser = await launchBrowser(cleanups);
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

        const peers = ['raw', 'mqtt.js', 'deck'];
        const results = { broker: {}, packed: {} };
        for (const peer of peers) {
            const brokerRates = [];
            const packedRates = [];
            for (let run = 0; run < runs; run++) {
                brokerRates.push(await measureBroker(context, site, broker, peer));
                packedRates.push(await measurePacked(context, site, server, peer));
            }
            results.broker[peer] = median(brokerRates);
            results.packed[peer] = median(packedRates);
            console.log(`${peer.padEnd(8)} one packet per frame: ${brokerRates.map(Math.round).join(', ')} msg/s;`
                + ` ${PACKETS_PER_FRAME} per frame: ${packedRates.map(Math.round).join(', ')} msg/s`);
        }
        const row = (name, values) => `${name.padEnd(34)}${peers.map((peer) => String(Math.round(values[peer])).padStart(10)).join('')}`;
        console.log(`\nIngest, messages per second fully processed (median of ${runs}), headless Chromium ${browser.version()}`);
        console.log(`${''.padEnd(34)}${peers.map((peer) => peer.padStart(10)).join('')}`);
        console.log(row(`mosquitto, 1 packet/frame (${brokerMessages})`, results.broker));
        console.log(row(`packed, ${PACKETS_PER_FRAME} packets/frame (${packedMessages})`, results.packed));
        const ofRaw = results.broker.deck / results.broker.raw;
        const overMqttjs = results.packed.deck / results.packed['mqtt.js'];
        console.log(`\n1 packet/frame: deck = ${(ofRaw * 100).toFixed(1)}% of raw (target >= 95%): ${ofRaw >= 0.95 ? 'met' : 'NOT met'}`);
        console.log(`${PACKETS_PER_FRAME} packets/frame: deck = ${overMqttjs.toFixed(1)}x mqtt.js (target >= 5x): ${overMqttjs >= 5 ? 'met' : 'NOT met'}`);
    } finally {
        await cleanup();
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
