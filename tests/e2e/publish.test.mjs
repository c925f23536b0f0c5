// The publish panel: a QoS 2 message with MQTT 5.0 user properties and a
// response topic arrives exactly so at an independent MQTT 5.0 subscriber
// (mqtt.js from npm), the broker's PUBCOMP is shown, JSON and hex payloads
// are checked as typed, and a saved message is sent again with one tap and
// survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startEnvironment, configFor, waitForConnectionState, showScreen } from './harness.mjs';

/** An MQTT 5.0 subscriber we did not write; resolves with the first `count` messages on `topic`. */
async function subscribeV5(t, broker, topic, count) {
    const client = mqtt.connect(`mqtt://127.0.0.1:${broker.tcpPort}`, { protocolVersion: 5, reconnectPeriod: 0 });
    t.after(() => client.end(true));
    await new Promise((resolve, reject) => { client.once('connect', resolve); client.once('error', reject); });
    await new Promise((resolve, reject) => client.subscribe(topic, { qos: 2 }, (error) => (error ? reject(error) : resolve())));
    const received = [];
    return new Promise((resolve) => client.on('message', (topicName, payload, packet) => {
        received.push({ topic: topicName, payload: payload.toString('latin1'), qos: packet.qos, retain: packet.retain, properties: packet.properties ?? {} });
        if (received.length === count) resolve(received);
    }));
}

test('a QoS 2 publish with 5.0 properties arrives exactly so, and the PUBCOMP is shown', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker) });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/publish`);
    await waitForConnectionState(page, 'connected');
    const messages = subscribeV5(t, broker, 'lab/#', 2);

    const panel = page.locator('section.publish');
    await panel.getByLabel('Topic', { exact: true }).fill('lab/ping');
    await panel.getByLabel('Format').selectOption('json');
    await panel.getByLabel('Payload').fill('{"n": 1');
    assert.match(await panel.locator('.field-error').first().textContent(), /not valid JSON/);
    await panel.getByLabel('Payload').fill('{"n": 1}');
    await panel.getByLabel('QoS').selectOption('2');
    await panel.locator('summary').click();
    await panel.getByLabel('Content type').fill('application/json');
    await panel.getByLabel('Marked as UTF-8 text').check();
    await panel.getByLabel('Response topic').fill('lab/replies');
    await panel.getByLabel('Correlation data').fill('req-42');
    await panel.getByLabel('User properties').fill('site=lab\nsite=plant\nowner=deck');
    await panel.getByLabel('Message expiry').fill('600');
    await panel.getByRole('button', { name: /Publish/ }).click();
    await panel.locator('.result.ok', { hasText: 'PUBCOMP for lab/ping: success' }).waitFor({ timeout: 10_000 });

    // Hex: two bytes, QoS 1.
    await panel.getByLabel('Topic', { exact: true }).fill('lab/raw');
    await panel.getByLabel('Format').selectOption('hex');
    await panel.getByLabel('Payload').fill('0x01 FF');
    await panel.getByLabel('QoS').selectOption('1');
    await panel.getByLabel('User properties').fill('');
    await panel.getByRole('button', { name: /Publish/ }).click();
    await panel.locator('.result.ok', { hasText: 'PUBACK for lab/raw' }).waitFor({ timeout: 10_000 });

    const [ping, raw] = await messages;
    assert.deepEqual([ping.topic, ping.payload, ping.qos, ping.retain], ['lab/ping', '{"n": 1}', 2, false]);
    assert.deepEqual({ ...ping.properties.userProperties }, { site: ['lab', 'plant'], owner: 'deck' }, 'order and repeats kept');
    assert.equal(ping.properties.responseTopic, 'lab/replies');
    assert.equal(Buffer.from(ping.properties.correlationData).toString(), 'req-42');
    assert.equal(ping.properties.contentType, 'application/json');
    assert.equal(ping.properties.payloadFormatIndicator, true);
    assert.ok(ping.properties.messageExpiryInterval <= 600 && ping.properties.messageExpiryInterval > 590);
    assert.deepEqual([raw.payload, raw.qos], ['\x01\xff', 1]);
});

test('a saved message is one tap away and survives a reload', async (t) => {
    const env = await startEnvironment(t, { config: null });
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/publish`);
    // Point the default connection at this test's broker.
    await showScreen(page, 'Connections');
    await page.getByRole('button', { name: /^Edit / }).first().click();
    const form = page.getByRole('form', { name: 'Connection settings' });
    await form.getByLabel('Broker URL').fill(`ws://127.0.0.1:${broker.wsPort}`);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await waitForConnectionState(page, 'connected');

    await showScreen(page, 'Publish');
    const panel = page.locator('section.publish');
    await panel.getByLabel('Topic', { exact: true }).fill('home/bell');
    await panel.getByLabel('Payload').fill('ring');
    await panel.getByLabel('QoS').selectOption('1');
    await panel.getByLabel('Save as').fill('Ring the bell');
    await panel.getByRole('button', { name: 'Save message' }).click();
    await page.reload();
    await waitForConnectionState(page, 'connected');
    const messages = subscribeV5(t, broker, 'home/bell', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.getByRole('list', { name: 'Saved messages' }).getByRole('button', { name: 'Ring the bell', exact: true }).click();
    const [ring] = await messages;
    assert.deepEqual([ring.payload, ring.qos], ['ring', 1]);
    const saved = await page.evaluate(() => localStorage.getItem('mqtt-deck.settings.v1'));
    assert.ok(saved.includes('"saved_messages"') && saved.includes('Ring the bell'), 'stored with the dashboards, so exported with them');
});
