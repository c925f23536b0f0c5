// A chart you can read (issue 16), against a real mosquitto fed by
// mosquitto_pub, in real Chromium: the tooltip lists the published values
// of every shown series (and leaves out one the legend hid), the CSV export
// holds the published points, the wheel and the Zoom buttons change
// data-range-*, and "Back to live" follows now again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startEnvironment, waitForConnectionState, mosquittoPub } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

/** The fixture dashboard with a chart of power (left axis) and temperature (right axis). */
function energyConfig(broker) {
    const config = dashboardConfig(broker);
    config.dashboards[0].widgets.unshift({
        id: 'energy', kind: 'chart', connection: 'local', window_s: 300, decimals: 1, width: 2,
        series: [
            { topic: 'home/power', label: 'Power' },
            { topic: 'home/living/temperature', value_path: '$.temperature', label: 'Living', axis: 'right' },
        ],
    });
    return config;
}

async function publishReadings(broker) {
    for (const [power, temperature] of [[1650, 39.5], [1700, 39.75], [1750, 40.26]]) {
        await mosquittoPub(broker, 'home/power', String(power));
        await mosquittoPub(broker, 'home/living/temperature', JSON.stringify({ temperature }));
    }
}

/** The page with the energy chart, its six points published and drawn. */
async function openEnergyChart(t) {
    const env = await startEnvironment(t, { config: energyConfig });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    await publishReadings(broker);
    const card = page.locator('[data-widget-id="energy"]');
    await card.locator('[data-points="6"]').waitFor({ timeout: 10_000 });
    return { env, page, card };
}

const range = (chart) => chart.evaluate((element) => ({
    start: Number(element.dataset.rangeStart), end: Number(element.dataset.rangeEnd), live: element.dataset.live,
}));

test('the tooltip shows the published values, the legend hides a series, and the CSV holds every point', async (t) => {
    const { env, page, card } = await openEnergyChart(t);

    const canvas = card.locator('canvas');
    const box = await canvas.boundingBox();
    // Over the right-hand axis: the cursor goes to the plot's edge and snaps to
    // the newest point of all (Living's, published last); each series then
    // shows its point nearest that time, its newest. (Half-way along the last
    // interval, a series published a little earlier could show its previous point.)
    await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
    const tooltip = card.getByRole('tooltip');
    await tooltip.waitFor({ timeout: 5_000 });
    const rows = await tooltip.locator('li').allTextContents();
    assert.deepEqual(rows.map((row) => row.trim()), ['Power 1750.0', 'Living 40.3'], 'each series at the widget\'s decimals');
    assert.match(await tooltip.locator('time').textContent(), /^\d\d:\d\d:\d\d\.\d{3}$/);

    await card.getByRole('button', { name: /^Power/ }).click();
    assert.equal(await card.getByRole('button', { name: /^Power/ }).getAttribute('aria-pressed'), 'false');
    await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelectorAll('[data-widget-id="energy"] [role="tooltip"] li').length === 1);
    assert.equal((await tooltip.locator('li').textContent()).trim(), 'Living 40.3', 'a hidden series is not listed');
    await card.getByRole('button', { name: /^Power/ }).click();

    await card.getByText('Export', { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Export CSV' }).click()]);
    const [header, ...lines] = readFileSync(await download.path(), 'utf8').trim().split('\n');
    assert.equal(header, 'time,time_ms,Power,Living');
    const cells = lines.map((line) => line.split(','));
    assert.deepEqual(cells.map((row) => row[2]).filter(Boolean), ['1650', '1700', '1750']);
    assert.deepEqual(cells.map((row) => row[3]).filter(Boolean), ['39.5', '39.75', '40.26']);
    for (const [iso, ms] of cells) assert.equal(new Date(iso).getTime(), Number(ms), 'ISO and epoch times agree');
    assert.deepEqual(env.pageErrors, []);
});

test('the wheel and the Zoom buttons change the range, and "Back to live" follows now again', async (t) => {
    const { env, page, card } = await openEnergyChart(t);
    const chart = card.locator('.chart');
    const live = await range(chart);
    assert.equal(live.live, 'true');
    assert.ok(Math.abs(live.end - Date.now()) < 5_000, 'a live range ends now');
    assert.ok(Math.abs(live.end - live.start - 300_000) < 50, 'the 5 min window');

    const box = await card.locator('canvas').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -250);
    await page.waitForFunction(() => document.querySelector('[data-widget-id="energy"] .chart').dataset.live === 'false');
    const zoomed = await range(chart);
    assert.ok(zoomed.end - zoomed.start < 200_000, `wheel up zooms in: ${zoomed.end - zoomed.start} ms`);
    assert.ok(zoomed.start > live.start && zoomed.end < live.end, 'around the pointer, inside the old range');
    // The window menu names a span that is no preset, rather than showing nothing.
    const windowMenu = card.getByLabel('Time window');
    assert.match(await windowMenu.evaluate((select) => select.selectedOptions[0]?.textContent ?? ''), /^\d+(\.\d)? min$/);

    await card.getByRole('button', { name: 'Zoom out' }).click();
    await page.waitForFunction((span) => {
        const data = document.querySelector('[data-widget-id="energy"] .chart').dataset;
        return Math.abs(data.rangeEnd - data.rangeStart - 2 * span) < 50;
    }, zoomed.end - zoomed.start);

    await card.getByRole('button', { name: 'Back to live' }).click();
    await page.waitForFunction(() => document.querySelector('[data-widget-id="energy"] .chart').dataset.live === 'true');
    const back = await range(chart);
    assert.ok(Math.abs(back.end - Date.now()) < 5_000, 'live again: the range ends now');
    assert.equal(await card.getByRole('button', { name: 'Back to live' }).isDisabled(), true);

    // A preset beyond a day is saved as the chart's window and still loads from the saved settings.
    await windowMenu.selectOption({ label: '7 d' });
    const week = 7 * 86_400_000;
    const spanIs = (span) => page.waitForFunction((span) => {
        const data = document.querySelector('[data-widget-id="energy"] .chart')?.dataset;
        return data && Math.abs(data.rangeEnd - data.rangeStart - span) < 50;
    }, span);
    await spanIs(week);
    await page.goto(env.appUrl(''));
    await waitForConnectionState(page, 'connected');
    await spanIs(week);
    assert.equal(await page.locator('[data-widget-id="energy"]').getByLabel('Time window').inputValue(), '604800');
    assert.deepEqual(env.pageErrors, []);
});
