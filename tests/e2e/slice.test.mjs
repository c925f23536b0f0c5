// The first vertical slice, end to end: the page connects over WebSocket
// (subprotocol mqtt) to a real mosquitto, shows what mosquitto_pub sends and
// publishes what mosquitto_sub receives, in MQTT 5.0 and 3.1.1; settings
// come from ?config=; dist/ works under a sub-path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
    startEnvironment, configFor, waitForConnectionState, mosquittoPub, mosquittoSub, publishFromPage,
} from './harness.mjs';
import { showScreen } from './harness.mjs';

for (const mqttVersion of [5, 4]) {
    test(`MQTT ${mqttVersion === 5 ? '5.0' : '3.1.1'}: page shows mosquitto_pub messages and publishes to mosquitto_sub`, async (t) => {
        const env = await startEnvironment(t, { config: (broker) => configFor(broker, { mqtt_version: mqttVersion }) });
        const { page, broker } = env;
        const sentFrames = [];
        page.on('websocket', (socket) => socket.on('framesent', (frame) => sentFrames.push(frame.payload)));
        await page.goto(`${env.appUrl()}#/log`);
        await waitForConnectionState(page, 'connected');
        // The first frame is CONNECT: fixed header (2 bytes), "MQTT" (6 bytes), then the
        // protocol level [MQTT-3.1.2-2]: 5 for 5.0, 4 for 3.1.1.
        const connect = Buffer.from(sentFrames[0]);
        assert.equal(connect[0], 0x10);
        assert.equal(connect[8], mqttVersion);

        // Broker → page: a retained message set before, and a live one.
        await mosquittoPub(broker, 'demo/retained', 'kept', ['-r', '-q', '1']);
        await mosquittoPub(broker, 'demo/hello', 'hi');
        const live = page.locator('.message[data-topic="demo/hello"]');
        await live.waitFor({ timeout: 10_000 });
        assert.equal(await live.locator('.payload').textContent(), 'hi');
        assert.equal(await live.getAttribute('data-retained'), 'false');
        assert.equal(await live.getAttribute('data-direction'), 'in');

        // Reload: the retained message is delivered with the retain flag [MQTT-3.3.1-9].
        await page.reload();
        await waitForConnectionState(page, 'connected');
        const retained = page.locator('.message[data-topic="demo/retained"]');
        await retained.waitFor({ timeout: 10_000 });
        assert.equal(await retained.getAttribute('data-retained'), 'true');
        assert.equal(await retained.locator('.payload').textContent(), 'kept');

        // Page → broker: QoS 1 and retain as chosen in the form.
        const subscriber = mosquittoSub(t, broker, 'out/#', { count: 1 });
        await subscriber.ready;
        await publishFromPage(page, { topic: 'out/lamp', payload: 'ON', qos: 1, retain: true });
        const [received] = await subscriber.messages;
        assert.equal(received.topic, 'out/lamp');
        assert.equal(received.payload, 'ON');
        assert.equal(received.qos, 1);
        // mosquitto_sub shows retain 0 on live delivery; a new subscriber must get it as retained.
        const late = mosquittoSub(t, broker, 'out/lamp', { count: 1 });
        const [stored] = await late.messages;
        assert.equal(stored.retain, 1);
        assert.equal(stored.payload, 'ON');
        assert.deepEqual(env.pageErrors, []);
    });
}

test('dist/ works from a sub-path with relative asset URLs', async (t) => {
    const env = await startEnvironment(t, { subPath: '/deck/' });
    assert.match(env.site.url, /\/deck\/$/);
    const { page } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    // Each screen is a route under the sub-path; back and forward walk them.
    assert.equal(await page.locator('main').getAttribute('data-screen'), 'dashboard');
    for (const [name, hook] of [['Topics', 'topics'], ['Publish', 'publish'], ['Log', 'log'], ['Connections', 'connections']]) {
        await showScreen(page, name);
        assert.equal(new URL(page.url()).pathname, '/deck/');
        assert.equal(new URL(page.url()).hash, `#/${hook}`);
        assert.equal(await page.locator('[data-screen]').count(), 1, 'only the current screen is shown');
        assert.equal(await page.getByRole('link', { name, exact: true }).getAttribute('aria-current'), 'page');
    }
    await page.goBack();
    await page.locator('main[data-screen="log"]').waitFor({ timeout: 5_000 });
    await page.goBack();
    await page.locator('main[data-screen="publish"]').waitFor({ timeout: 5_000 });
    await page.goForward();
    await page.locator('main[data-screen="log"]').waitFor({ timeout: 5_000 });
    await mosquittoPub(env.broker, 'demo/sub-path', 'works');
    await page.locator('.message[data-topic="demo/sub-path"]').waitFor({ timeout: 10_000 });
    // A bookmark opens its screen; a plain visit opens the last one.
    await page.goto(`${env.appUrl()}#/topics`);
    await page.locator('main[data-screen="topics"]').waitFor({ timeout: 10_000 });
    await page.goto(env.appUrl());
    await page.locator('main[data-screen="topics"]').waitFor({ timeout: 10_000 });
    // Kiosk: the dashboard alone, no navigation or edit controls, the status chip stays.
    await page.goto(`${env.appUrl()}#/d?kiosk`);
    await page.locator('main[data-screen="dashboard"].kiosk').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('navigation', { name: 'Screens' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Edit', exact: true }).count(), 0);
    assert.ok(await page.locator('[data-connection-id="local"]').isVisible());
    assert.deepEqual(env.pageErrors.map(String), []);
});

test('a payload with markup is shown as text and runs nothing', async (t) => {
    const env = await startEnvironment(t);
    const { page, broker } = env;
    await page.goto(`${env.appUrl()}#/log`);
    await waitForConnectionState(page, 'connected');
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await mosquittoPub(broker, 'demo/xss', hostile);
    const row = page.locator('.message[data-topic="demo/xss"] .payload');
    await row.waitFor({ timeout: 10_000 });
    assert.equal(await row.textContent(), hostile);
    assert.equal(await page.locator('.message img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('a settings file that cannot be parsed gives a specific visible error', async (t) => {
    const env = await startEnvironment(t, { config: null, files: { 'broken.json': '{ "format": "mqtt-deck", "version": 1,\n  "connections": [ { "id": 7 } ] }' } });
    await env.page.goto(env.appUrl('?config=broken.json'));
    const alert = env.page.locator('.notice');
    await alert.waitFor({ timeout: 10_000 });
    const text = await alert.textContent();
    assert.match(text, /broken\.json is not a valid MQTT Deck file/);
    // An entry of the wrong shape is named by its path and the field's expected type.
    assert.match(text, /connections\[0\]: invalid type: integer `7`, expected a string/);
});

test('a settings file that cannot be fetched names the URL and the HTTP status', async (t) => {
    const env = await startEnvironment(t, { config: null });
    await env.page.goto(env.appUrl('?config=missing.json'));
    const alert = env.page.locator('.notice');
    await alert.waitFor({ timeout: 10_000 });
    assert.match(await alert.textContent(), /could not load settings from missing\.json: HTTP 404/);
});

test('an unreachable broker shows reconnecting with the cause', async (t) => {
    const env = await startEnvironment(t);
    await env.broker.kill();
    await env.page.goto(env.appUrl());
    await waitForConnectionState(env.page, 'reconnecting');
    const detail = await env.page.locator('.connection-detail').textContent();
    assert.match(detail, /cannot reach the broker at ws:\/\/127\.0\.0\.1:\d+/);
});
