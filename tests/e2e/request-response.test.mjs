// MQTT 5.0 request/response from controls, against a real mosquitto with an
// mqtt.js responder (a client we did not write) as the device: a command
// carries Response Topic and Correlation Data, which the broker passes on
// unaltered [MQTT-3.3.2-15] [MQTT-3.3.2-16]; the correlated response
// confirms it and its text is shown; a response with a JSON "error" or an
// `error` user property shows the failure and reverts; a response with
// other correlation data confirms nothing; silence times out and reverts.
// On MQTT 3.1.1 the same widget sends a plain publish and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { startEnvironment, configFor, waitForConnectionState } from './harness.mjs';

const widget = (page, id) => page.locator(`[data-widget-id="${id}"]`);

/** Controls that ask for responses: a switch on the browser's own topic, buttons on a fixed one. */
function requestResponseConfig(broker, mqttVersion = 5) {
    const config = configFor(broker, { subscriptions: [], mqtt_version: mqttVersion });
    const command = { connection: 'local', confirm_timeout_s: 2, command_expiry_s: 0 };
    config.dashboards = [{
        id: 'lab', title: 'Lab', widgets: [
            { ...command, id: 'valve', kind: 'switch', title: 'Valve', command_topic: 'lab/valve/set', response_topic: 'auto' },
            { ...command, id: 'unlock', kind: 'button', title: 'Unlock', command_topic: 'lab/unlock', payload: 'go', response_topic: 'lab/replies' },
            { ...command, id: 'reboot', kind: 'button', title: 'Reboot', command_topic: 'lab/reboot', payload: 'now', response_topic: 'lab/replies' },
        ],
    }];
    return config;
}

/**
 * An MQTT 5.0 device on `lab/#`: it records every command with its
 * properties and answers with what `answer(topic, payload)` returns
 * (a list of { payload, properties } to publish to the response topic).
 */
async function startResponder(t, broker, answer) {
    const client = mqtt.connect(`mqtt://127.0.0.1:${broker.tcpPort}`, { protocolVersion: 5, reconnectPeriod: 0 });
    t.after(() => client.end(true));
    await new Promise((resolve, reject) => { client.once('connect', resolve); client.once('error', reject); });
    await new Promise((resolve, reject) => client.subscribe('lab/#', { qos: 1, nl: true }, (error) => (error ? reject(error) : resolve())));
    const commands = [];
    client.on('message', (topic, payload, packet) => {
        if (topic === 'lab/replies') return;
        const properties = packet.properties ?? {};
        commands.push({ topic, payload: payload.toString(), properties });
        if (!properties.responseTopic) return;
        for (const reply of answer(topic, payload.toString())) {
            client.publish(properties.responseTopic, reply.payload, {
                qos: 1, properties: { correlationData: properties.correlationData, ...reply.properties },
            });
        }
    });
    return commands;
}

test('a correlated response confirms a command, a failure reverts it, silence times out', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => requestResponseConfig(broker) });
    const { page, broker } = env;
    const commands = await startResponder(t, broker, (topic, payload) => {
        if (topic === 'lab/valve/set' && payload === 'ON') {
            // An answer to some other request first: it must not confirm this one.
            return [{ payload: 'not yours', properties: { correlationData: Buffer.from('someone-else') } }, { payload: 'valve open' }];
        }
        if (topic === 'lab/valve/set') return [{ payload: '{"error":"valve jammed"}' }];
        if (topic === 'lab/unlock') return [{ payload: 'denied', properties: { userProperties: { error: 'not allowed from here' } } }];
        return []; // lab/reboot: the device stays silent
    });
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    const valve = widget(page, 'valve').getByRole('switch');

    await valve.click();
    await widget(page, 'valve').locator('.widget-note', { hasText: 'response: valve open' }).waitFor({ timeout: 5_000 });
    assert.equal(await valve.getAttribute('data-state'), 'on', 'the response confirmed ON');
    assert.equal(await valve.getAttribute('data-pending'), 'false');
    const [on] = commands;
    assert.equal(on.payload, 'ON');
    assert.match(on.properties.responseTopic, /^mqtt-deck\/[a-z0-9]+\/response$/, 'the browser\'s own response topic');
    assert.equal(on.properties.correlationData.length, 16, 'fresh Correlation Data on the command');

    await valve.click();
    await widget(page, 'valve').locator('.widget-note', { hasText: 'failed: valve jammed' }).waitFor({ timeout: 5_000 });
    assert.equal(await valve.getAttribute('data-state'), 'on', 'a failed OFF shows the state before it');
    assert.notDeepEqual(commands[1].properties.correlationData, on.properties.correlationData, 'each command has its own');

    await widget(page, 'unlock').getByRole('button', { name: 'Unlock', exact: true }).click();
    await widget(page, 'unlock').locator('.widget-note', { hasText: 'failed: not allowed from here' }).waitFor({ timeout: 5_000 });
    assert.equal(commands[2].properties.responseTopic, 'lab/replies');

    const reboot = widget(page, 'reboot').getByRole('button', { name: 'Reboot', exact: true });
    await reboot.click();
    await widget(page, 'reboot').locator('.widget-note', { hasText: 'waiting for the response' }).waitFor({ timeout: 2_000 });
    assert.equal(await reboot.getAttribute('data-pending'), 'true', 'pending until a response or the timeout');
    await widget(page, 'reboot').locator('.widget-note', { hasText: 'no response within 2 s' }).waitFor({ timeout: 5_000 });
    assert.equal(await reboot.getAttribute('data-pending'), 'false');
    assert.equal(commands.length, 4, 'one command per press, nothing more');
    assert.deepEqual(env.pageErrors.map(String), []);
});

test('on MQTT 3.1.1 a control with a response topic sends a plain publish and says it is unconfirmed', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => requestResponseConfig(broker, 4) });
    const { page, broker } = env;
    const commands = await startResponder(t, broker, () => [{ payload: 'valve open' }]);
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    const valve = widget(page, 'valve').getByRole('switch');
    await valve.click();
    await widget(page, 'valve').locator('.widget-note', { hasText: 'optimistic' }).waitFor({ timeout: 5_000 });
    assert.equal(commands.length, 1);
    assert.equal(commands[0].properties.responseTopic, undefined, 'no Response Topic on 3.1.1');
    assert.equal(commands[0].properties.correlationData, undefined);
    assert.deepEqual(env.pageErrors.map(String), []);
});
