// Dashboards and widgets end to end: every widget kind in both directions
// against a real mosquitto, with mosquitto_pub feeding values and
// mosquitto_sub checking exactly what the controls publish (payload, QoS,
// retain). Also: switch confirmation and timeout, slider throttling, markup
// shown as text, stale marks, persistence, and screenshots on a desktop and
// a 390×844 phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startEnvironment, waitForConnectionState, mosquittoPub, mosquittoSub, ROOT, VIEWPORTS, horizontalOverflow, smallTouchTargets, showScreen, answerDialog } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

const SCREENSHOTS = join(ROOT, 'target', 'screenshots');

const widget = (page, id) => page.locator(`[data-widget-id="${id}"]`);

test('every widget kind shows what mosquitto_pub sends', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    // A retained value is there before the page subscribes; the others come live.
    await mosquittoPub(broker, 'home/sensor/status', 'online', ['-r']);
    await page.locator('[data-widget-id="online"] [data-state="on"]').waitFor({ timeout: 10_000 });
    for (const value of [21.5, 22.25, 29.04]) {
        await mosquittoPub(broker, 'home/living/temperature', JSON.stringify({ temperature: value, humidity: 40 }));
    }
    const meter = widget(page, 'temp').getByRole('meter');
    await page.locator('[data-widget-id="temp"] [aria-valuenow="29.04"]').waitFor({ timeout: 10_000 });
    assert.equal(await meter.getAttribute('aria-valuemin'), '0');
    assert.equal(await meter.getAttribute('aria-valuemax'), '40');
    assert.equal(await widget(page, 'temp').locator('.gauge-label').textContent(), '29.0 °C');
    assert.match(await widget(page, 'temp').locator('.gauge-value').getAttribute('style'), /#e53935/, 'over the 28 threshold');
    await page.locator('[data-widget-id="trend"] [data-points="3"]').waitFor({ timeout: 5_000 });
    assert.match(await widget(page, 'trend').locator('.legend').textContent(), /Living 29\.04/);

    await mosquittoPub(broker, 'home/door/last_event', '<img src=x onerror="window.__pwned=1">opened');
    const text = widget(page, 'msg').locator('[data-value]');
    await page.locator('[data-widget-id="msg"] [data-value*="opened"]').waitFor({ timeout: 5_000 });
    assert.equal(await text.textContent(), '<img src=x onerror="window.__pwned=1">opened');
    assert.equal(await widget(page, 'msg').locator('img').count(), 0, 'no element was made from the payload');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');

    await mosquittoPub(broker, 'home/sensor/status', 'offline');
    await page.locator('[data-widget-id="online"] [data-state="off"]').waitFor({ timeout: 5_000 });
    await mosquittoPub(broker, 'home/sensor/status', 'rebooting');
    await page.locator('[data-widget-id="online"] [data-state="unknown"]').waitFor({ timeout: 5_000 });

    await mosquittoPub(broker, 'home/lamp/state', 'ON');
    await page.locator('[data-widget-id="lamp"] [role="switch"][aria-checked="true"]').waitFor({ timeout: 5_000 });
    await mosquittoPub(broker, 'home/lamp/brightness', '42');
    await page.waitForFunction(() => document.querySelector('[data-widget-id="dim"] input[type=range]').value === '42');
    for (const id of ['temp', 'lamp', 'dim', 'bell', 'trend', 'msg', 'online']) {
        assert.equal(await widget(page, id).getAttribute('data-stale'), 'false', id);
    }
    assert.deepEqual(env.pageErrors.map(String), []);
});

