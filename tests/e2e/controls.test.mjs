// The controls of issue 15 against a real mosquitto, with an mqtt.js
// device (a client we did not write) that reports its state retained and
// answers commands: indicator looks per state, the multi-state control,
// the number input, the level bar, the colour picker and the image widget.
// Then the value transforms: scale and offset, the expression language
// (evaluated in Rust) and value maps. Hooks: data-widget-kind on the card,
// data-state where there is a state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { execFileSync } from 'node:child_process';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub } from './harness.mjs';
import { controlsDashboard } from './fixtures.mjs';

const widget = (page, id) => page.locator(`[data-widget-id="${id}"]`);
const state = (page, id, selector) => widget(page, id).locator(selector).getAttribute('data-state');

function controlsConfig(broker) {
    const config = configFor(broker, { subscriptions: [] });
    config.dashboards = [controlsDashboard()];
    return config;
}

// A 1×1 PNG and a 2×1 PNG, each a complete file.
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PNG_2x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8Dwn4GBgQEAEAUBAPdg8tsAAAAASUVORK5CYII=', 'base64');

/** An MQTT device: records commands; `echo` reports each command's payload (or what `reply` returns) as its state. */
async function startDevice(t, broker, reply = (topic, payload) => payload) {
    const client = mqtt.connect(`mqtt://127.0.0.1:${broker.tcpPort}`, { reconnectPeriod: 0 });
    t.after(() => client.end(true));
    await new Promise((resolve, reject) => { client.once('connect', resolve); client.once('error', reject); });
    await new Promise((resolve, reject) => client.subscribe('dev/+/+/set', { qos: 1 }, (error) => (error ? reject(error) : resolve())));
    const commands = [];
    const publish = (topic, payload) => new Promise((resolve, reject) =>
        client.publish(topic, payload, { qos: 1, retain: true }, (error) => (error ? reject(error) : resolve())));
    client.on('message', (topic, payload) => {
        commands.push({ topic, payload: payload.toString() });
        const answer = reply(topic, payload.toString());
        if (answer !== null) publish(topic.replace(/\/set$/, ''), answer);
    });
    return { commands, publish };
}

