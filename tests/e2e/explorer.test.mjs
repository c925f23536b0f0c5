// The topic explorer against a real mosquitto, checked with mosquitto_pub
// and mosquitto_sub (clients we did not write): the tree's counts and
// retained flags, the JSON view and MQTT 5.0 properties of a message sent
// with user properties and a content type, pin as widget making a working
// gauge, deleting retained messages (one, and a subtree after a count), and
// the $SYS panel fed by a subscription made in the explorer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub, mosquittoSub, showScreen, answerDialog } from './harness.mjs';

const execFileAsync = promisify(execFile);

/** A page subscribed to `lab/#`, connected; `beforeOpen(broker)` runs before the page loads. */
async function openLab(t, { beforeOpen = async () => {}, broker = {} } = {}) {
    const env = await startEnvironment(t, { config: (b) => configFor(b, { subscriptions: [{ filter: 'lab/#', qos: 1 }] }), broker });
    await beforeOpen(env.broker);
    await env.page.goto(`${env.appUrl()}#/topics`);
    await waitForConnectionState(env.page, 'connected');
    return env;
}

/** The explorer's tree node for `topic`. */
const node = (page, topic) => page.locator(`.explorer .node[data-topic="${topic}"]`);

async function expand(page, topic) {
    await page.locator('.explorer').getByRole('button', { name: `Expand ${topic}`, exact: true }).click();
}

async function selectTopic(page, topic) {
    await node(page, topic).locator('.node-select').click();
    await page.locator(`.explorer .detail-topic[data-selected-topic="${topic}"]`).waitFor();
}

/** What a new subscriber gets as retained on `filter` within a second (mosquitto_sub --retained-only). */
async function retainedNow(broker, filter) {
    const { stdout } = await execFileAsync('mosquitto_sub', [
        '-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', filter, '--retained-only', '-v', '-W', '1',
    ]).catch((error) => error); // -W ends with a non-zero status when the time is up
    return stdout.split('\n').filter(Boolean).sort();
}

async function waitForAttribute(locator, name, value, timeout = 10_000) {
    await locator.and(locator.page().locator(`[${name}="${value}"]`)).waitFor({ timeout });
}