test('controls publish exactly the configured payload, QoS and retain', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');

    const bell = mosquittoSub(t, broker, 'home/bell', { count: 1 });
    await bell.ready;
    await widget(page, 'bell').getByRole('button', { name: 'Send "ring"' }).click();
    const [ring] = await bell.messages;
    assert.deepEqual([ring.payload, ring.qos, Boolean(ring.retain)], ['ring', 2, false], 'a live subscriber sees retain=0');
    // The broker kept it as retained: a new subscriber gets it with the retain flag.
    const late = mosquittoSub(t, broker, 'home/bell', { count: 1 });
    const [kept] = await late.messages;
    assert.deepEqual([kept.payload, Boolean(kept.retain)], ['ring', true]);

    const lamp = mosquittoSub(t, broker, 'home/lamp/set', { count: 1 });
    await lamp.ready;
    await mosquittoPub(broker, 'home/lamp/state', 'OFF');
    await page.locator('[data-widget-id="lamp"] [data-state="off"]').waitFor({ timeout: 5_000 });
    await widget(page, 'lamp').getByRole('switch').click();
    const [command] = await lamp.messages;
    assert.deepEqual([command.payload, command.qos, Boolean(command.retain)], ['ON', 1, false]);
});

test('a switch is pending until the state confirms, and reverts with a message when nothing does', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'home/lamp/state', 'OFF');
    const lamp = widget(page, 'lamp').getByRole('switch');
    await page.locator('[data-widget-id="lamp"] [data-state="off"]').waitFor({ timeout: 5_000 });

    await lamp.click();
    assert.equal(await lamp.getAttribute('data-pending'), 'true');
    assert.equal(await lamp.getAttribute('aria-checked'), 'true', 'shows the state asked for while pending');
    await mosquittoPub(broker, 'home/lamp/state', 'ON');
    await page.locator('[data-widget-id="lamp"] [data-pending="false"][aria-checked="true"]').waitFor({ timeout: 5_000 });

    // No device answers: after confirm_timeout_s (2 s) the switch shows the reported state again.
    await lamp.click();
    assert.equal(await lamp.getAttribute('data-pending'), 'true');
    await page.locator('[data-widget-id="lamp"] [data-pending="false"][aria-checked="true"]').waitFor({ timeout: 5_000 });
    assert.match(await widget(page, 'lamp').locator('.widget-note').textContent(), /no confirmation within 2 s/);

    // The device refuses: it reports the old state.
    await lamp.click();
    await mosquittoPub(broker, 'home/lamp/state', 'ON');
    await page.locator('[data-widget-id="lamp"] [data-pending="false"]').waitFor({ timeout: 5_000 });
    assert.match(await widget(page, 'lamp').locator('.widget-note').textContent(), /the device reported on, not off/);
});

test('a switch with "confirm" asks first; declining sends nothing', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker, { lamp: { confirm: true, title: 'Lamp' } }) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'home/lamp/state', 'OFF');
    await page.locator('[data-widget-id="lamp"] [data-state="off"]').waitFor({ timeout: 5_000 });
    const commands = mosquittoSub(t, broker, 'home/lamp/set', { count: 2, timeoutMs: 8_000 });
    await commands.ready;
    // An in-app dialog in plain words, its buttons named by their action; Escape cancels.
    await widget(page, 'lamp').getByRole('switch').click();
    const dialog = page.getByRole('alertdialog', { name: 'Turn on Lamp?' });
    await dialog.waitFor({ timeout: 5_000 });
    assert.match(await dialog.textContent(), /Sends "ON" to home\/lamp\/set\./);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    await widget(page, 'lamp').getByRole('switch').click();
    assert.equal(await answerDialog(page, 'Cancel'), 'Turn on Lamp?');
    assert.equal(await widget(page, 'lamp').getByRole('switch').getAttribute('data-pending'), 'false');
    await widget(page, 'lamp').getByRole('switch').click();
    assert.equal(await answerDialog(page, 'Turn on'), 'Turn on Lamp?');
    const [command] = await commands.messages.catch((error) => error.received);
    assert.equal(command?.payload, 'ON');
    // Only the answered press was sent, once.
    assert.equal((await commands.messages.catch((error) => error.received)).length, 1);
});

