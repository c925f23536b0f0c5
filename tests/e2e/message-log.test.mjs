// The message log: filter by topic pattern and text, pause and resume, clear;
// the time of each row to the millisecond, expand (JSON indented) and copy;
// and export as JSON Lines of every message held that matches the filter,
// with mosquitto_pub as the independent publisher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub, showScreen } from './harness.mjs';

// Row elements that show a message (the virtualised list keeps empty ones hidden).
const ROW = '.message:not([hidden])';
const shownTopics = (page) => page.locator(ROW).evaluateAll((rows) => rows.map((row) => row.dataset.topic));
const rowCountIs = (page, count) => page.waitForFunction(([selector, wanted]) => document.querySelectorAll(selector).length === wanted, [ROW, count]);

test('the log filters, pauses, clears and exports what it shows', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { subscriptions: [{ filter: '#', qos: 1 }] }) });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'home/lamp/state', 'ON', ['-q', '1', '-r']);
    await mosquittoPub(broker, 'home/door/last_event', 'opened');
    await mosquittoPub(broker, 'plant/pump/pressure', '{"bar": 4.2}');
    await page.locator('[data-received-count="3"]').waitFor({ timeout: 10_000 });
    await page.locator(ROW).nth(2).waitFor({ timeout: 5_000 });

    await page.getByLabel('Filter pattern').fill('home/#');
    await rowCountIs(page, 2);
    assert.deepEqual(await shownTopics(page), ['home/door/last_event', 'home/lamp/state']);
    await page.getByLabel('Search').fill('OPEN');
    await rowCountIs(page, 1);
    assert.deepEqual(await shownTopics(page), ['home/door/last_event']);
    await page.getByLabel('Filter pattern').fill('home/#/x');
    assert.match(await page.locator('.log .field-error').textContent(), /topic pattern "home\/#\/x"/);
    await page.getByLabel('Filter pattern').fill('');
    await page.getByLabel('Search').fill('');
    await rowCountIs(page, 3);

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
    assert.equal(await page.locator(ROW).count(), 3, 'the rows stand still while paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await rowCountIs(page, 4);

    await page.getByRole('button', { name: 'Clear' }).click();
    assert.equal(await page.locator(ROW).count(), 0);
    await mosquittoPub(broker, 'home/door/last_event', 'after clear');
    await page.locator('.message[data-topic="home/door/last_event"]').waitFor({ timeout: 5_000 });
    assert.equal(await page.locator(ROW).count(), 1);
});

test('rows show the time to the millisecond, expand JSON indented and copy the payload; 3,000 messages scroll while a few dozen rows exist, and the export holds them all', async (t) => {
    const env = await startEnvironment(t, {
        config: (broker) => configFor(broker, { subscriptions: [{ filter: 'bulk/#', qos: 0 }] }),
        context: { permissions: ['clipboard-read', 'clipboard-write'] },
    });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(page, 'connected');
    // 3,000 messages from one mosquitto_pub (one per line of its input), then a JSON one.
    const BULK = 3000;
    const lines = Array.from({ length: BULK }, (_, index) => `reading ${index}`).join('\n');
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', 'bulk/lines', '-l'], { input: `${lines}\n` });
    await mosquittoPub(broker, 'bulk/json', '{"pump":{"bar":4.2,"on":true}}');
    await page.locator(`[data-received-count="${BULK + 1}"]`).waitFor({ timeout: 15_000 });
    const rows = page.locator(ROW);
    await page.waitForFunction((selector) => document.querySelector(selector)?.dataset.topic === 'bulk/json', ROW);
    const built = await rows.count();
    assert.ok(built > 3 && built <= 24, `only the rows near the view exist (${built} of ${BULK + 1})`);
    assert.equal(await rows.first().getAttribute('aria-setsize'), String(BULK + 1));
    assert.match(await rows.first().locator('.message-time').textContent(), /^\d\d:\d\d:\d\d\.\d{3}$/);

    const newest = rows.first();
    assert.equal(await newest.locator('.payload').textContent(), '{"pump":{"bar":4.2,"on":true}}');
    await newest.getByRole('button', { name: 'Expand' }).click();
    assert.equal(await newest.getByRole('button', { name: 'Collapse' }).getAttribute('aria-expanded'), 'true');
    assert.equal(await newest.locator('.payload.expanded').textContent(), '{\n  "pump": {\n    "bar": 4.2,\n    "on": true\n  }\n}');
    await newest.getByRole('button', { name: 'Copy' }).click();
    await newest.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '{"pump":{"bar":4.2,"on":true}}');

    // The oldest message is at the far end of the scroll, and still a few dozen rows exist.
    await page.locator('.messages-viewport').evaluate((viewport) => { viewport.scrollTop = viewport.scrollHeight; });
    await page.locator(`${ROW}[aria-posinset="${BULK + 1}"] .payload`, { hasText: /^reading 0$/ }).waitFor({ timeout: 5_000 });
    assert.ok((await rows.count()) <= 24, 'scrolled, the rows were reused');
    // Scrolled down, a new message arrives above: the rows being read stay put.
    const before = await page.locator(`${ROW}[aria-posinset="${BULK}"]`).boundingBox();
    await mosquittoPub(broker, 'bulk/late', 'late');
    await page.locator(`[data-received-count="${BULK + 2}"]`).waitFor({ timeout: 5_000 });
    await page.locator(`${ROW}[aria-posinset="${BULK + 2}"]`, { hasText: 'reading 0' }).waitFor({ timeout: 5_000 });
    const after = await page.locator(`${ROW}[aria-posinset="${BULK + 1}"]`).boundingBox();
    assert.ok(Math.abs(after.y - before.y) < 2, `reading 1 stayed at y ${before.y} (now ${after.y})`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON Lines' }).click()]);
    const exported = readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(exported.length, BULK + 2, 'every message held, not the rows on show');
    assert.deepEqual([exported[0].payload, exported.at(-3).payload, exported.at(-2).topic], ['reading 0', `reading ${BULK - 1}`, 'bulk/json']);
    assert.deepEqual(env.pageErrors, []);
});
