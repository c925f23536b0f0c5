// The explorer's per-topic history against a real mosquitto, fed by
// mosquitto_pub: the diff of a message against the one before it, JSON
// field by field (changed, added, removed) and text line by line, for the
// newest message or one picked in the history; and the export of the
// topic's history as CSV and as JSON Lines; and the history kept in the
// browser's store, back after a reload with the broker gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub } from './harness.mjs';

const changeAt = (page, change, path) => page.locator(`.explorer .diff li[data-change="${change}"][data-path="${path}"]`);

async function selectTopic(page, topic) {
    await page.locator(`.explorer .node[data-topic="${topic}"] .node-select`).click();
    await page.locator(`.explorer .detail-topic[data-selected-topic="${topic}"]`).waitFor();
}

test('the diff marks changed, added and removed JSON fields and changed lines; the history exports as CSV and JSON Lines', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { subscriptions: [{ filter: 'lab/#', qos: 1 }] }) });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/topics`);
    await waitForConnectionState(page, 'connected');
    const payloads = [
        '{"bar":4.2,"on":true,"mode":"auto","old":1}',
        '{"bar":4.5,"on":true,"mode":"auto","old":1}',
        '{"bar":4.5,"on":false,"mode":"auto","extra":[1,2]}',
    ];
    for (const payload of payloads) await mosquittoPub(broker, 'lab/pump', payload, ['-q', '1']);
    await mosquittoPub(broker, 'lab/state', 'line one\nON');
    await mosquittoPub(broker, 'lab/state', 'line one\nOFF');
    await page.locator('.explorer .node[data-topic="lab"][data-count="5"]').waitFor({ timeout: 10_000 });
    await page.locator('.explorer').getByRole('button', { name: 'Expand lab', exact: true }).click();
    await selectTopic(page, 'lab/pump');

    // The newest against the one before it.
    await changeAt(page, 'changed', '$.on').waitFor({ timeout: 5_000 });
    assert.deepEqual(
        [await changeAt(page, 'changed', '$.on').locator('del').textContent(), await changeAt(page, 'changed', '$.on').locator('ins').textContent()],
        ['true', 'false'],
    );
    assert.equal(await changeAt(page, 'added', '$.extra').locator('ins').textContent(), '[1,2]');
    assert.equal(await changeAt(page, 'removed', '$.old').locator('del').textContent(), '1');
    assert.equal(await page.locator('.explorer .diff li').count(), 3, 'the unchanged $.bar and $.mode are not listed');

    // The middle message, picked in the history, against the first.
    await page.locator('.explorer .history .history-pick').nth(1).click();
    await changeAt(page, 'changed', '$.bar').waitFor({ timeout: 5_000 });
    assert.deepEqual(await page.locator('.explorer .diff li').evaluateAll((items) => items.map((item) => item.dataset.path)), ['$.bar']);
    assert.equal(await page.locator('.explorer .history .history-pick[aria-pressed="true"]').count(), 1);

    // Text: line by line.
    await selectTopic(page, 'lab/state');
    const lines = page.locator('.explorer pre.diff span');
    await lines.first().waitFor({ timeout: 5_000 });
    assert.deepEqual(
        await lines.evaluateAll((spans) => spans.map((span) => [span.dataset.change, span.textContent])),
        [['same', '  line one\n'], ['removed', '- ON\n'], ['added', '+ OFF\n']],
    );

    // Export: every message held on the topic, oldest first.
    await selectTopic(page, 'lab/pump');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.equal(csvDownload.suggestedFilename(), 'lab_pump.csv');
    const rows = readFileSync(await csvDownload.path(), 'utf8').trim().split('\n');
    assert.equal(rows[0], 'time,time_ms,qos,retain,payload_bytes,payload_cut,payload');
    assert.equal(rows.length, 4);
    assert.match(rows[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,\d{13},1,false,43,false,"\{""bar"":4\.2,""on"":true,""mode"":""auto"",""old"":1\}"$/);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON Lines' }).click()]);
    const exported = readFileSync(await jsonDownload.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(exported.map((line) => line.payload), payloads);
    assert.ok(exported.every((line) => line.topic === 'lab/pump' && Math.abs(line.time_ms - Date.now()) < 60_000));
    assert.deepEqual(env.pageErrors, []);
});

test('the explorer\'s history is kept in the browser and is back after an offline reload, before any connection', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker, { subscriptions: [{ filter: 'lab/#', qos: 1 }] }) });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/topics`);
    await waitForConnectionState(page, 'connected');
    const payloads = ['{"bar":4.2,"on":true}', '{"bar":4.5,"on":true}', '{"bar":4.5,"on":false}'];
    for (const payload of payloads) await mosquittoPub(broker, 'lab/pump', payload, ['-q', '1']);
    await mosquittoPub(broker, 'lab/light', 'ON', ['-r']);
    await page.locator('.explorer .node[data-topic="lab"][data-count="4"]').waitFor({ timeout: 10_000 });
    // Saved within about a second: per message, the connection "local" and the topic (each after a
    // 2-byte length), time (8), flags (1), full length (4) and the payload after its 2-byte length.
    await page.waitForFunction(() => Number(document.documentElement.dataset.historyMessageBytes) > 0, null, { timeout: 5_000 });
    const stored = await page.evaluate(() => Number(document.documentElement.dataset.historyMessageBytes));
    const expected = payloads.reduce((sum, payload) => sum + 24 + 'lab/pump'.length + payload.length, 0) + 24 + 'lab/light'.length + 2;
    assert.equal(stored, expected, 'each message stored once, with its connection, topic, time, flags and payload');

    await broker.kill({ graceful: true });
    await page.reload();
    await page.locator('.explorer .node[data-topic="lab"][data-count="4"]').waitFor({ timeout: 10_000 });
    assert.notEqual(await page.locator('[data-connection-id="local"]').first().getAttribute('data-connection-state'), 'connected', 'the broker is gone');
    await page.locator('.explorer').getByRole('button', { name: 'Expand lab', exact: true }).click();
    await selectTopic(page, 'lab/pump');
    assert.equal(await page.locator('.explorer .history .history-pick').count(), 3, 'the three messages are in the history');
    await changeAt(page, 'changed', '$.on').waitFor({ timeout: 5_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON Lines' }).click()]);
    const exported = readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(exported.map((line) => [line.payload, line.qos]), payloads.map((payload) => [payload, 1]));
    assert.ok(exported.every((line) => Math.abs(line.time_ms - Date.now()) < 60_000), 'each at the time it arrived');
    await selectTopic(page, 'lab/light');
    assert.equal(await page.locator('.explorer .history .history-pick').count(), 1);
    // Nothing restored is saved again.
    await page.waitForTimeout(1_500);
    assert.equal(await page.evaluate(() => Number(document.documentElement.dataset.historyMessageBytes)), stored);
    const refused = (error) => String(error).includes('ERR_CONNECTION_REFUSED');
    assert.deepEqual(env.pageErrors.filter((error) => !refused(error)), [], 'no error but the gone broker');
});