test('the tree shows the topics mosquitto_pub sent, with counts rolled up and retained flags', async (t) => {
    // Retained before the page subscribes [MQTT-3.3.1-9], and then live messages.
    const env = await openLab(t, { beforeOpen: (broker) => mosquittoPub(broker, 'lab/kept/a', 'old', ['-r', '-q', '1']) });
    const { page, broker } = env;
    for (let index = 0; index < 3; index++) await mosquittoPub(broker, 'lab/x/1', `one ${index}`);
    for (let index = 0; index < 2; index++) await mosquittoPub(broker, 'lab/x/2', `two ${index}`);
    // Published retained while subscribed: MQTT 5.0 Retain As Published keeps the flag [MQTT-3.3.1-13].
    await mosquittoPub(broker, 'lab/live-retained', 'on', ['-r']);

    await waitForAttribute(node(page, 'lab'), 'data-count', '7');
    await expand(page, 'lab');
    await expand(page, 'lab/x');
    await expand(page, 'lab/kept');
    const counts = {};
    for (const topic of ['lab', 'lab/x', 'lab/x/1', 'lab/x/2', 'lab/kept', 'lab/kept/a', 'lab/live-retained']) {
        counts[topic] = [await node(page, topic).getAttribute('data-count'), await node(page, topic).getAttribute('data-retained')];
    }
    assert.deepEqual(counts, {
        'lab': ['7', 'false'],
        'lab/x': ['5', 'false'],
        'lab/x/1': ['3', 'false'],
        'lab/x/2': ['2', 'false'],
        'lab/kept': ['1', 'false'],
        'lab/kept/a': ['1', 'true'],
        'lab/live-retained': ['1', 'true'],
    });
    assert.match(await node(page, 'lab/x/2').locator('.node-preview').textContent(), /two 1/);
    // Each tree item says its level to assistive technology, as a real aria-level attribute.
    assert.deepEqual(
        await Promise.all(['lab', 'lab/x', 'lab/x/2'].map((topic) => node(page, topic).getAttribute('aria-level'))),
        ['1', '2', '3'],
    );
    assert.equal(await page.locator('.explorer [attr\\:aria-level]').count(), 0);

    // Keyboard: arrows move between rows and open or close them; Enter selects.
    await page.locator('.explorer').getByRole('button', { name: 'Collapse all' }).click();
    await node(page, 'lab').locator('.node-select').focus();
    await page.keyboard.press('ArrowRight');
    await waitForAttribute(node(page, 'lab'), 'aria-expanded', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.explorer [data-selected-topic="lab/kept"]').waitFor();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await waitForAttribute(node(page, 'lab'), 'aria-expanded', 'false');
    await expand(page, 'lab');

    // Search narrows the tree to matching topics and the levels above them.
    await page.locator('.explorer').getByLabel('Find a topic').fill('x/2');
    await node(page, 'lab/x/1').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.explorer .node:not([hidden])').count(), 3, 'lab, lab/x, lab/x/2');
    assert.deepEqual(env.pageErrors, []);
});

/** Presses at the middle of `locator`, holds while the stream refreshes the explorer, releases. */
async function slowTap(page, locator) {
    const box = await locator.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(600); // two or three refreshes of the explorer
    await page.mouse.up();
}

test('a slow tap lands while the stream changes what the rows and the detail show', async (t) => {
    const env = await openLab(t);
    const { page, broker } = env;
    // mqtt.js (npm) publishes 500 msg/s to one topic for the whole test.
    const publisher = mqtt.connect(`mqtt://127.0.0.1:${broker.tcpPort}`, { reconnectPeriod: 0 });
    await new Promise((resolve, reject) => { publisher.once('connect', resolve); publisher.once('error', reject); });
    let sequence = 0;
    const timer = setInterval(() => { for (let index = 0; index < 10; index++) publisher.publish('lab/busy', JSON.stringify({ n: sequence++ })); }, 20);
    t.after(() => { clearInterval(timer); publisher.end(true); });

    await node(page, 'lab').waitFor();
    await expand(page, 'lab');
    const before = Number(await node(page, 'lab/busy').getAttribute('data-count'));
    await slowTap(page, node(page, 'lab/busy').locator('.node-select'));
    assert.ok(Number(await node(page, 'lab/busy').getAttribute('data-count')) > before, 'the row changed while it was pressed');
    await page.locator('.explorer [data-selected-topic="lab/busy"]').waitFor({ timeout: 2_000 });

    await slowTap(page, page.locator('.explorer .json-value[data-path="$.n"]'));
    await page.locator('.explorer [data-picked-path="$.n"]').waitFor({ timeout: 2_000 });
    // A widget kind the user chose stays while the topic streams.
    const kind = page.locator('.explorer .topic-detail').getByLabel('Widget kind');
    assert.equal(await kind.inputValue(), 'gauge', 'a number suggests a gauge');
    await kind.selectOption('chart');
    await page.waitForTimeout(600);
    assert.equal(await kind.inputValue(), 'chart');
    const hex = page.locator('.explorer .topic-detail').getByRole('button', { name: 'Hex', exact: true });
    await slowTap(page, hex);
    assert.equal(await hex.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(env.pageErrors, []);
});

test('the JSON view and the MQTT 5.0 properties of a message sent with user properties and a content type', async (t) => {
    const env = await openLab(t);
    const { page, broker } = env;
    await mosquittoPub(broker, 'lab/room', '{"temperature": 21.5, "ok": true, "tags": ["a", "<script>alert(1)</script>"]}', [
        '-V', 'mqttv5', '-q', '1',
        '-D', 'publish', 'content-type', 'application/json',
        '-D', 'publish', 'user-property', 'site', 'lab',
        '-D', 'publish', 'user-property', 'site', 'plant',
        '-D', 'publish', 'response-topic', 'lab/replies',
        '-D', 'publish', 'correlation-data', 'req-7',
        '-D', 'publish', 'message-expiry-interval', '3600',
    ]);
    await expand(page, 'lab');
    await selectTopic(page, 'lab/room');
    const detail = page.locator('.explorer .topic-detail');
    // JSON payloads open in the JSON view, each value a pickable field.
    await detail.locator('.json-value[data-path="$.temperature"]').waitFor();
    assert.equal(await detail.locator('.json-value[data-path="$.temperature"]').textContent(), '21.5');
    assert.equal(await detail.locator('.json-value[data-path="$.tags[1]"]').textContent(), '"<script>alert(1)</script>"', 'markup is text');
    assert.equal(await page.locator('.explorer script').count(), 0);
    const property = async (key) => detail.locator(`[data-field="${key}"]`).textContent();
    assert.equal(await property('content-type'), 'application/json');
    assert.equal(await property('response-topic'), 'lab/replies');
    assert.equal(await property('correlation-data'), 'req-7');
    // The broker forwards the remaining lifetime [MQTT-3.3.2-6]: at most what was sent.
    assert.ok(Number.parseInt(await property('message-expiry'), 10) <= 3600);
    const userRows = await detail.locator('.user-properties tbody tr').allTextContents();
    assert.deepEqual(userRows, ['sitelab', 'siteplant'], 'order and repeats kept [MQTT-3.3.2-18]');
    assert.equal(await property('qos'), '1');

    // The other views of the same payload.
    await detail.getByRole('button', { name: 'Hex', exact: true }).click();
    assert.match(await detail.locator('pre.payload').textContent(), /^00000000 {2}7b 22 74 65/);
    await detail.getByRole('button', { name: 'Base64', exact: true }).click();
    assert.match(await detail.locator('pre.payload').textContent(), /^eyJ0ZW1wZXJhdHVyZSI6IDIxLjUs/);

    // History newest first, and a sparkline of the picked field once there are two numbers.
    await mosquittoPub(broker, 'lab/room', '{"temperature": 22.5, "ok": true, "tags": []}');
    await detail.locator('.history li').nth(1).waitFor();
    await detail.getByRole('button', { name: 'JSON', exact: true }).click();
    await detail.locator('.json-value[data-path="$.temperature"]').click();
    await detail.locator('.sparkline').waitFor();
    assert.match(await detail.locator('.sparkline figcaption').textContent(), /2 values, from 21\.5 to 22\.5, last 22\.5/);
    assert.match(await detail.locator('.history li').first().textContent(), /22\.5/);
    assert.deepEqual(env.pageErrors, []);
});

test('pin as widget turns a picked JSON field into a working gauge', async (t) => {
    const env = await openLab(t);
    const { page, broker } = env;
    await mosquittoPub(broker, 'lab/boiler', '{"water": {"temperature": 61}}');
    await expand(page, 'lab');
    await selectTopic(page, 'lab/boiler');
    const detail = page.locator('.explorer .topic-detail');
    await detail.locator('.json-value[data-path="$.water.temperature"]').click();
    // A number suggests a gauge.
    assert.equal(await detail.getByLabel('Widget kind').inputValue(), 'gauge');
    await detail.getByRole('button', { name: /Pin/ }).click();
    await page.locator('.info', { hasText: 'Pinned a gauge for lab/boiler ($.water.temperature)' }).waitFor({ timeout: 5_000 });

    await showScreen(page, 'Dashboards');
    const gauge = page.locator('.widget[data-widget-kind="gauge"]');
    await gauge.waitFor({ timeout: 10_000 });
    // Titled after the JSON key, ranged around what was seen.
    assert.equal((await gauge.locator('.widget-title').textContent()).trim(), 'temperature');
    assert.equal(await gauge.getByRole('meter').getAttribute('aria-valuemax'), '100');
    // Whole numbers were seen, so it shows whole numbers.
    await mosquittoPub(broker, 'lab/boiler', '{"water": {"temperature": 72}}');
    await gauge.locator('.gauge-label', { hasText: '72' }).waitFor({ timeout: 10_000 });

    // The widget is part of the dashboards saved in this browser (a ?config= file would replace them).
    await page.goto(env.appUrl(''));
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'lab/boiler', '{"water": {"temperature": 80}}');
    await page.locator('.widget[data-widget-kind="gauge"] .gauge-label', { hasText: '80' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(env.pageErrors, []);
});

test('pin as widget makes a select from the payloads seen, whose press reaches an independent subscriber', async (t) => {
    const env = await openLab(t);
    const { page, broker } = env;
    for (const mode of ['off', 'comfort', 'eco']) await mosquittoPub(broker, 'lab/heating/mode', mode);
    await expand(page, 'lab');
    await expand(page, 'lab/heating');
    await selectTopic(page, 'lab/heating/mode');
    const detail = page.locator('.explorer .topic-detail');
    assert.equal(await detail.getByLabel('Widget kind').inputValue(), 'text', 'a word suggests text');
    await detail.getByLabel('Widget kind').selectOption('select');
    await detail.getByRole('button', { name: /Pin/ }).click();
    await page.locator('.info', { hasText: 'Pinned a select for lab/heating/mode' }).waitFor({ timeout: 5_000 });

    await showScreen(page, 'Dashboards');
    const select = page.locator('.widget[data-widget-kind="select"]');
    await select.waitFor({ timeout: 10_000 });
    await mosquittoPub(broker, 'lab/heating/mode', 'eco');
    await select.locator('.multi-state[data-state="eco"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(await select.locator('.segment').allTextContents(), ['comfort', 'eco', 'off'], 'every payload seen is an option');
    const command = mosquittoSub(t, broker, 'lab/heating/mode/set');
    await command.ready;
    await select.getByRole('button', { name: 'comfort' }).click();
    const [message] = await command.messages;
    assert.equal(message.payload, 'comfort');
    assert.deepEqual(env.pageErrors, []);
});

test('deleting retained messages, one after a confirmation naming it and a subtree after its count', async (t) => {
    const env = await openLab(t, {
        beforeOpen: async (broker) => {
            for (const topic of ['lab/one', 'lab/many/1', 'lab/many/2', 'lab/many/3']) {
                await mosquittoPub(broker, topic, `value of ${topic}`, ['-r', '-q', '1']);
            }
            assert.deepEqual(await retainedNow(broker, 'lab/#'), [
                'lab/many/1 value of lab/many/1', 'lab/many/2 value of lab/many/2', 'lab/many/3 value of lab/many/3', 'lab/one value of lab/one',
            ], 'the broker holds them before');
        },
    });
    const { page, broker } = env;
    await waitForAttribute(node(page, 'lab'), 'data-count', '4');
    await expand(page, 'lab');
    await selectTopic(page, 'lab/one');
    const detail = page.locator('.explorer .topic-detail');

    // Declining changes nothing.
    await detail.getByRole('button', { name: 'Delete retained message' }).click();
    assert.equal(await answerDialog(page, 'Cancel'), 'Delete the retained message of lab/one?');
    assert.equal((await retainedNow(broker, 'lab/one')).length, 1);

    await detail.getByRole('button', { name: 'Delete retained message' }).click();
    assert.equal(await answerDialog(page, 'Delete'), 'Delete the retained message of lab/one?');
    await waitForAttribute(node(page, 'lab/one'), 'data-retained', 'false');
    assert.deepEqual(await retainedNow(broker, 'lab/one'), [], 'a new subscriber gets no retained message');

    await selectTopic(page, 'lab/many');
    await detail.getByRole('button', { name: 'Delete 3 retained messages under this topic' }).click();
    assert.match(await page.locator('dialog.app-dialog[open]').textContent(), /lab\/many\/1, lab\/many\/2, lab\/many\/3/);
    assert.equal(await answerDialog(page, 'Delete'), 'Delete 3 retained messages at or under lab/many?');
    await expand(page, 'lab/many');
    await waitForAttribute(node(page, 'lab/many/3'), 'data-retained', 'false');
    assert.deepEqual(await retainedNow(broker, 'lab/#'), []);
    assert.deepEqual(env.pageErrors, []);
});

test('a subscription made in the explorer feeds the $SYS panel; the page sees its own broker', async (t) => {
    const env = await openLab(t, { broker: { extraConfig: ['sys_interval 1'] } });
    const { page, broker } = env;
    const explorer = page.locator('.explorer');
    await explorer.locator('.subscriptions summary').click();
    await explorer.getByLabel('Subscribe to filter').fill('lab/#/x');
    assert.match(await explorer.locator('.subscriptions .field-error').textContent(), /#/, 'an invalid filter is refused as typed');
    await explorer.getByLabel('Subscribe to filter').fill('#');
    await explorer.locator('.subscriptions .hint.warn').waitFor();
    await explorer.getByLabel('Subscribe to filter').fill('$SYS/#');
    await explorer.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await explorer.locator('.subscription-list [data-filter="$SYS/#"]').waitFor();

    // A second client we did not write, so the broker counts two.
    const watcher = mosquittoSub(t, broker, 'lab/never', { count: 1, timeoutMs: 8_000 });
    watcher.messages.catch(() => {});
    await watcher.ready;
    const clients = explorer.locator('.sys-panel [data-field="clients"]');
    await clients.waitFor({ timeout: 10_000 });
    await explorer.locator('.sys-panel [data-field="clients"]', { hasText: /^[2-9]/ }).waitFor({ timeout: 10_000 });
    assert.match(await explorer.locator('.sys-panel [data-field="version"]').textContent(), /mosquitto/);
    assert.match(await explorer.locator('.sys-panel [data-field="uptime"]').textContent(), /seconds/);

    // Saved with the connection in this browser (a ?config= file would replace it).
    await page.goto(env.appUrl(''));
    await waitForConnectionState(page, 'connected');
    await explorer.locator('.subscriptions summary').click();
    await explorer.locator('.subscription-list [data-filter="$SYS/#"]').waitFor();
    await explorer.getByRole('button', { name: 'Unsubscribe $SYS/#' }).click();
    await explorer.locator('.subscription-list [data-filter="$SYS/#"]').waitFor({ state: 'detached' });
    assert.deepEqual(env.pageErrors, []);
});
