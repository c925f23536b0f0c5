// The app against brokers other than mosquitto, each started by the test on
// loopback: aedes (npm, MQTT 3.1.1 only) and mqttv5 (crate mqttv5-cli, MQTT
// 5.0, WebSocket at /mqtt only). mosquitto_sub, a client we did not write,
// checks what the page publishes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFor, mosquittoSub, publishFromPage, startEnvironment, waitForConnectionState, showScreen } from './harness.mjs';

function countConnects(page) {
    const counter = { count: 0 };
    page.on('websocket', (socket) => socket.on('framesent', (frame) => {
        if (Buffer.from(frame.payload)[0] === 0x10) counter.count++;
    }));
    return counter;
}

const detail = (page) => page.locator('[data-connection-id="local"] .connection-detail').textContent();

async function publishesTo(t, env, topic) {
    const subscriber = mosquittoSub(t, env.broker, topic);
    await subscriber.ready;
    await publishFromPage(env.page, { topic, payload: 'from the page', qos: 1 });
    const [message] = await subscriber.messages;
    assert.equal(message.payload, 'from the page');
}

test('aedes (3.1.1 only): a 5.0 profile fails once and says to use 3.1.1; "auto" falls back and works', async (t) => {
    const fixed = await startEnvironment(t, { brokerKind: 'aedes', config: (broker) => configFor(broker, { mqtt_version: 5 }) });
    const connects = countConnects(fixed.page);
    await fixed.page.goto(fixed.appUrl());
    await waitForConnectionState(fixed.page, 'failed');
    assert.match(await detail(fixed.page), /this broker does not support MQTT 5\.0; use 3\.1\.1/);
    // Failed is final: no retry loop (the first retry would come after about a second).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(connects.count, 1, 'CONNECT sent once');

    const auto = await startEnvironment(t, { brokerKind: 'aedes', config: (broker) => configFor(broker, { mqtt_version: 'auto' }) });
    const autoConnects = countConnects(auto.page);
    await auto.page.goto(auto.appUrl());
    await waitForConnectionState(auto.page, 'connected');
    assert.equal(autoConnects.count, 2, 'one 5.0 CONNECT, then one 3.1.1 CONNECT');
    await showScreen(auto.page, 'Connections');
    await auto.page.locator('[data-protocol="3.1.1"]').waitFor();
    await publishesTo(t, auto, 'demo/aedes');
    // What worked is remembered: a reload goes straight to 3.1.1.
    const reloadConnects = countConnects(auto.page);
    await auto.page.reload();
    await waitForConnectionState(auto.page, 'connected');
    assert.equal(reloadConnects.count, 1, 'after a reload, 3.1.1 at once');
});

test('mqttv5 broker: 5.0 at /mqtt connects; the root path fails with a message naming the path', async (t) => {
    const right = await startEnvironment(t, {
        brokerKind: 'mqttv5',
        config: (broker) => configFor(broker, { url: `ws://127.0.0.1:${broker.wsPort}/mqtt` }),
    });
    await right.page.goto(right.appUrl());
    await waitForConnectionState(right.page, 'connected');
    await showScreen(right.page, 'Connections');
    await right.page.locator('[data-protocol="5.0"]').waitFor();
    await publishesTo(t, right, 'demo/mqttv5');

    const wrong = await startEnvironment(t, { brokerKind: 'mqttv5' });
    await wrong.page.goto(wrong.appUrl());
    await waitForConnectionState(wrong.page, 'reconnecting');
    assert.match(await detail(wrong.page), /WebSocket code 1006.*add it to the URL \(many use \/mqtt\)/);
});
