// The message log: filter by topic pattern and text, pause and resume, clear;
// the time of each row to the millisecond, expand (JSON indented) and copy;
// and export as JSON Lines of every message held that matches the filter,
// with mosquitto_pub as the independent publisher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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

test('rows show the time to the millisecond, expand JSON indented, copy the payload, and the export holds more than the rows on show', async (t) => {
    const env = await startEnvironment(t, {
        config: (broker) => configFor(broker, { subscriptions: [{ filter: 'bulk/#', qos: 0 }] }),
        context: { permissions: ['clipboard-read', 'clipboard-write'] },
    });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(page, 'connected');
    // 130 messages from one mosquitto_pub (one per line of its input), then a JSON one.
    const lines = Array.from({ length: 130 }, (_, index) => `reading ${index}`).join('\n');
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', 'bulk/lines', '-l'], { input: `${lines}\n` });
    await mosquittoPub(broker, 'bulk/json', '{"pump":{"bar":4.2,"on":true}}');
    await page.locator('[data-received-count="131"]').waitFor({ timeout: 10_000 });
    const rows = page.locator('.message');
    await page.waitForFunction(() => document.querySelector('.message')?.dataset.topic === 'bulk/json');
    assert.equal(await rows.count(), 100, 'the page shows the newest 100');
    assert.match(await rows.first().locator('.message-time').textContent(), /^\d\d:\d\d:\d\d\.\d{3}$/);

    const newest = rows.first();
    assert.equal(await newest.locator('.payload').textContent(), '{"pump":{"bar":4.2,"on":true}}');
    await newest.getByRole('button', { name: 'Expand' }).click();
    assert.equal(await newest.getByRole('button', { name: 'Collapse' }).getAttribute('aria-expanded'), 'true');
    assert.equal(await newest.locator('.payload.expanded').textContent(), '{\n  "pump": {\n    "bar": 4.2,\n    "on": true\n  }\n}');
    await newest.getByRole('button', { name: 'Copy' }).click();
    await newest.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '{"pump":{"bar":4.2,"on":true}}');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON Lines' }).click()]);
    const exported = readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(exported.length, 131, 'every message held, not the 100 on show');
    assert.deepEqual([exported[0].payload, exported.at(-2).payload, exported.at(-1).topic], ['reading 0', 'reading 129', 'bulk/json']);
    assert.deepEqual(env.pageErrors, []);
});
