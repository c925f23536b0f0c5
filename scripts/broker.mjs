// A broker for tests written in other languages: starts mosquitto via
// lib/broker.mjs (or aedes or mqttv5 via lib/other-brokers.mjs), prints one
// JSON line {"tcpPort","wsPort","wsPath","pid"}, restarts it on the same
// ports when it reads the line "restart" (then prints "restarted"), and stops
// it when standard input closes (so a test that dies cannot leak it) or on
// SIGINT/SIGTERM.
//   node scripts/broker.mjs [--kind mosquitto|aedes|mqttv5] [--password-file FILE] [--tls-cert FILE --tls-key FILE]
import { createInterface } from 'node:readline';
import { startBroker } from './lib/broker.mjs';
import { startAedes, startMqttv5 } from './lib/other-brokers.mjs';

const args = process.argv.slice(2);
const value = (name) => { const index = args.indexOf(name); return index >= 0 ? args[index + 1] : undefined; };
const tls = value('--tls-cert') ? { certfile: value('--tls-cert'), keyfile: value('--tls-key') } : undefined;
const kind = value('--kind') ?? 'mosquitto';
const starters = {
    mosquitto: () => startBroker({ passwordFile: value('--password-file'), tls }),
    aedes: startAedes,
    mqttv5: startMqttv5,
};
if (!starters[kind]) throw new Error(`unknown broker kind ${kind}`);
const broker = await starters[kind]();
console.log(JSON.stringify({ tcpPort: broker.tcpPort, wsPort: broker.wsPort, wsPath: broker.wsPath ?? '/', pid: broker.pid }));

let stopping = false;
async function stop() {
    if (stopping) return;
    stopping = true;
    await broker.stop();
    process.exit(0);
}
const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
    if (line.trim() === 'restart') {
        await broker.restart();
        console.log('restarted');
    }
});
lines.on('close', stop);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
