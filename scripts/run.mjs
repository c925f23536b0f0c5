// The main job: a local mosquitto (TCP 1883, WebSocket 9001, loopback only)
// and the built app on http://127.0.0.1:8080. Ctrl-C stops what it started.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startBroker } from './lib/broker.mjs';
import { serveStatic } from './lib/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const broker = await startBroker({ tcpPort: 1883, wsPort: 9001 });
console.log(`mosquitto: mqtt://127.0.0.1:${broker.tcpPort} and ws://127.0.0.1:${broker.wsPort} (pid ${broker.pid})`);
const site = await serveStatic({ root: join(root, 'dist'), port: 8080 });
console.log(`\nMQTT Deck is running: ${site.url}\n`);
console.log('Try: mosquitto_pub -h 127.0.0.1 -t demo/hello -m hi');
console.log('Press Ctrl-C to stop.');

let stopping = false;
async function stop() {
    if (stopping) return;
    stopping = true;
    await site.close();
    await broker.stop();
    process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
