// The installable, offline-capable app, hosted under a sub-path as on
// GitHub Pages: Chromium finds it installable (manifest and service worker),
// it opens offline after the first visit and says so with the dashboards
// intact, and a new deployment is offered as an update the user reloads into.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { startEnvironment, waitForConnectionState, mosquittoPub, DIST, CHROMIUM_ARGS, showScreen } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

const SUB_PATH = '/deck/';

async function visitUntilControlled(page, url) {
    await page.goto(url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // clients.claim() hands this page to the worker without a reload.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 });
}

test('Chromium finds the app installable: manifest, icons, service worker', async (t) => {
    const env = await startEnvironment(t, { subPath: SUB_PATH, config: (broker) => dashboardConfig(broker) });
    // Installability is judged for a real profile, not an incognito-like context.
    const profile = mkdtempSync(join(tmpdir(), 'mqtt-deck-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS,
    });
    t.after(async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); });
    const page = context.pages()[0] ?? await context.newPage();
    await visitUntilControlled(page, env.appUrl());
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], 'the manifest parses without errors');
    assert.ok(manifest.url.endsWith(`${SUB_PATH}manifest.webmanifest`), manifest.url);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'no reason the app could not be installed');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    assert.ok(scope.endsWith(SUB_PATH), `the worker's scope is the sub-path: ${scope}`);
});

test('after the first visit the app opens offline under its sub-path, says so, and keeps its dashboards', async (t) => {
    const env = await startEnvironment(t, { subPath: SUB_PATH, config: (broker) => dashboardConfig(broker) });
    const { page, broker, context } = env;
    await visitUntilControlled(page, env.appUrl());
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'home/door/last_event', 'online once');
    await page.locator('[data-widget-id="msg"] [data-value="online once"]').waitFor({ timeout: 10_000 });

    await context.setOffline(true);
    await page.reload();
    await page.locator('.offline').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('.offline').textContent(), /You are offline/);
    assert.equal(await page.locator('[data-widget-id]').count(), 7, 'the dashboard is there');
    assert.match(await page.locator('.notice').textContent(), /showing the copy kept from the last visit/);
    assert.notEqual(await page.locator('[data-connection-id="local"]').getAttribute('data-connection-state'), 'connected');

    await context.setOffline(false);
    await page.locator('.offline').waitFor({ state: 'detached', timeout: 10_000 });
    await waitForConnectionState(page, 'connected', { timeout: 20_000 });
});

test('a password in a ?config= file is kept neither in the offline copy nor in the service worker cache', async (t) => {
    const secret = 'not-to-be-stored-8d41';
    const env = await startEnvironment(t, {
        subPath: SUB_PATH,
        config: (broker) => {
            const config = dashboardConfig(broker);
            config.connections[0].password = secret;
            config.connections[0].username = 'deck';
            return config;
        },
    });
    const { page } = env;
    await visitUntilControlled(page, env.appUrl());
    await waitForConnectionState(page, 'connected');
    await page.reload();
    await waitForConnectionState(page, 'connected');
    const stored = await page.evaluate(async () => {
        const texts = [];
        for (let index = 0; index < localStorage.length; index++) texts.push(localStorage.getItem(localStorage.key(index)));
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) texts.push(request.url, await (await cache.match(request)).text());
        }
        return texts;
    });
    assert.ok(stored.some((text) => text.includes('"connections"')), 'the offline copy was kept');
    assert.ok(stored.every((text) => !text.includes(secret)), 'no stored text holds the password');
});

test('a new deployment is offered as an update and the page reloads into it', async (t) => {
    const env = await startEnvironment(t, { subPath: SUB_PATH, config: (broker) => dashboardConfig(broker) });
    const { page, files } = env;
    await visitUntilControlled(page, env.appUrl());
    const first = await page.evaluate(() => caches.keys());
    // Deploy: the same site with a new service worker version.
    // Release builds minify sw.js, so the stamp reads `VERSION="…"` there.
    const worker = readFileSync(join(DIST, 'sw.js'), 'utf8').replace(/\bVERSION ?= ?"[^"]+"/, 'VERSION = "next-deployment"');
    assert.ok(worker.includes('next-deployment'));
    files['sw.js'] = { body: worker, type: 'text/javascript; charset=utf-8' };
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole('dialog', { name: 'Update' });
    await banner.waitFor({ timeout: 15_000 });
    assert.match(await banner.textContent(), /A new version of MQTT Deck is ready/);
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
    await page.waitForFunction(async () => (await caches.keys()).includes('mqtt-deck-next-deployment'), null, { timeout: 10_000 });
    const after = await page.evaluate(() => caches.keys());
    assert.deepEqual(after, ['mqtt-deck-next-deployment'], `the old cache ${first} was replaced`);
    await page.locator('[data-widget-id="lamp"]').waitFor();
});
