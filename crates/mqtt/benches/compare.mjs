// Decode throughput of crates/mqtt beside mqtt-packet 9 (npm), in the same
// run, on the same bytes: the Rust example writes each workload's stream and
// reports its own figure, then this script decodes the same files with
// mqtt-packet's parser the same way (best of three rounds of ~0.7 s of decoding each).
//   node crates/mqtt/benches/compare.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import mqttPacket from 'mqtt-packet';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const streams = join(root, 'target', 'bench-streams');
const output = execFileSync('cargo', ['run', '--quiet', '--profile', 'bench', '-p', 'mqtt', '--example', 'decode_throughput', '--', streams], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
});
const ours = output.trim().split('\n').map((line) => JSON.parse(line));

function measureMqttPacket({ file, protocolVersion, packets }) {
    const stream = readFileSync(file);
    let best = 0;
    for (let round = 0; round < 3; round++) {
        let decoded = 0;
        let elapsed = 0;
        while (elapsed < 0.7) {
            const started = process.hrtime.bigint();
            const parser = mqttPacket.parser({ protocolVersion });
            parser.on('packet', () => { decoded++; });
            parser.on('error', (error) => { throw error; });
            parser.parse(stream);
            elapsed += Number(process.hrtime.bigint() - started) / 1e9;
        }
        if (decoded % packets !== 0) throw new Error(`mqtt-packet decoded ${decoded}, not a multiple of ${packets}`);
        best = Math.max(best, decoded / elapsed);
    }
    return best;
}

const format = (value) => Math.round(value).toLocaleString('en-US').padStart(14);
console.log(`${'workload'.padEnd(18)} ${'crates/mqtt msg/s'.padStart(18)} ${'mqtt-packet msg/s'.padStart(18)}   ratio`);
for (const workload of ours) {
    const theirs = measureMqttPacket(workload);
    console.log(`${workload.name.padEnd(18)} ${format(workload.messagesPerSecond)}     ${format(theirs)}     ${(workload.messagesPerSecond / theirs).toFixed(1)}x`);
}
console.log(`(node ${process.version}, mqtt-packet ${JSON.parse(readFileSync(join(root, 'node_modules/mqtt-packet/package.json'))).version})`);
