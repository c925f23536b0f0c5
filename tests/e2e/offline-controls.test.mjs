// No ghost commands, end to end against a real mosquitto with
// mosquitto_sub as the device: while the page's connection is down its
// controls are disabled and say why, and once the broker is back nothing
// goes out that the user did not send while connected; a command carries a
// Message Expiry, so a device that comes back late never gets a stale one.
// The publish panel's offline queue is shown, and a waiting message can be
// cancelled so that it never reaches the broker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEnvironment, configFor, waitForConnectionState, mosquittoSub, ROOT } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

const widget = (page, id) => page.locator(`[data-widget-id="${id}"]`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Every test here takes the broker down: a reconnect attempt in that time is
// refused, and Chromium logs that itself. Any other error still fails the test.
const errorsBesidesTheOutage = (env) => env.pageErrors.map(String).filter((text) =>
    !text.includes(`WebSocket connection to 'ws://127.0.0.1:${env.broker.wsPort}/' failed`)
    || !text.includes('ERR_CONNECTION_REFUSED'));

test('controls are disabled while the broker is down, and nothing is sent by itself when it returns', async (t) => {
    const env = await startEnvironment(t, { broker: { persistent: true }, config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    // The device keeps a session at the broker, so whatever is published while it is away waits for it.
    const enrol = mosquittoSub(t, broker, 'home/#', { count: 1, timeoutMs: 1_000, args: ['-c', '-i', 'device'] });
    await enrol.ready;
    await enrol.messages.catch(() => {});

    await broker.kill({ graceful: true });
    await waitForConnectionState(page, 'reconnecting');
    const controls = {
        lamp: widget(page, 'lamp').getByRole('switch'),
        bell: widget(page, 'bell').getByRole('button', { name: 'Send "ring"' }),
        dim: widget(page, 'dim').locator('input[type=range]'),
    };
    for (const [id, control] of Object.entries(controls)) {
        assert.ok(await control.isDisabled(), `${id} is disabled while offline`);
        await widget(page, id).locator('.widget-offline', { hasText: 'offline — commands are not sent' }).waitFor({ timeout: 5_000 });
    }
    // A press on a disabled control does nothing, and nothing is queued for later.
    await controls.lamp.click({ force: true });
    await controls.bell.click({ force: true });
    assert.equal(await page.locator('[data-queued]').count(), 0, 'no command waits in the queue');

    await broker.start();
    await waitForConnectionState(page, 'connected', { timeout: 30_000 });
    for (const [id, control] of Object.entries(controls)) {
        if (id !== 'dim') assert.ok(await control.isEnabled(), `${id} is enabled again`);
        assert.equal(await widget(page, id).locator('.widget-offline').count(), 0);
    }
    await sleep(1_500);
    // The device comes back: the broker has nothing for it, so the page sent nothing by itself.
    const back = mosquittoSub(t, broker, 'home/#', { count: 1, timeoutMs: 3_000, args: ['-c', '-i', 'device'] });
    const ghosts = await back.messages.catch((error) => error.received);
    assert.deepEqual(ghosts.map((message) => message.topic), [], 'no command went out after the reconnect');
    assert.deepEqual(errorsBesidesTheOutage(env), []);
});

test('a command carries its Message Expiry: a device that comes back late does not get it [MQTT-3.3.2-5]', async (t) => {
    const env = await startEnvironment(t, {
        config: (broker) => dashboardConfig(broker, { lamp: { command_expiry_s: 2 } }),
    });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    const enrol = mosquittoSub(t, broker, 'home/#', { count: 1, timeoutMs: 1_000, args: ['-c', '-i', 'late-device'] });
    await enrol.ready;
    await enrol.messages.catch(() => {});

    // The lamp's command expires after 2 s; the bell has no expiry set (30 s by default).
    await widget(page, 'lamp').getByRole('switch').click();
    await widget(page, 'bell').getByRole('button', { name: 'Send "ring"' }).click();
    await widget(page, 'bell').locator('.widget-note', { hasText: 'sent "ring"' }).waitFor({ timeout: 5_000 });
    await sleep(3_500);
    const late = mosquittoSub(t, broker, 'home/#', { count: 3, timeoutMs: 3_000, args: ['-c', '-i', 'late-device'] });
    const topics = new Set((await late.messages.catch((error) => error.received)).map((message) => message.topic));
    // The bell's command, within its 30 s, waited for the device (the bell is retained too, so it
    // may come twice); the lamp's had expired.
    assert.deepEqual([...topics], ['home/bell'], 'only the unexpired command was delivered');
    assert.deepEqual(errorsBesidesTheOutage(env), []);
});

test('the publish panel shows its offline queue, and a cancelled message never reaches the broker', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { subscriptions: [] }) });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/publish`);
    await waitForConnectionState(page, 'connected');
    await broker.kill({ graceful: true });
    await waitForConnectionState(page, 'reconnecting');

    const panel = page.locator('section.publish');
    await panel.getByLabel('Retain').check();
    for (const [topic, payload] of [['lab/keep', 'kept'], ['lab/drop', 'dropped']]) {
        await panel.getByLabel('Topic', { exact: true }).fill(topic);
        await panel.getByLabel('Payload').fill(payload);
        await panel.getByRole('button', { name: /Publish/ }).click();
    }
    const queue = page.locator('.publish-queue');
    await queue.getByRole('heading', { name: '2 messages wait for the connection' }).waitFor({ timeout: 5_000 });
    assert.deepEqual(await queue.locator('.queued-topic').allTextContents(), ['lab/keep', 'lab/drop'], 'oldest first');
    mkdirSync(join(ROOT, 'target', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'target', 'screenshots', 'publish-queue.png') });
    await queue.getByRole('button', { name: 'Cancel the message to lab/drop' }).click();
    await queue.getByRole('heading', { name: '1 message waits for the connection' }).waitFor({ timeout: 5_000 });
    await panel.getByText('cancelled: nothing was sent to lab/drop').waitFor({ timeout: 5_000 });

    await broker.start();
    await waitForConnectionState(page, 'connected', { timeout: 30_000 });
    await queue.waitFor({ state: 'detached', timeout: 10_000 });
    // What the broker holds now, read by mosquitto_sub: only the message that was not cancelled [MQTT-3.3.1-5].
    const retained = mosquittoSub(t, broker, 'lab/#', { count: 2, timeoutMs: 2_000, args: ['--retained-only'] });
    const held = await retained.messages.catch((error) => error.received);
    assert.deepEqual(held.map((message) => `${message.topic} ${message.payload}`), ['lab/keep kept']);
    assert.deepEqual(errorsBesidesTheOutage(env), []);
});
