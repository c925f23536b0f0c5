// Alerts (issue 15) against a real mosquitto, fed by mosquitto_pub (a
// client we did not write), in real Chromium: a rule rises off-screen and
// the navigation shows a badge; a noisy value within the hysteresis does
// not flap; the alert is acknowledged, clears, and all of it survives a
// reload. `for_s` waits, `stale_s` rises on silence and clears on the next
// message. Notifications are asked for only on a click, and a rule with
// `notify` then shows one (read back from the service worker's registration).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub } from './harness.mjs';

function alertsConfig(broker) {
    const config = configFor(broker, { subscriptions: [] });
    config.dashboards = [{
        id: 'plant', title: 'Plant', widgets: [
            { id: 'boiler', kind: 'gauge', title: 'Boiler', connection: 'local', topic: 'plant/boiler', unit: '°C',
                alerts: [{ above: 80, hysteresis: 5, notify: true }, { stale_s: 3 }] },
            { id: 'pump', kind: 'text', title: 'Pump', connection: 'local', topic: 'plant/pump', value_path: '$.state',
                alerts: [{ equals: 'fault', label: 'Pump fault' }] },
        ],
    }];
    return config;
}

const item = (page, rule) => page.locator(`.alert-item[data-alert-rule="${rule}"]`);
const badge = (page) => page.locator('.nav-badge');
const openAlerts = (page) => page.locator('a.nav-link[href="#/alerts"]').click();

test('an alert rises off-screen, does not flap, is acknowledged, clears, and survives a reload', async (t) => {
    const env = await startEnvironment(t, { config: alertsConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl('?config=config.json#/topics'));
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'plant/boiler', '72');
    await mosquittoPub(broker, 'plant/boiler', '83.5');
    // Raised while the dashboard is not on screen: the badge counts it.
    await page.locator('.nav-badge[data-alert-count="1"]').waitFor();
    assert.equal(await page.locator('main').getAttribute('data-screen'), 'topics');
    await openAlerts(page);
    const boiler = item(page, 'boiler:0');
    await page.locator('.alert-item[data-alert-rule="boiler:0"][data-alert-state="active"]').waitFor();
    assert.match(await boiler.textContent(), /Boiler: above 80 °C/);
    assert.match(await boiler.locator('.alert-value').textContent(), /^83\.5 °C$/);

    // Back under the limit but within the hysteresis (80 − 5): still up, nothing new.
    await mosquittoPub(broker, 'plant/boiler', '78');
    await page.waitForTimeout(1_500);
    assert.equal(await boiler.getAttribute('data-alert-state'), 'active', 'a value within the hysteresis does not clear it');
    assert.equal(await page.locator('.alert-item').count(), 1, 'nor raise it again');

    await page.reload();
    await waitForConnectionState(page, 'connected');
    assert.equal(await item(page, 'boiler:0').getAttribute('data-alert-state'), 'active', 'the active alert survives a reload');
    assert.equal(await badge(page).getAttribute('data-alert-count'), '1');

    await item(page, 'boiler:0').getByRole('button', { name: /Acknowledge Boiler/ }).click();
    await page.locator('.alert-item[data-alert-rule="boiler:0"][data-alert-state="acknowledged"]').waitFor();
    assert.equal(await badge(page).count(), 0, 'an acknowledged alert is not counted');

    await mosquittoPub(broker, 'plant/boiler', '74');
    const cleared = page.locator('.alert-list.past .alert-item[data-alert-rule="boiler:0"][data-alert-state="cleared"]');
    await cleared.waitFor();
    assert.match(await cleared.locator('.alert-value').textContent(), /83\.5 °C → 74 °C/);
    assert.match(await cleared.locator('.alert-times').textContent(), /rose .* · acknowledged .* · cleared /);

    await page.reload();
    await cleared.waitFor();
    assert.equal(await page.locator('.alert-list:not(.past) .alert-item').count(), 0, 'nothing is up after the reload');
    assert.deepEqual(env.pageErrors, []);
});

test('equals matches a payload; stale_s rises on silence and clears on the next message', async (t) => {
    const env = await startEnvironment(t, { config: alertsConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl('?config=config.json#/alerts'));
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'plant/pump', JSON.stringify({ state: 'fault', load: 1 }));
    await item(page, 'pump:0').waitFor();
    assert.match(await item(page, 'pump:0').textContent(), /Pump: Pump fault/);
    assert.match(await item(page, 'pump:0').locator('.alert-value').textContent(), /^fault$/);

    // The boiler has said nothing for 3 s since the page began watching.
    await page.locator('.alert-item[data-alert-rule="boiler:1"][data-alert-state="active"]').waitFor({ timeout: 6_000 });
    assert.match(await item(page, 'boiler:1').textContent(), /no message for 3 s/);
    await mosquittoPub(broker, 'plant/boiler', '60');
    await page.locator('.alert-item[data-alert-rule="boiler:1"][data-alert-state="cleared"]').waitFor();

    await mosquittoPub(broker, 'plant/pump', '{"state": "ok"}');
    await page.locator('.alert-item[data-alert-rule="pump:0"][data-alert-state="cleared"]').waitFor();
    assert.deepEqual(env.pageErrors, []);
});

