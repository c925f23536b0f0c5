// The browser client under the conditions phones and real brokers create:
// a broker that dies and comes back, a burst of 10,000 messages, a wrong
// password, wss:// with a self-signed certificate, a hidden tab, saved
// profiles with and without a remembered password, and broken storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub, mosquittoSub, setPageHidden, publishFromPage, showScreen } from './harness.mjs';

const SETTINGS_KEY = 'mqtt-deck.settings.v1';

/** Counts the CONNECT packets the page sends (first byte 0x10). */
function countConnects(page) {
    const counter = { count: 0 };
    page.on('websocket', (socket) => socket.on('framesent', (frame) => {
        if (Buffer.from(frame.payload)[0] === 0x10) counter.count++;
    }));
    return counter;
}

test('broker killed and restarted: reconnecting, then connected; QoS 1 messages queued offline all arrive', async (t) => {
    const env = await startEnvironment(t, { broker: { persistent: true } });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    // An independent subscriber with a persistent session: it subscribes now, goes away,
    // and collects what was queued for it once the page has delivered its messages.
    const subscriberSession = ['-c', '-i', 'independent-sub', '-q', '1'];
    const first = mosquittoSub(t, broker, 'queued/#', { count: 1, timeoutMs: 1_000, args: subscriberSession });
    await first.ready;
    await first.messages.catch(() => {}); // exits after 1 s with nothing, keeping its session

    await broker.kill({ graceful: true });
    await waitForConnectionState(page, 'reconnecting');
    for (const index of [1, 2, 3]) await publishFromPage(page, { topic: `queued/${index}`, payload: `offline ${index}`, qos: 1 });
    await page.locator('[data-connection-id="local"] [data-queued="3"]').waitFor({ timeout: 5_000 });

    await broker.start();
    // The backoff is 1 s doubling to 30 s; two or three failed tries happened at most.
    await waitForConnectionState(page, 'connected', { timeout: 20_000 });
    await page.locator('[data-queued]').waitFor({ state: 'detached', timeout: 5_000 });
    const resumed = mosquittoSub(t, broker, 'queued/#', { count: 3, timeoutMs: 10_000, args: subscriberSession });
    const received = await resumed.messages;
    assert.deepEqual(received.map((message) => message.payload).sort(), ['offline 1', 'offline 2', 'offline 3']);
    assert.ok(received.every((message) => message.qos === 1));
    // The page subscribed again after the broker forgot it (clean start): new messages still show.
    await showScreen(page, 'Log');
    await mosquittoPub(broker, 'demo/after-restart', 'back');
    await page.locator('.message[data-topic="demo/after-restart"]').waitFor({ timeout: 10_000 });
});

test('a burst of 10,000 QoS 0 messages is counted in full and the page stays responsive', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { subscriptions: [{ filter: 'burst/#', qos: 0 }] }) });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(page, 'connected');
    const lines = Array.from({ length: 10_000 }, (_, index) => `message ${index}`).join('\n') + '\n';
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', 'burst/x', '-l'], { input: lines });
    await page.locator('[data-received-count="10000"]').waitFor({ timeout: 30_000 });
    // A click is still handled: the connection manager opens.
    const started = Date.now();
    await showScreen(page, 'Connections');
    await page.locator('#manager-title').waitFor({ timeout: 5_000 });
    console.log(`click handled ${Date.now() - started} ms after the burst was counted`);
    // The rows follow within a refresh (at most 4 a second); the newest is the last one sent.
    await showScreen(page, 'Log');
    await page.locator('.message').first().locator('.payload', { hasText: /^message 9999$/ }).waitFor({ timeout: 5_000 });
});

test('a wrong password fails with a message naming the cause, and does not retry', async (t) => {
    const passwordDir = execFileSync('mktemp', ['-d']).toString().trim();
    t.after(() => execFileSync('rm', ['-rf', passwordDir]));
    const passwordFile = join(passwordDir, 'passwords');
    execFileSync('mosquitto_passwd', ['-c', '-b', passwordFile, 'deck', 'right-password']);
    // mosquitto started as root drops to its own user, which must be able to read the file.
    execFileSync('chmod', ['a+rx', passwordDir]);
    execFileSync('chmod', ['a+r', passwordFile]);
    for (const mqttVersion of [5, 4]) {
        const env = await startEnvironment(t, {
            broker: { passwordFile },
            config: (broker) => configFor(broker, { mqtt_version: mqttVersion, username: 'deck', password: 'wrong-password' }),
        });
        const connects = countConnects(env.page);
        await env.page.goto(env.appUrl());
        await waitForConnectionState(env.page, 'failed');
        const detail = await env.page.locator('[data-connection-id="local"] .connection-detail').textContent();
        assert.match(detail, /refused the connection: (bad user name or password|not authorized)/, `MQTT ${mqttVersion}`);
        // The first retry would come after about a second; a refusal is final until the user acts.
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        assert.equal(connects.count, 1, `MQTT ${mqttVersion}: CONNECT sent once, no retry`);
        assert.equal(await env.page.locator('[data-connection-id="local"]').getAttribute('data-connection-state'), 'failed');
    }
    // And the right password connects.
    const env = await startEnvironment(t, {
        broker: { passwordFile },
        config: (broker) => configFor(broker, { username: 'deck', password: 'right-password' }),
    });
    await env.page.goto(env.appUrl());
    await waitForConnectionState(env.page, 'connected');
});

