// Chart zoom and pan benchmark (not a timed test), in headless Chromium on
// the release build: a chart of 100,000 stored points (8.3 h of a point
// every 0.3 s, ending 6 h ago, in a 24 h window), zoomed with the wheel
// and panned by dragging so that every point stays in view; each redraw's
// time as the chart reports it (data-draw-ms, from the range change to the
// canvas drawn), counted only when data-points says all 100,000 were in
// the range. Beside it, in the same run, uPlot 1.6 (npm) redrawing the same
// 100,000 points for the same ranges (setScale to its canvas drawn).
// Bounded: 40 gestures; loopback only.
//
//   node benches/chart-zoom.mjs [--gestures 40]
import { parseArgs } from 'node:util';
import { serveStatic } from '../scripts/lib/static-server.mjs';
import { DIST } from '../tests/e2e/harness.mjs';
import { launchBrowser, runBenchmark, uplotFiles } from './lib/bench-run.mjs';
import { fillHistoryStore, storeKey } from './lib/history-store.mjs';

const { values: options } = parseArgs({ options: { gestures: { type: 'string', default: '40' } } });
const GESTURES = Math.min(200, Number(options.gestures));
const POINTS = 100_000;
const SPACING_MS = 300;
const END_AGO_MS = 6 * 3600_000;
const WINDOW_S = 24 * 3600;
const TOPIC = 'bench/zoom';

const chartFile = (url) => ({
    format: 'mqtt-deck', version: 1,
    connections: [{ id: 'bench', name: 'Bench', url, subscriptions: [] }],
    dashboards: [{ id: 'zoom', title: 'Zoom', widgets: [{ id: 'zoom', kind: 'chart', connection: 'bench', window_s: WINDOW_S, width: 4,
        series: [{ topic: TOPIC, value_path: '$.value' }] }] }],
});

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];

/** The app: wheel zooms (out, then back in) and drags (earlier, then back), alternating. */
async function measureApp(context, site) {
    const page = await context.newPage();
    await page.bringToFront();
    await page.goto(`${site.url}?config=zoom.json`);
    const chart = page.locator('[data-widget-id="zoom"] .chart');
    await chart.waitFor({ timeout: 15_000 });
    await fillHistoryStore(page, { keys: [storeKey('bench', TOPIC, '$.value')], perSeries: POINTS, spacingMs: SPACING_MS, endAgoMs: END_AGO_MS });
    await page.reload();
    await page.locator(`[data-widget-id="zoom"] .chart[data-points="${POINTS}"]`).waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
        window.__draws = [];
        const chart = document.querySelector('[data-widget-id="zoom"] .chart');
        new MutationObserver(() => window.__draws.push({ ms: Number(chart.dataset.drawMs), points: Number(chart.dataset.points),
            start: Number(chart.dataset.rangeStart), end: Number(chart.dataset.rangeEnd) }))
            .observe(chart, { attributes: true, attributeFilter: ['data-draw-ms'] });
    });
    const box = await page.locator('[data-widget-id="zoom"] canvas').boundingBox();
    // The data's middle (13.8 h of 24 h from the left): zooming there keeps all of it in view.
    const anchor = { x: box.x + box.width * 0.575, y: box.y + box.height / 2 };
    for (let gesture = 0; gesture < GESTURES; gesture++) {
        await page.mouse.move(anchor.x, anchor.y);
        switch (gesture % 4) {
            case 0: await page.mouse.wheel(0, 60); break; // out
            case 1: await page.mouse.wheel(0, -60); break; // back in
            default: {
                const dx = gesture % 4 === 2 ? 40 : -40; // drag right: earlier; then back
                await page.mouse.down();
                await page.mouse.move(anchor.x + dx / 2, anchor.y, { steps: 2 });
                await page.mouse.move(anchor.x + dx, anchor.y, { steps: 2 });
                await page.mouse.up();
            }
        }
        await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
    }
    const draws = await page.evaluate(() => window.__draws);
    await page.close();
    return draws;
}

/** uPlot with the same points, redrawn for each range the app drew. */
async function measureUplot(context, site, ranges) {
    const page = await context.newPage();
    await page.goto(`${site.url}uplot.html`);
    await page.bringToFront();
    const times = await page.evaluate(async ({ points, spacing, endAgo, ranges }) => {
        const end = Date.now() - endAgo;
        const xs = Array.from({ length: points }, (_, index) => (end - (points - 1 - index) * spacing) / 1000);
        const ys = xs.map((_, index) => 20 + 5 * Math.sin(index / 500));
        const plot = new window.uPlot({ width: 1200, height: 300, series: [{}, { stroke: '#1565c0' }] }, [xs, ys], document.body);
        await new Promise((ok) => requestAnimationFrame(ok));
        const times = [];
        for (const [start, finish] of ranges) {
            const started = performance.now();
            plot.setScale('x', { min: start / 1000, max: finish / 1000 });
            // uPlot draws in a microtask it queued in setScale: it has run once ours resolves.
            await Promise.resolve();
            times.push(performance.now() - started);
            await new Promise((ok) => requestAnimationFrame(ok));
        }
        return times;
    }, { points: POINTS, spacing: SPACING_MS, endAgo: END_AGO_MS, ranges });
    await page.close();
    return times;
}

runBenchmark(async ({ cleanups }) => {
    const site = await serveStatic({
        root: DIST,
        extraFiles: {
            'zoom.json': { body: JSON.stringify(chartFile('ws://127.0.0.1:9/unused')), type: 'application/json' },
            ...uplotFiles(),
        },
    });
    cleanups.push(() => site.close());
    const browser = await launchBrowser(cleanups);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const draws = await measureApp(context, site);
    const full = draws.filter((draw) => draw.points === POINTS && draw.ms > 0);
    if (full.length < GESTURES / 2) throw new Error(`only ${full.length} of ${draws.length} redraws had all ${POINTS} points in view`);
    // uPlot gets its own context: the app's service worker would answer for uplot.html.
    const uplotContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => uplotContext.close());
    const uplot = await measureUplot(uplotContext, site, full.map((draw) => [draw.start, draw.end]));
    const figures = (times) => `median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
    console.log(`Chart zoom and pan, ${POINTS.toLocaleString('en-US')} points in view, Chromium ${browser.version()}`);
    console.log(`MQTT Deck   ${String(full.length).padStart(3)} redraws (wheel zoom and drag pan): ${figures(full.map((draw) => draw.ms))}`);
    console.log(`uPlot 1.6   ${String(uplot.length).padStart(3)} redraws, same ranges (setScale):   ${figures(uplot)}`);
    console.log(`target (redraw <= 16 ms, p95): ${p95(full.map((draw) => draw.ms)) <= 16 ? 'met' : 'NOT met'}`);
});