test('for_s holds off a short spike and rises on a lasting one', async (t) => {
    const env = await startEnvironment(t, {
        config: (broker) => {
            const config = configFor(broker, { subscriptions: [] });
            config.dashboards = [{ id: 'd', title: 'D', widgets: [
                { id: 'load', kind: 'gauge', connection: 'local', topic: 'plant/load', alerts: [{ above: 50, for_s: 2 }] },
            ] }];
            return config;
        },
    });
    const { page, broker } = env;
    await page.goto(env.appUrl('?config=config.json#/alerts'));
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'plant/load', '70');
    await mosquittoPub(broker, 'plant/load', '40');
    await page.waitForTimeout(3_000);
    assert.equal(await item(page, 'load:0').count(), 0, 'a spike shorter than for_s raises nothing');
    const spikeAt = Date.now();
    await mosquittoPub(broker, 'plant/load', '75');
    await page.locator('.alert-item[data-alert-rule="load:0"][data-alert-state="active"]').waitFor({ timeout: 6_000 });
    assert.ok(Date.now() - spikeAt >= 1_900, `rose after ${Date.now() - spikeAt} ms, not before 2 s`);
});

test('notifications are asked for only on a click, then a notify rule shows one', async (t) => {
    const env = await startEnvironment(t, { config: alertsConfig, context: { permissions: ['notifications'] } });
    const { page, broker } = env;
    await page.addInitScript(() => {
        window.__permissionRequests = 0;
        const ask = Notification.requestPermission.bind(Notification);
        Notification.requestPermission = (...args) => { window.__permissionRequests += 1; return ask(...args); };
    });
    await page.goto(env.appUrl('?config=config.json#/alerts'));
    await waitForConnectionState(page, 'connected');
    await page.evaluate(() => navigator.serviceWorker.ready);
    assert.equal(await page.evaluate(() => window.__permissionRequests), 0, 'not asked before the click');
    await page.getByRole('button', { name: 'Turn on notifications' }).click();
    await page.getByRole('button', { name: 'Notifications on' }).waitFor();
    assert.equal(await page.evaluate(() => window.__permissionRequests), 1);

    await mosquittoPub(broker, 'plant/boiler', '91');
    await item(page, 'boiler:0').waitFor();
    const shown = await page.waitForFunction(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const notifications = registration ? await registration.getNotifications() : [];
        const seen = notifications.map((notification) => ({ title: notification.title, body: notification.body, tag: notification.tag }));
        return seen.length > 0 && seen;
    }, null, { polling: 200, timeout: 5_000 }).then((handle) => handle.jsonValue());
    assert.deepEqual(shown, [{ title: 'Boiler: above 80 °C', body: '91 °C', tag: 'boiler:0' }]);
});

test('a rule typed into the widget form is checked, saved and rises; deleting it clears its alert', async (t) => {
    const env = await startEnvironment(t, { config: alertsConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl('?config=config.json#/d/plant'));
    await waitForConnectionState(page, 'connected');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Add widget' }).click();
    const form = page.getByRole('form', { name: 'Widget settings' });
    await form.getByLabel('Kind').selectOption('gauge');
    await form.getByLabel('Title').fill('Flow');
    await form.getByLabel('State topic').fill('plant/flow');
    const rules = form.getByLabel(/^Alerts/);
    await rules.fill('over 5');
    assert.match(await form.locator(`#${await rules.getAttribute('aria-describedby')}`).textContent(), /start with above, below, equals or stale/);
    await rules.fill('below 2 | label Flow too low');
    await form.getByRole('button', { name: 'Save widget' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('mqtt-deck.settings.v1')));
    const flow = saved.dashboards[0].widgets.find((widget) => widget.title === 'Flow');
    assert.deepEqual(flow.alerts, [{ below: 2, label: 'Flow too low' }]);

    await mosquittoPub(broker, 'plant/flow', '1.5');
    await page.locator('.nav-badge[data-alert-count="1"]').waitFor();
    await openAlerts(page);
    const alert = page.locator(`.alert-item[data-alert-rule="${flow.id}:0"][data-alert-state="active"]`);
    await alert.waitFor();
    assert.match(await alert.textContent(), /Flow: Flow too low/);

    // The widget goes: its open alert ends, saying why.
    await page.locator('a.nav-link[href^="#/d"]').click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Delete Flow', exact: true }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await openAlerts(page);
    const ended = page.locator(`.alert-list.past .alert-item[data-alert-rule="${flow.id}:0"][data-alert-state="cleared"]`);
    await ended.waitFor();
    assert.match(await ended.locator('.alert-value').textContent(), /1\.5 → the rule was removed/);
    // The badge follows on the same change, in its own render effect: it may go a moment later.
    await badge(page).waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await badge(page).count(), 0);
});