test('wss:// to mosquitto with a self-signed certificate', async (t) => {
    const certDir = execFileSync('mktemp', ['-d']).toString().trim();
    t.after(() => execFileSync('rm', ['-rf', certDir]));
    const certfile = join(certDir, 'cert.pem');
    const keyfile = join(certDir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyfile, '-out', certfile], { stdio: 'ignore' });
    execFileSync('chmod', ['-R', 'a+rX', certDir]);
    const env = await startEnvironment(t, {
        broker: { tls: { certfile, keyfile } },
        config: (broker) => configFor(broker, { url: `wss://127.0.0.1:${broker.wsPort}` }),
        chromiumArgs: ['--ignore-certificate-errors'],
    });
    await env.page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(env.page, 'connected');
    await mosquittoPub(env.broker, 'demo/tls', 'encrypted');
    await env.page.locator('.message[data-topic="demo/tls"]').waitFor({ timeout: 10_000 });
});

test('a hidden tab keeps its connection past the keep-alive interval and shows what arrived meanwhile', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { keep_alive: 2 }) });
    const { page, broker } = env;
    const connects = countConnects(page);
    await page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(page, 'connected');
    await setPageHidden(page, true);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await mosquittoPub(broker, 'demo/while-hidden', 'arrived');
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // 8 s hidden: four keep-alive intervals
    assert.equal(await page.locator('[data-connection-id="local"]').getAttribute('data-connection-state'), 'connected');
    await setPageHidden(page, false);
    await page.locator('.message[data-topic="demo/while-hidden"]').waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('[data-connection-id="local"]').getAttribute('data-connection-state'), 'connected');
    assert.equal(connects.count, 1, 'the connection was never lost, so CONNECT was sent once');
});

test('profiles are saved in this browser; a password only when "remember password" is ticked', async (t) => {
    const env = await startEnvironment(t, { config: null });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await showScreen(page, 'Connections');
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Connection settings' });
    await form.getByLabel('Name', { exact: true }).fill('Test broker');
    await form.getByLabel('Broker URL').fill('http://wrong');
    assert.match(await form.locator('.field-error').textContent(), /must start with ws:\/\/ or wss:\/\//);
    assert.equal(await form.getByRole('button', { name: 'Save connection' }).isDisabled(), true);
    await form.getByLabel('Broker URL').fill(`ws://127.0.0.1:${broker.wsPort}`);
    await form.getByLabel('User name').fill('deck');
    await form.getByLabel('Password', { exact: true }).fill('not-remembered');
    await form.getByRole('button', { name: 'Save connection' }).click();
    await waitForConnectionState(page, 'connected', { id: 'broker-1' });
    let saved = await page.evaluate((key) => localStorage.getItem(key), SETTINGS_KEY);
    assert.ok(saved.includes('Test broker'));
    assert.ok(!saved.includes('not-remembered'), 'an unremembered password is never stored');

    await page.getByRole('button', { name: 'Edit Test broker' }).click();
    await form.getByLabel('Password', { exact: true }).fill('remembered');
    await form.getByLabel('Remember password').check();
    assert.match(await form.locator('.hint.warn').first().textContent(), /stored in this browser in plain form/);
    await form.getByRole('button', { name: 'Save connection' }).click();
    saved = await page.evaluate((key) => localStorage.getItem(key), SETTINGS_KEY);
    assert.ok(saved.includes('"password":"remembered"'));

    await page.reload();
    await waitForConnectionState(page, 'connected', { id: 'broker-1' });
    assert.equal(await page.evaluate(() => location.href.includes('remembered')), false, 'nothing secret in the URL');
});

test('broken saved settings: a clear message, the good profiles still work', async (t) => {
    const env = await startEnvironment(t, { config: null });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await page.evaluate(([key, wsPort]) => localStorage.setItem(key, JSON.stringify({
        format: 'mqtt-deck', version: 1,
        connections: [
            { id: 'good', name: 'Good', url: `ws://127.0.0.1:${wsPort}`, subscriptions: [{ filter: 'demo/#', qos: 0 }] },
            { id: 'bad', name: 'Broken', url: 'ftp://nowhere' },
        ],
    })), [SETTINGS_KEY, broker.wsPort]);
    await page.reload();
    await waitForConnectionState(page, 'connected', { id: 'good' });
    const notice = await page.locator('.notice').textContent();
    assert.match(notice, /saved connection 2 \("Broken"\) could not be used and was set aside/);

    await page.evaluate((key) => localStorage.setItem(key, '{ this is not json'), SETTINGS_KEY);
    await page.reload();
    assert.match(await page.locator('.notice').textContent(), /is not a valid MQTT Deck file.*copied to "mqtt-deck\.settings\.v1\.unreadable"/);
    assert.equal(await page.evaluate((key) => localStorage.getItem(`${key}.unreadable`), SETTINGS_KEY), '{ this is not json');
});

test('a server that sends a WebSocket text frame is refused as not MQTT [MQTT-6.0.0-1]', async (t) => {
    const { WebSocketServer } = await import('ws');
    const { freePort } = await import('../../scripts/lib/broker.mjs');
    const port = await freePort();
    const server = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: () => 'mqtt' });
    t.after(() => new Promise((resolve) => server.close(resolve)));
    let connections = 0;
    server.on('connection', (socket) => { connections++; socket.send('hello, I speak text'); });
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { url: `ws://127.0.0.1:${port}` }) });
    await env.page.goto(env.appUrl());
    await waitForConnectionState(env.page, 'failed');
    const detail = await env.page.locator('[data-connection-id="local"] .connection-detail').textContent();
    assert.match(detail, /sent a WebSocket text frame; MQTT over WebSocket uses binary frames only/);
    // Failed is final: no retry timer survives it (the first retry would come after about a second).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(connections, 1, 'the page did not connect again by itself');
    assert.equal(await env.page.locator('[data-connection-id="local"]').getAttribute('data-connection-state'), 'failed');
});
