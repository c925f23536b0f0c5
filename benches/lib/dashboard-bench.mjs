// The dashboard the load benchmarks feed (50 widgets and 2 charts of 3
// series over 1,000 topics), how a page opens it, and how a run is
// recorded: shared by benches/dashboard.mjs and benches/history.mjs.
import { RECORDER, summarise } from './page-frames.mjs';

export const TOPICS = Array.from({ length: 1000 }, (_, index) => `bench/sensor/${index}`);
export const payloadFor = (index) => Buffer.from(`{"value":${(index % 997) / 10},"seq":${index}}`);

/** 50 widgets on the first topics (gauges, texts, indicators) and 2 charts; `extra` adds top-level fields. */
export function dashboardFile(url, extra = {}) {
    const kinds = ['gauge', 'text', 'indicator'];
    const widgets = Array.from({ length: 48 }, (_, index) => ({
        id: `w${index}`, kind: kinds[index % kinds.length], connection: 'bench', topic: TOPICS[index],
        value_path: '$.value', min: 0, max: 100, decimals: 1, threshold: 50, stale_after_s: 30,
    }));
    for (const index of [0, 1]) {
        widgets.push({ id: `chart${index}`, kind: 'chart', connection: 'bench', window_s: 600,
            series: [0, 1, 2].map((line) => ({ topic: TOPICS[index * 3 + line], value_path: '$.value', label: `sensor ${index * 3 + line}` })) });
    }
    return {
        format: 'mqtt-deck', version: 1, ...extra,
        connections: [{ id: 'bench', name: 'Bench', url, mqtt_version: 5, keep_alive: 60, subscriptions: [{ filter: 'bench/#', qos: 0 }] }],
        dashboards: [{ id: 'bench', title: 'Bench', widgets }],
    };
}

/** Opens `?config=<configName>` in a new page with the frame recorder, once connected and the charts are on screen. */
export async function openDashboard(context, site, configName) {
    const page = await context.newPage();
    // Headless Chromium runs animation frames only for the page in front.
    await page.bringToFront();
    await page.addInitScript(RECORDER);
    await page.goto(`${site.url}?config=${configName}`);
    await page.locator('[data-connection-id="bench"][data-connection-state="connected"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-widget-id="chart1"]').waitFor();
    return page;
}

/** Records frames while `run()` publishes; resolves with what was sent, what the page counted and the frame summary. */
export async function record(page, run) {
    // The page counts every message since it loaded; what came before the run is not the run's.
    const total = async () => Number(await page.locator('main[data-messages-received]').getAttribute('data-messages-received'));
    const before = await total();
    const count = async () => (await total()) - before;
    await page.evaluate(() => { window.__frames.recording = true; });
    const sent = await run();
    await page.evaluate(() => { window.__frames.recording = false; });
    // Messages still in flight when the publisher stops are counted a few frames later.
    let received = await count();
    for (let settle = 0; settle < 20 && received < sent; settle++) {
        await page.waitForTimeout(100);
        received = await count();
    }
    return { sent, received, ...summarise(await page.evaluate(() => window.__frames)) };
}
