// History that survives a reload (issue 16), against a real mosquitto fed
// by mosquitto_pub, in real Chromium: the chart's points and the gauge's
// last value come back from IndexedDB after a reload, before any new
// message; a reload with the broker gone shows the last values, marked
// stale; "Clear history" empties the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, waitForConnectionState, mosquittoPub } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

const widget = (page, id) => page.locator(`[data-widget-id="${id}"]`);
const storedPoints = (page) => page.evaluate(() => Number(document.documentElement.dataset.historyPoints ?? -1));

test('chart points and last values survive a reload, and an offline one', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    for (const value of [21.5, 22.25, 23, 24.5, 26.75]) {
        await mosquittoPub(broker, 'home/living/temperature', JSON.stringify({ temperature: value }));
    }
    await page.locator('[data-widget-id="trend"] [data-points="5"]').waitFor({ timeout: 10_000 });
    // Saved within about a second, in one batch.
    await page.waitForFunction(() => Number(document.documentElement.dataset.historyPoints) === 5, null, { timeout: 5_000 });

    await page.reload();
    await page.locator('[data-widget-id="trend"] [data-points="5"]').waitFor({ timeout: 10_000 });
    assert.equal(await widget(page, 'temp').locator('.gauge-label').textContent(), '26.8 °C', 'the last value is back');
    await waitForConnectionState(page, 'connected');
    await mosquittoPub(broker, 'home/living/temperature', JSON.stringify({ temperature: 27 }));
    await page.locator('[data-widget-id="trend"] [data-points="6"]').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => Number(document.documentElement.dataset.historyPoints) === 6, null, { timeout: 5_000 });

    await broker.kill({ graceful: true });
    await page.reload();
    await page.locator('[data-widget-id="trend"] [data-points="6"]').waitFor({ timeout: 10_000 });
    assert.equal(await widget(page, 'temp').locator('.gauge-label').textContent(), '27.0 °C');
    assert.equal(await widget(page, 'temp').getAttribute('data-stale'), 'true', 'offline, the last value is marked stale');
    assert.equal(await storedPoints(page), 6);
});
