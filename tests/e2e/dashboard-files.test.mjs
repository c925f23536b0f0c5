// Dashboards as files: edit mode builds a widget that works end to end and
// survives a reload; export and import round trip; a broken, foreign or
// oversized file changes nothing and says why; a share link carries a
// dashboard (never a password) and offers to import it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { startEnvironment, configFor, waitForConnectionState, mosquittoPub, showScreen, answerDialog } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

const widgetIds = (page) => page.locator('[data-widget-id]').evaluateAll((nodes) => nodes.map((node) => node.dataset.widgetId));

test('edit mode adds a gauge that shows live values and survives a reload', async (t) => {
    const env = await startEnvironment(t, { config: null });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'reconnecting', { timeout: 15_000 }).catch(() => {});
    // Point the default connection at this test's broker.
    await showScreen(page, 'Connections');
    await page.getByRole('button', { name: /^Edit / }).first().click();
    const connectionForm = page.getByRole('form', { name: 'Connection settings' });
    await connectionForm.getByLabel('Broker URL').fill(`ws://127.0.0.1:${broker.wsPort}`);
    await connectionForm.getByRole('button', { name: 'Save connection' }).click();
    await waitForConnectionState(page, 'connected');

    await showScreen(page, 'Dashboards');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Add dashboard' }).click();
    await page.getByRole('button', { name: 'Add widget' }).click();
    const form = page.getByRole('form', { name: 'Widget settings' });
    await form.getByLabel('Kind').selectOption('gauge');
    // A gauge needs a topic, but nothing is said before the user types.
    assert.equal(await form.locator('.field-error').count(), 0, 'no error before anything is typed');
    const topicField = form.getByLabel('State topic');
    await topicField.fill('plant/+/pressure');
    // The error sits beside its field, and the field points at it.
    assert.equal(await topicField.getAttribute('aria-invalid'), 'true');
    const errorId = await topicField.getAttribute('aria-describedby');
    assert.match(await form.locator(`#${errorId}`).textContent(), /"plant\/\+\/pressure"/, 'a wildcard is refused as the user types');
    assert.equal(await form.locator('.field-error').count(), 1, 'only the field typed in says something');
    // Save with a problem keeps the form and puts the cursor on the field.
    await form.getByRole('button', { name: 'Save widget' }).click();
    assert.equal(await form.count(), 1);
    assert.equal(await topicField.evaluate((input) => input === document.activeElement), true);
    await topicField.fill('plant/pump/pressure');
    assert.equal(await topicField.getAttribute('aria-invalid'), 'false');
    await form.getByLabel('JSON path').fill('$.bar');
    await form.getByLabel('Minimum').fill('0');
    await form.getByLabel('Maximum').fill('abc');
    const maximum = form.getByLabel('Maximum');
    assert.match(await form.locator(`#${await maximum.getAttribute('aria-describedby')}`).textContent(), /"abc" is not a number/);
    await maximum.fill('10');
    await form.getByLabel('Title').fill('Pump pressure');
    await form.getByRole('button', { name: 'Save widget' }).click();
    await page.getByRole('button', { name: 'Done' }).click();

    await mosquittoPub(broker, 'plant/pump/pressure', '{"bar": 4.2}', ['-r']);
    await page.locator('[data-widget-kind="gauge"] [aria-valuenow="4.2"]').waitFor({ timeout: 10_000 });
    await page.reload();
    await waitForConnectionState(page, 'connected');
    // The retained value comes back through the automatic subscription.
    await page.locator('[data-widget-kind="gauge"] [aria-valuenow="4.2"]').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('[data-widget-kind="gauge"] .widget-title').textContent(), /Pump pressure/);
});

