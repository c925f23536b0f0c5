// The main job: a local mosquitto (TCP 1883, WebSocket 9001, loopback only),
// the device simulator publishing to it, and the built app on
// http://127.0.0.1:8080, which opens with the demo dashboard. Ctrl-C stops
// what it started, by PID.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startBroker } from './lib/broker.mjs';
import { serveStatic } from './lib/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const broker = await startBroker({ tcpPort: 1883, wsPort: 9001 });
console.log(`mosquitto: mqtt://127.0.0.1:${broker.tcpPort} and ws://127.0.0.1:${broker.wsPort} (pid ${broker.pid})`);
const simulator = spawn(join(root, 'target', 'release', 'mqtt-deck-simulator'), ['--host', '127.0.0.1', '--port', String(broker.tcpPort)],
    { stdio: ['ignore', 'inherit', 'inherit'] });
const simulatorExited = new Promise((resolve) => simulator.once('exit', resolve));
console.log(`simulator: pid ${simulator.pid} (a home: srv/*, home/*; the lamp listens on home/lamp/set)`);
const site = await serveStatic({ root: join(root, 'dist'), port: 8080 });
console.log(`\nMQTT Deck is running: ${site.url}\n`);
console.log('It opens with the demo dashboard. Try: mosquitto_pub -h 127.0.0.1 -t demo/hello -m hi');
console.log('Press Ctrl-C to stop.');

let stopping = false;
async function stop() {
    if (stopping) return;
    stopping = true;
    // The simulator publishes "offline" before the broker goes away.
    if (simulator.exitCode === null) simulator.kill('SIGINT');
    await simulatorExited;
    await site.close();
    await broker.stop();
    process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
