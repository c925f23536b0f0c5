// axe-core (npm, an engine we did not write) on every screen, on a desktop
// and on a phone, in the light and the dark theme, with live data from a real
// mosquitto: WCAG 2 A and AA rules, and no violation of impact serious or
// critical may be found, nor in edit mode with the widget form open and a
// field in error. Each view is also saved as a screenshot under
// target/screenshots/screens/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startEnvironment, waitForConnectionState, mosquittoPub, ROOT, VIEWPORTS, showScreen, horizontalOverflow } from './harness.mjs';
import { dashboardConfig, controlsDashboard, CONTROL_READINGS } from './fixtures.mjs';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SCREENSHOTS = join(ROOT, 'target', 'screenshots', 'screens');
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/** The serious and critical violations axe-core finds on the page now, one line per failing element. */
async function blockingViolations(page) {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_SCRIPT });
    const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return result.violations.map(({ id, impact, help, nodes }) => ({
            id, impact, help, targets: nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary.split('\n').slice(1).join(' ')}`),
        }));
    });
    return violations
        .filter(({ impact }) => BLOCKING_IMPACTS.has(impact))
        .flatMap(({ id, impact, help, targets }) => targets.map((target) => `${impact} ${id} (${help}) at ${target}`));
}

/** Retained readings for every widget of the fixture dashboard, so each card shows a value. */
async function publishReadings(broker) {
    const readings = [
        ['home/living/temperature', '{"temperature":21.5,"humidity":40}'],
        ['home/lamp/state', 'ON'],
        ['home/lamp/brightness', '64'],
        ['home/door/last_event', 'Front door opened <script>alert(1)</script>'],
        ['home/sensor/status', 'online'],
    ];
    // A 1×1 PNG, base64, for the image widget.
    const image = ['dev/cam', 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='];
    for (const [topic, payload] of [...readings, ...CONTROL_READINGS, image]) await mosquittoPub(broker, topic, payload, ['-r']);
}

/** Each view checked: the screen it is on, what it needs first (a selected topic, an open form), its name in files. */
const VIEWS = [
    ['Dashboards', 'dashboards', async (page) => page.locator('[data-widget-id="temp"]').getByText('21.5').first().waitFor({ timeout: 10_000 })],
    // The controls and transforms: looks per state, select, number, level, colour, image, expressions.
    ['Dashboards', 'controls', async (page) => {
        await page.locator('nav.tabs').getByRole('link', { name: 'House' }).click();
        await page.locator('[data-widget-id="lock"] .indicator[data-state="Locked"]').waitFor({ timeout: 10_000 });
        await page.locator('[data-widget-id="cam"] .image-widget[data-state="shown"]').waitFor({ timeout: 10_000 });
        await page.locator('[data-widget-id="power"] .text-value[data-value="1.8 kW"]').waitFor();
        assert.ok(await horizontalOverflow(page) <= 0, 'the controls fit the screen without scrolling sideways');
    }],
    ['Topics', 'topics', async (page) => {
        await page.locator('.explorer').getByRole('button', { name: 'Expand home', exact: true }).click();
        await page.locator('.explorer').getByRole('button', { name: 'Expand home/living', exact: true }).click();
        await page.locator('.explorer .node[data-topic="home/living/temperature"] .node-select').click();
        await page.locator('.explorer .detail-topic[data-selected-topic="home/living/temperature"]').waitFor();
    }],
    ['Publish', 'publish', async (page) => page.locator('main[data-screen="publish"] input').first().waitFor()],
    ['Log', 'log', async (page) => page.locator('.message').first().waitFor()],
    ['Connections', 'connections', async (page) => page.locator('main[data-screen="connections"] .profile[data-profile-id="local"]').waitFor()],
    // One alert up (the living room is above 20 °C), one acknowledged from before.
    ['Alerts', 'alerts', async (page) => page.locator('.alert-item[data-alert-rule="temp:0"][data-alert-state="active"]').waitFor({ timeout: 10_000 })],
    // Edit mode with the widget form open and a field in error: handles, hints and the error text.
    ['Dashboards', 'editing', async (page) => {
        await page.getByRole('button', { name: 'Edit', exact: true }).click();
        await page.getByRole('button', { name: 'Add widget' }).click();
        const form = page.getByRole('form', { name: 'Widget settings' });
        await form.getByLabel('Kind').selectOption('switch');
        await form.getByLabel('Command topic').fill('home/+/set');
        await form.locator('.field-error').first().waitFor();
    }],
];

const PHONE_AND_DESKTOP = VIEWPORTS.filter(({ name }) => name !== 'small-phone');

for (const { name, viewport, context } of PHONE_AND_DESKTOP) {
    for (const colorScheme of ['light', 'dark']) {
        test(`axe-core finds no serious or critical violation on any screen: ${name}, ${colorScheme}`, async (t) => {
            const env = await startEnvironment(t, {
                viewport, context: { ...context, colorScheme },
                config: (broker) => {
                    const config = dashboardConfig(broker);
                    config.connections[0].subscriptions = [{ filter: 'home/#', qos: 1 }];
                    config.dashboards.push(controlsDashboard());
                    config.dashboards[0].widgets.find((widget) => widget.id === 'temp').alerts = [{ above: 20, label: 'Living room warm', notify: true }];
                    return config;
                },
            });
            const { page, broker } = env;
            await publishReadings(broker);
            await page.goto(env.appUrl());
            await waitForConnectionState(page, 'connected');
            await page.locator('[data-widget-id="msg"]').getByText('Front door opened', { exact: false }).waitFor({ timeout: 10_000 });
            mkdirSync(SCREENSHOTS, { recursive: true });

            const found = [];
            for (const [screen, view, setup] of VIEWS) {
                await showScreen(page, screen);
                await setup(page);
                // Let transitions and the chart's first draw settle: axe reads computed colours.
                await page.waitForTimeout(300);
                for (const line of await blockingViolations(page)) found.push(`${view}: ${line}`);
                await page.screenshot({ path: join(SCREENSHOTS, `${view}-${name}-${colorScheme}.png`), fullPage: true });
            }
            assert.deepEqual(found, [], `axe-core found serious or critical violations:\n${found.join('\n')}`);
            // The engine really ran: the script is on the page and checked rules.
            const rulesRun = await page.evaluate(async () => (await window.axe.run(document)).passes.length);
            assert.ok(rulesRun > 10, `axe-core passed only ${rulesRun} rules: it did not really run`);
        });
    }
}