test('export and import round trip; a broken, foreign or oversized file changes nothing', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    const before = await widgetIds(page);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.format, 'mqtt-deck');
    assert.deepEqual(exported.dashboards[0].widgets.map((widget) => widget.id), before);

    const importInput = page.locator('.file-actions input[type=file]');
    const attempts = [
        { name: 'broken.json', text: '{ "format": "mqtt-deck",\n  "dashboards": [ oops ] }', error: /broken\.json is not a valid MQTT Deck file: .*line 2/ },
        { name: 'package.json', text: '{"name":"left-pad"}', error: /package\.json is not an MQTT Deck file/ },
        { name: 'future.json', text: '{"format":"mqtt-deck","version":9}', error: /future\.json has format version 9/ },
        { name: 'bad-widget.json', text: JSON.stringify({ ...exported, dashboards: [{ id: 'x', title: 'X', widgets: [{ id: 'g', kind: 'gauge', connection: 'local' }] }] }), error: /bad-widget\.json: dashboards\[0\]\.widgets\[0\]\.topic: a gauge widget needs one/ },
        { name: 'huge.json', text: `{"format":"mqtt-deck","pad":"${'x'.repeat(3 * 1024 * 1024)}"}`, error: /huge\.json is \d+ bytes; files over 2097152 bytes are refused/ },
    ];
    for (const { name, text, error } of attempts) {
        await importInput.setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
        await page.locator('.notice', { hasText: name }).waitFor({ timeout: 5_000 });
        assert.match(await page.locator('.notice').textContent(), error);
        assert.match(await page.locator('.notice').textContent(), /^Nothing was imported\./);
        assert.deepEqual(await widgetIds(page), before, `${name} left the dashboard as it was`);
        assert.equal(await page.locator('.tab').count(), 1);
    }

    // The same file again: its dashboard is already here, so the app asks.
    const again = { name: 'mqtt-deck.json', mimeType: 'application/json', buffer: readFileSync(await download.path()) };
    await importInput.setInputFiles(again);
    assert.equal(await answerDialog(page, 'Cancel'), 'The dashboard “Home” is already here');
    assert.equal(await page.locator('.tab').count(), 1, 'Cancel imports nothing');
    await importInput.setInputFiles(again);
    assert.equal(await answerDialog(page, 'Keep both'), 'The dashboard “Home” is already here');
    await page.locator('.info').waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('.info').textContent(), 'Imported 1 dashboard and 0 connections. Kept your existing connection "Test broker".');
    assert.equal(await page.locator('.tab').count(), 2, 'the import is added beside the existing dashboard');
    assert.deepEqual(await widgetIds(page), before, 'the imported copy has the same widgets');
    await importInput.setInputFiles(again);
    await answerDialog(page, 'Replace');
    await page.locator('.info', { hasText: 'replaced "Home"' }).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('.tab').count(), 2, 'Replace puts the import in place of the one here');
    // The confirmation clears itself (8 s); problems stay until acted on.
    await page.locator('.info').waitFor({ state: 'detached', timeout: 12_000 });
});

test('a share link carries the dashboard but never a password, and offers to import it', async (t) => {
    const env = await startEnvironment(t, {
        config: (broker) => {
            const config = dashboardConfig(broker);
            Object.assign(config.connections[0], { username: 'deck', password: 'top-secret', remember_password: true });
            return config;
        },
    });
    const { page, broker, context } = env;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Share link' }).click();
    await page.locator('.share-link input').waitFor();
    const link = await page.locator('.share-link input').inputValue();
    assert.match(link, /#z=[A-Za-z0-9_-]+$/);
    // Deflated (RFC 1951) by the browser, inflated here by Node's zlib: a QR code's size.
    const decoded = inflateRawSync(Buffer.from(link.split('#z=')[1], 'base64url')).toString('utf8');
    assert.ok(!decoded.includes('top-secret') && !link.includes('top-secret'), 'no password in the link');
    assert.equal(JSON.parse(decoded).dashboards[0].widgets.length, 7);
    const plain = Buffer.from(decoded).toString('base64url').length;
    const packed = link.split('#z=')[1].length;
    assert.ok(packed < plain * 0.6, `the deflated fragment (${packed} characters) is well under the plain one (${plain})`);
    console.log(`share link fragment: ${packed} characters deflated, ${plain} plain`);
    await page.getByRole('img', { name: 'QR code of the link' }).waitFor();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.locator('.share-sheet [role="status"]', { hasText: 'Copied.' }).waitFor({ timeout: 5_000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

    // Another browser profile opens the link: it has no dashboards of its own.
    const other = await context.browser().newContext();
    t.after(() => other.close());
    const phone = await other.newPage();
    await phone.goto(link.replace('?config=config.json', ''));
    await phone.getByRole('dialog', { name: 'Shared dashboard' }).waitFor({ timeout: 10_000 });
    assert.match(await phone.getByRole('dialog').textContent(), /shares the dashboard "Home" with 1 connection/);
    await phone.getByRole('button', { name: 'Import' }).click();
    // The demo this fresh browser started with has a "Home" too.
    assert.equal(await answerDialog(phone, 'Keep both'), 'The dashboard “Home” is already here');
    await phone.locator('[data-widget-id="lamp"]').waitFor();
    assert.doesNotMatch(await phone.evaluate(() => location.hash), /z=/, 'the link is not offered again on reload');
    // This browser's own "local" points at the default broker, so the shared one is added beside it.
    assert.match(await phone.locator('.info').textContent(), /added as a new connection, "Test broker"/);
    // The imported connection has no password; the broker here allows anonymous, so it connects.
    await waitForConnectionState(phone, 'connected', { id: 'local-2' });
    await mosquittoPub(broker, 'home/door/last_event', 'shared');
    await phone.locator('[data-widget-id="msg"] [data-value="shared"]').waitFor({ timeout: 10_000 });
    const saved = await phone.evaluate(() => localStorage.getItem('mqtt-deck.settings.v1'));
    assert.ok(saved.includes('"home"') && !saved.includes('top-secret'));
});

test('a broken share link says why and changes nothing', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => configFor(broker) });
    const { page } = env;
    await page.goto(`${env.appUrl()}#config=${Buffer.from('{"format":"mqtt-deck","dashboards":[{"id":1}]}').toString('base64url')}`);
    await page.locator('.notice').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('.notice').textContent(), /The shared link cannot be imported: the shared link is not a valid MQTT Deck file: dashboards\[0\]: invalid type: integer `1`, expected a string/);
    assert.equal(await page.getByRole('dialog', { name: 'Shared dashboard' }).count(), 0);
});
