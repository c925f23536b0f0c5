// The interop brokers beside mosquitto, each started on loopback by the
// test that needs it and stopped by PID: aedes (npm, MQTT 3.1.1 only, TCP
// and WebSocket at any path) and mqttv5 (crate mqttv5-cli, MQTT 5.0 and
// 3.1.1, WebSocket only at /mqtt). Both return the same shape as
// startBroker in broker.mjs: { kind, tcpPort, wsPort, wsPath, pid, restart(), stop() }.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './broker.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** A child process on the given ports, restartable on the same ports. */
async function managed(kind, wsPath, tcpPort, wsPort, command, args, cleanup = () => {}) {
    let child;
    const launch = async () => {
        child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => { stderr += chunk; });
        const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
        await Promise.race([
            Promise.all([waitForPort(tcpPort, 20_000), waitForPort(wsPort, 20_000)]),
            exited.then((code) => { throw new Error(`${kind} exited with ${code}: ${stderr}`); }),
        ]);
    };
    const kill = async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
    };
    await launch();
    return {
        kind, tcpPort, wsPort, wsPath,
        get pid() { return child.pid; },
        kill,
        async restart() { await kill(); await launch(); },
        async stop() { await kill(); cleanup(); },
    };
}

/** aedes with a TCP and a WebSocket listener (scripts/lib/aedes-server.mjs). */
export async function startAedes() {
    const tcpPort = await freePort();
    const wsPort = await freePort();
    return managed('aedes', '/', tcpPort, wsPort, process.execPath,
        [join(here, 'aedes-server.mjs'), String(tcpPort), String(wsPort)]);
}

/** The mqttv5 binary: on PATH, else where `cargo install` puts it. */
export function mqttv5Binary() {
    return process.env.MQTTV5_BIN ?? join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'mqttv5');
}

/** mqttv5-cli's broker, anonymous and without persistence. */
export async function startMqttv5() {
    const tcpPort = await freePort();
    const wsPort = await freePort();
    const storage = mkdtempSync(join(tmpdir(), 'mqtt-deck-mqttv5-'));
    return managed('mqttv5', '/mqtt', tcpPort, wsPort, mqttv5Binary(), [
        'broker', '--host', `127.0.0.1:${tcpPort}`, '--ws-host', `127.0.0.1:${wsPort}`, '--ws-path', '/mqtt',
        '--allow-anonymous', '--no-persistence', '--non-interactive', '--storage-dir', storage,
    ], () => rmSync(storage, { recursive: true, force: true }));
}
