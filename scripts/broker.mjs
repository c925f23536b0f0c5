// A broker for tests written in other languages: starts mosquitto via
// lib/broker.mjs, prints one JSON line {"tcpPort","wsPort","pid"}, and stops
// it when standard input closes (so a test that dies cannot leak it) or on
// SIGINT/SIGTERM.
//   node scripts/broker.mjs [--password-file FILE] [--tls-cert FILE --tls-key FILE]
import { startBroker } from './lib/broker.mjs';

const args = process.argv.slice(2);
const value = (name) => { const index = args.indexOf(name); return index >= 0 ? args[index + 1] : undefined; };
const tls = value('--tls-cert') ? { certfile: value('--tls-cert'), keyfile: value('--tls-key') } : undefined;
const broker = await startBroker({ passwordFile: value('--password-file'), tls });
console.log(JSON.stringify({ tcpPort: broker.tcpPort, wsPort: broker.wsPort, pid: broker.pid }));

let stopping = false;
async function stop() {
    if (stopping) return;
    stopping = true;
    await broker.stop();
    process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