test('a slider waits for the real state, publishes at most 4 per second while dragging, and the final value', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    const slider = widget(page, 'dim').locator('input[type=range]');
    assert.equal(await slider.isDisabled(), true, 'no default is offered before the state arrives');
    await mosquittoPub(broker, 'home/lamp/brightness', '10');
    await page.locator('[data-widget-id="dim"] input[type=range]:not([disabled])').waitFor({ timeout: 5_000 });

    const commands = mosquittoSub(t, broker, 'home/lamp/brightness/set', { count: 100, timeoutMs: 4_000 });
    await commands.ready;
    // A 1.5 s drag from 10 to 90: 80 input events, then release.
    const started = Date.now();
    await page.evaluate(async () => {
        const input = document.querySelector('[data-widget-id="dim"] input[type=range]');
        for (let value = 11; value <= 90; value++) {
            input.value = String(value);
            input.dispatchEvent(new Event('input', { bubbles: true }));
            await new Promise((resolve) => setTimeout(resolve, 19));
        }
        input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const dragSeconds = (Date.now() - started) / 1000;
    // Fewer than 100 arrive: mosquitto_sub stops after 4 s and hands over what it got.
    const sent = await commands.messages.catch((error) => error.received);
    assert.ok(sent.length >= 2, `some values were sent: ${sent.map((m) => m.payload)}`);
    assert.ok(sent.length <= Math.ceil(dragSeconds * 4) + 1, `${sent.length} publishes in ${dragSeconds} s`);
    assert.equal(sent.at(-1).payload, '90', 'the final value is sent');
    assert.ok(sent.every((message) => message.qos === 1));
});

test('a 5 MB payload is shown cut, with its length, and the connection stays up', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', 'home/door/last_event', '-s'],
        { input: 'x'.repeat(5 * 1024 * 1024) });
    // mosquitto 2.0.11's WebSocket listener holds a large outgoing message until its loop writes again
    // (mqtt.js over WebSocket sees the same), so other traffic nudges it along.
    const big = page.locator('[data-widget-id="msg"] [data-value$="(5242880 characters in all)"]');
    for (let nudge = 0; nudge < 400 && !(await big.count()); nudge++) {
        await mosquittoPub(broker, 'home/sensor/status', 'online');
    }
    await big.waitFor({ timeout: 5_000 });
    assert.ok((await big.getAttribute('data-value')).startsWith('xxxx'));
    assert.equal(await page.locator('[data-connection-id="local"]').getAttribute('data-connection-state'), 'connected');
    await mosquittoPub(broker, 'home/door/last_event', 'after the big one');
    await page.locator('[data-widget-id="msg"] [data-value="after the big one"]').waitFor({ timeout: 5_000 });
});

test('widgets are marked stale when their connection drops', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'home/door/last_event', 'closed');
    await page.locator('[data-widget-id="msg"][data-stale="false"] [data-value="closed"]').waitFor({ timeout: 5_000 });
    await broker.kill();
    await page.locator('[data-widget-id="msg"][data-stale="true"]').waitFor({ timeout: 10_000 });
    assert.equal(await widget(page, 'msg').locator('[data-value]').textContent(), 'closed', 'the last value stays readable');
});

for (const { name, viewport, context } of VIEWPORTS) {
    test(`dashboard layout on ${name}: no overflow, 44 px targets, screenshot`, async (t) => {
        const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker), viewport, context });
        const { page, broker } = env;
        await page.goto(env.appUrl());
        await waitForConnectionState(page, 'connected');
        await mosquittoPub(broker, 'home/lamp/state', 'ON');
        await mosquittoPub(broker, 'home/lamp/brightness', '60');
        await mosquittoPub(broker, 'home/sensor/status', 'online');
        await mosquittoPub(broker, 'home/door/last_event', 'front door opened');
        for (const value of [20.5, 21, 21.7, 22.4, 23.1]) {
            await mosquittoPub(broker, 'home/living/temperature', JSON.stringify({ temperature: value }));
        }
        await page.locator('[data-widget-id="trend"] [data-points="5"]').waitFor({ timeout: 10_000 });
        const overflow = await horizontalOverflow(page);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
        assert.deepEqual(await smallTouchTargets(page, '.dashboards button, .dashboards input, .dashboards select'), []);
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}.png`), fullPage: true });
        await page.getByRole('button', { name: 'Edit', exact: true }).click();
        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-edit-${name}.png`), fullPage: true });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-edit-${name}-top.png`) });
    });
}
