// Starts a mosquitto of our own on loopback: a TCP listener (mosquitto will
// not start with only a WebSocket one) and a WebSocket listener bound to the
// `lo` interface (an address would bind it to every interface). Used by the
// run command and by every end-to-end test, so the config lives here once.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const open = await new Promise((resolve) => {
            const socket = net.connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
            socket.on('error', () => resolve(false));
        });
        if (open) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/**
 * Writes a config and starts mosquitto.
 * options: tcpPort, wsPort (free ports if absent), passwordFile, tls {certfile, keyfile} for the
 * WebSocket listener, persistent (keep sessions and queued messages across a graceful restart),
 * extraConfig (lines), log (inherit output), logFile (everything mosquitto logs, to <dir>/mosquitto.log).
 * Returns { tcpPort, wsPort, pid, dir, kill(), start(), restart(), stop() }.
 */
export async function startBroker(options = {}) {
    const tcpPort = options.tcpPort ?? await freePort();
    const wsPort = options.wsPort ?? await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'mqtt-deck-broker-'));
    // mosquitto started as root drops to its own user, which writes the persistence file here.
    if (options.persistent || options.logFile) chmodSync(dir, 0o777);
    const lines = [
        'per_listener_settings false',
        options.passwordFile ? `password_file ${options.passwordFile}` : 'allow_anonymous true',
        options.passwordFile ? 'allow_anonymous false' : '',
        options.persistent ? 'persistence true' : 'persistence false',
        options.persistent ? `persistence_location ${dir}/` : '',
        'max_queued_messages 100000',
        `listener ${tcpPort} 127.0.0.1`,
        `listener ${wsPort} lo`,
        'protocol websockets',
        ...(options.tls ? [`certfile ${options.tls.certfile}`, `keyfile ${options.tls.keyfile}`] : []),
        ...(options.logFile ? ['log_type all', `log_dest file ${dir}/mosquitto.log`] : []),
        ...(options.extraConfig ?? []),
    ].filter(Boolean);
    const configPath = join(dir, 'mosquitto.conf');
    writeFileSync(configPath, lines.join('\n') + '\n');

    let child;
    const launch = async () => {
        child = spawn('mosquitto', ['-c', configPath], { stdio: options.log ? 'inherit' : ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (chunk) => { stderr += chunk; });
        const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
        await Promise.race([
            Promise.all([waitForPort(tcpPort), waitForPort(wsPort)]),
            exited.then((code) => { throw new Error(`mosquitto exited with ${code}: ${stderr}`); }),
        ]);
    };
    await launch();
    const broker = {
        tcpPort,
        wsPort,
        dir,
        get pid() { return child.pid; },
        /** Stops this broker (only the process we started): SIGKILL, or SIGTERM when graceful. */
        async kill({ graceful = false } = {}) {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill(graceful ? 'SIGTERM' : 'SIGKILL');
            await exited;
        },
        /** Starts it again on the same ports. */
        async start() { await launch(); },
        async restart(options = {}) { await broker.kill(options); await launch(); },
        async stop() { await broker.kill(); rmSync(dir, { recursive: true, force: true }); },
    };
    return broker;
}
