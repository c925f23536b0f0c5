// History that survives a reload (issue 16), against a real mosquitto fed
// by mosquitto_pub, in real Chromium: the chart's points and the gauge's
// last value come back from IndexedDB after a reload, before any new
// message; a reload with the broker gone shows the last values, marked
// stale; "Clear history" empties the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, waitForConnectionState, mosquittoPub, answerDialog } from './harness.mjs';
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

test('"Clear history" empties the store and the chart, and a reload brings nothing back', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    for (const value of [20, 21, 22]) {
        await mosquittoPub(broker, 'home/living/temperature', JSON.stringify({ temperature: value }));
    }
    await page.waitForFunction(() => Number(document.documentElement.dataset.historyPoints) === 3, null, { timeout: 10_000 });

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Clear history', exact: true }).click();
    assert.equal(await answerDialog(page, 'Cancel'), 'Clear the history?');
    assert.equal(await storedPoints(page), 3, 'declining keeps the history');
    await page.getByRole('button', { name: 'Clear history', exact: true }).click();
    assert.equal(await answerDialog(page, 'Clear history'), 'Clear the history?');
    await page.locator('[data-widget-id="trend"] [data-points="0"]').waitFor({ timeout: 5_000 });
    assert.equal(await storedPoints(page), 0);

    await page.reload();
    await waitForConnectionState(page, 'connected');
    // The store is read and restored before any connection opens.
    assert.equal(await storedPoints(page), 0, 'nothing came back after the reload');
    assert.equal(await page.locator('[data-widget-id="trend"] [data-points="0"]').count(), 1);
    assert.deepEqual(env.pageErrors, []);
});