test('looks per state, multi-state, number, level and colour controls confirm through a real device', async (t) => {
    const env = await startEnvironment(t, { config: controlsConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    const device = await startDevice(t, broker);
    await waitForConnectionState(page, 'connected');
    await device.publish('dev/lock/state', 'LOCKED');
    await device.publish('dev/heat/mode', 'eco');
    await device.publish('dev/fan/speed', '2');
    await device.publish('dev/heat/setpoint', '21.5');
    await device.publish('dev/tank', JSON.stringify({ level: 72 }));
    await device.publish('dev/rgb/color', '#ff8800');

    // Indicator: the state's label, colour and icon; the payload is not said twice.
    const lock = widget(page, 'lock');
    await lock.locator('.indicator[data-state="Locked"]').waitFor();
    assert.equal(await lock.locator('svg[data-icon="lock"]').getAttribute('stroke'), '#c62828');
    assert.equal((await lock.locator('.indicator-payload').textContent()).trim(), '', 'LOCKED is not said beside Locked');
    await device.publish('dev/lock/state', 'UNLOCKED');
    await lock.locator('.indicator[data-state="Unlocked"] svg[data-icon="door"][stroke="#2e7d32"]').waitFor();
    assert.equal(await widget(page, 'lock').getAttribute('data-widget-kind'), 'indicator');

    // Multi-state as segmented buttons: the device's state is pressed; a
    // press sends that option's payload and stays pending until the device reports it.
    const mode = widget(page, 'mode');
    assert.equal(await mode.getAttribute('data-widget-kind'), 'select');
    await mode.locator('.multi-state[data-state="eco"]').waitFor();
    assert.equal(await mode.getByRole('button', { name: 'Eco' }).getAttribute('aria-pressed'), 'true');
    await mode.getByRole('button', { name: 'Comfort' }).click();
    await mode.locator('.multi-state[data-state="comfort"][data-pending="false"]').waitFor();
    assert.deepEqual(device.commands.at(-1), { topic: 'dev/heat/mode/set', payload: 'comfort' });
    assert.equal(await mode.getByRole('button', { name: 'Comfort' }).getAttribute('aria-pressed'), 'true');

    // Five options are a select; numbers match numerically.
    const fan = widget(page, 'fan');
    await fan.locator('.multi-state[data-state="2"]').waitFor();
    await fan.getByRole('combobox', { name: 'Fan' }).selectOption({ label: 'Speed 4' });
    await fan.locator('.multi-state[data-state="4"][data-pending="false"]').waitFor();
    assert.deepEqual(device.commands.at(-1), { topic: 'dev/fan/speed/set', payload: '4' });

    // Number input: + steps from the device's value; a typed value beyond max is refused and not sent.
    const setpoint = widget(page, 'setpoint');
    await setpoint.locator('.number-input[data-state="21.5"]').waitFor();
    await setpoint.getByRole('button', { name: 'Increase Setpoint' }).click();
    await setpoint.locator('.number-input[data-state="22"][data-pending="false"]').waitFor();
    assert.deepEqual(device.commands.at(-1), { topic: 'dev/heat/setpoint/set', payload: '22.0' });
    const sent = device.commands.length;
    await setpoint.getByRole('textbox', { name: 'Setpoint' }).fill('35');
    await setpoint.getByRole('textbox', { name: 'Setpoint' }).press('Enter');
    await setpoint.locator('.widget-note', { hasText: 'beyond the maximum 28; not sent' }).waitFor();
    await setpoint.getByRole('textbox', { name: 'Setpoint' }).fill('19.5');
    await setpoint.getByRole('button', { name: 'Set', exact: true }).click();
    await setpoint.locator('.number-input[data-state="19.5"][data-pending="false"]').waitFor();
    assert.deepEqual(device.commands.slice(sent), [{ topic: 'dev/heat/setpoint/set', payload: '19.5' }], '35 was never sent');

    // Level bar: the percentage and the band colour.
    const tank = widget(page, 'tank');
    await tank.locator('.level[data-level="72"]').waitFor();
    assert.equal(await tank.locator('.level-fill').getAttribute('fill'), '#2e7d32');
    assert.equal(await tank.getByRole('meter').getAttribute('aria-valuenow'), '72');
    await device.publish('dev/tank', JSON.stringify({ level: 12 }));
    await tank.locator('.level[data-level="12"] .level-fill[fill="#c62828"]').waitFor();

    // Colour picker: a hex state, a JSON command, a JSON state.
    const rgb = widget(page, 'rgb');
    await rgb.locator('.color-picker[data-state="#ff8800"]').waitFor();
    await rgb.locator('input[type="color"]').fill('#00ff40');
    await rgb.locator('.color-picker[data-state="#00ff40"][data-pending="false"]').waitFor();
    assert.deepEqual(device.commands.at(-1), { topic: 'dev/rgb/color/set', payload: '{"r":0,"g":255,"b":64}' });
    assert.equal(await rgb.locator('input[type="color"]').inputValue(), '#00ff40');
    assert.equal(await rgb.locator('.color-value').textContent(), '#00ff40');

    // Offline, every control is disabled and nothing is queued.
    await broker.kill();
    await waitForConnectionState(page, 'reconnecting');
    assert.equal(await mode.getByRole('button', { name: 'Off' }).isDisabled(), true);
    assert.equal(await fan.getByRole('combobox', { name: 'Fan' }).isDisabled(), true);
    assert.equal(await setpoint.getByRole('button', { name: 'Increase Setpoint' }).isDisabled(), true);
    assert.equal(await setpoint.getByRole('textbox', { name: 'Setpoint' }).isDisabled(), true);
    assert.equal(await rgb.locator('input[type="color"]').isDisabled(), true);
});

test('a device that reports another state reverts the control and says so', async (t) => {
    const env = await startEnvironment(t, { config: controlsConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    // The heating refuses comfort: it reports eco again.
    const device = await startDevice(t, broker, (topic, payload) => (payload === 'comfort' ? 'eco' : payload));
    await waitForConnectionState(page, 'connected');
    await device.publish('dev/heat/mode', 'eco');
    const mode = widget(page, 'mode');
    await mode.locator('.multi-state[data-state="eco"]').waitFor();
    await mode.getByRole('button', { name: 'Comfort' }).click();
    await mode.locator('.widget-note', { hasText: 'the device reported Eco, not Comfort' }).waitFor();
    assert.equal(await state(page, 'mode', '.multi-state'), 'eco');
});

test('images: raw and base64 PNGs through revoked blob URLs; script text and 3 MB payloads are refused', async (t) => {
    const env = await startEnvironment(t, { config: controlsConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    const device = await startDevice(t, broker);
    await waitForConnectionState(page, 'connected');
    const cam = widget(page, 'cam');
    await cam.locator('.image-widget[data-state="none"]').waitFor();

    await device.publish('dev/cam', PNG_1x1);
    await cam.locator('.image-widget[data-state="shown"] img').waitFor();
    const first = await cam.locator('img').getAttribute('src');
    assert.match(first, /^blob:/);
    await page.waitForFunction((id) => document.querySelector(`[data-widget-id="${id}"] img`)?.naturalWidth === 1, 'cam');

    await device.publish('dev/cam', PNG_2x1.toString('base64'));
    await page.waitForFunction((id) => document.querySelector(`[data-widget-id="${id}"] img`)?.naturalWidth === 2, 'cam');
    const second = await cam.locator('img').getAttribute('src');
    assert.notEqual(second, first);
    // The replaced URL was revoked: fetching it fails.
    const firstStillLoads = await page.evaluate((url) => fetch(url).then(() => true, () => false), first);
    assert.equal(firstStillLoads, false, 'the replaced blob URL is revoked');

    await device.publish('dev/cam', '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">');
    await cam.locator('.image-widget[data-state="refused"]', { hasText: 'not a JPEG or PNG image' }).waitFor();
    assert.equal(await cam.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'nothing in the payload ran');
    const secondStillLoads = await page.evaluate((url) => fetch(url).then(() => true, () => false), second);
    assert.equal(secondStillLoads, false, 'a refused payload also revokes the image it replaces');

    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', 'dev/cam', '-s'], { input: Buffer.alloc(3 * 1024 * 1024, 0xff) });
    // mosquitto's WebSocket listener holds a large outgoing message until its loop writes again
    // (see the 5 MB test in dashboard.test.mjs), so small messages nudge it along, a bounded number of times.
    const tooLarge = cam.locator('.image-widget[data-state="refused"]', { hasText: 'the payload is 3072 KiB, over the 2 MiB limit' });
    for (let nudge = 0; nudge < 400 && !(await tooLarge.count()); nudge++) {
        await mosquittoPub(broker, 'dev/lock/state', `nudge ${nudge}`);
    }
    await tooLarge.waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('[data-connection-id="local"]').getAttribute('data-connection-state'), 'connected');
});

test('value transforms: an expression, scale and offset, a value map; a failing expression says why', async (t) => {
    const env = await startEnvironment(t, { config: controlsConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'dev/meter/power', '1750');
    await widget(page, 'power').locator('.text-value[data-value="1.8 kW"]').waitFor();
    await mosquittoPub(broker, 'dev/meter/power', '640');
    await widget(page, 'power').locator('.text-value[data-value="640 W"]').waitFor();

    await mosquittoPub(broker, 'dev/boiler/kelvin', '333.15');
    await widget(page, 'kelvin').locator('[role="meter"][aria-valuetext="60.0 °C"]').waitFor();

    await mosquittoPub(broker, 'dev/garage/raw', '1');
    await widget(page, 'garage').locator('.text-value[data-value="Open"] svg[data-icon="door"][stroke="#ef6c00"]').waitFor();
    await mosquittoPub(broker, 'dev/garage/raw', '0');
    await widget(page, 'garage').locator('.text-value[data-value="Closed"]').waitFor();

    await mosquittoPub(broker, 'dev/double', JSON.stringify({ reading: 21 }));
    await widget(page, 'double').locator('.text-value[data-value="42"]').waitFor();
    // Not a number where one is needed, and markup: the card says why, nothing runs.
    await mosquittoPub(broker, 'dev/double', JSON.stringify({ reading: '<img src=x onerror="window.__pwned=1">' }));
    await widget(page, 'double').locator('.text-value', { hasText: 'expression: * needs numbers, not the text' }).waitFor();
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    await mosquittoPub(broker, 'dev/double', 'not json');
    await widget(page, 'double').locator('.text-value[data-value="expression: * needs numbers, not nothing (a missing field)"]').waitFor();
});

test('a file whose expression does not parse is refused with the field and the reason', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => {
        const config = controlsConfig(broker);
        config.dashboards[0].widgets.push({ id: 'bad', kind: 'text', connection: 'local', topic: 'dev/x', expression: 'value * (2' });
        return config;
    } });
    const { page } = env;
    await page.goto(env.appUrl());
    await page.getByText(/widgets\[11\]\.expression.*expected "\)"/).first().waitFor();
});
