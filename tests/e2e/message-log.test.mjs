// The message log: filter by topic pattern and text, pause and resume, clear,
// and export of the visible messages as JSON Lines, with mosquitto_pub as
// the independent publisher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub, showScreen } from './harness.mjs';

const shownTopics = (page) => page.locator('.message').evaluateAll((rows) => rows.map((row) => row.dataset.topic));

test('the log filters, pauses, clears and exports what it shows', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { subscriptions: [{ filter: '#', qos: 1 }] }) });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'home/lamp/state', 'ON', ['-q', '1', '-r']);
    await mosquittoPub(broker, 'home/door/last_event', 'opened');
    await mosquittoPub(broker, 'plant/pump/pressure', '{"bar": 4.2}');
    await page.locator('[data-received-count="3"]').waitFor({ timeout: 10_000 });
    await page.locator('.message').nth(2).waitFor({ timeout: 5_000 });

    await page.getByLabel('Filter pattern').fill('home/#');
    await page.waitForFunction(() => document.querySelectorAll('.message').length === 2);
    assert.deepEqual(await shownTopics(page), ['home/door/last_event', 'home/lamp/state']);
    await page.getByLabel('Search').fill('OPEN');
    await page.waitForFunction(() => document.querySelectorAll('.message').length === 1);
    assert.deepEqual(await shownTopics(page), ['home/door/last_event']);
    await page.getByLabel('Filter pattern').fill('home/#/x');
    assert.match(await page.locator('.log .field-error').textContent(), /topic pattern "home\/#\/x"/);
    await page.getByLabel('Filter pattern').fill('');
    await page.getByLabel('Search').fill('');
    await page.waitForFunction(() => document.querySelectorAll('.message').length === 3);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON Lines' }).click()]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((line) => line.topic), ['home/lamp/state', 'home/door/last_event', 'plant/pump/pressure'], 'oldest first');
    // Published retained while the page was subscribed with Retain As Published [MQTT-3.3.1-13].
    assert.deepEqual([lines[0].payload, lines[0].qos, lines[0].retain, lines[0].direction], ['ON', 1, true, 'in']);
    assert.ok(Math.abs(lines[2].time_ms - Date.now()) < 60_000, 'wall-clock time');

    await page.getByRole('button', { name: 'Pause' }).click();
    await mosquittoPub(broker, 'home/door/last_event', 'closed');
    await page.locator('[data-received-count="4"]').waitFor({ timeout: 5_000 });
    await page.getByText('Paused: 1 new messages since.').waitFor();
    assert.equal(await page.locator('.message').count(), 3, 'the rows stand still while paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.message').length === 4);

    await page.getByRole('button', { name: 'Clear' }).click();
    assert.equal(await page.locator('.message').count(), 0);
    await mosquittoPub(broker, 'home/door/last_event', 'after clear');
    await page.locator('.message[data-topic="home/door/last_event"]').waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('.message').count(), 1);
});
