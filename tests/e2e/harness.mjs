// End-to-end harness: every test gets its own mosquitto on free loopback
// ports, its own static server for the release dist/, its own headless
// Chromium (a fresh profile per launch), and the independent MQTT clients
// mosquitto_pub / mosquitto_sub. Everything is torn down in t.after, so it
// is cleaned up when the test fails too.
import { spawn, execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startBroker } from '../../scripts/lib/broker.mjs';
import { startAedes, startMqttv5 } from '../../scripts/lib/other-brokers.mjs';
import { serveStatic } from '../../scripts/lib/static-server.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
const execFileAsync = promisify(execFile);

export const CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic',
];

/** A settings file for the app pointing at `broker`. */
export function configFor(broker, connection = {}) {
    return {
        format: 'mqtt-deck',
        version: 1,
        connections: [{
            id: 'local', name: 'Test broker', url: `ws://127.0.0.1:${broker.wsPort}`, mqtt_version: 5,
            keep_alive: 30, clean_start: true, session_expiry: 0,
            subscriptions: [{ filter: 'demo/#', qos: 1 }],
            ...connection,
        }],
    };
}

/**
 * Starts a broker, a static server and a browser for test `t`.
 * options: brokerKind ('mosquitto', 'aedes' or 'mqttv5'), broker (startBroker options), subPath, files (extra served files: path -> object|string),
 * config (object, or function of the broker, served as config.json and passed as ?config=; null for none),
 * viewport, context (Playwright context options), chromiumArgs.
 */
export async function startEnvironment(t, options = {}) {
    if (!existsSync(join(DIST, 'index.html'))) {
        throw new Error('dist/ is missing: run `trunk build --release --offline` first (scripts/test.sh does)');
    }
    const cleanups = [];
    t.after(async () => {
        for (const cleanup of cleanups.reverse()) {
            try { await cleanup(); } catch (error) { console.error('cleanup failed:', error); }
        }
    });
    const starters = { mosquitto: () => startBroker(options.broker ?? {}), aedes: startAedes, mqttv5: startMqttv5 };
    const broker = await starters[options.brokerKind ?? 'mosquitto']();
    cleanups.push(() => broker.stop());

    const extraFiles = {};
    for (const [path, body] of Object.entries(options.files ?? {})) {
        extraFiles[path] = typeof body === 'string'
            ? { body, type: 'application/json' }
            : { body: JSON.stringify(body), type: 'application/json' };
    }
    const config = typeof options.config === 'function'
        ? options.config(broker)
        : options.config === undefined ? configFor(broker) : options.config;
    if (config) extraFiles['config.json'] = { body: JSON.stringify(config), type: 'application/json' };
    const site = await serveStatic({ root: DIST, subPath: options.subPath ?? '/', extraFiles });
    cleanups.push(() => site.close());

    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])],
    });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, ...(options.context ?? {}) });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(new Error(message.text())); });

    const appUrl = (query = config ? '?config=config.json' : '') => `${site.url}${query}`;
    // `files` is the live map of extra files: a test may change what the server answers (a new deployment).
    return { broker, site, browser, context, page, pageErrors, appUrl, cleanups, files: extraFiles };
}

/** Waits until connection `id` shows `state` in the DOM. */
export async function waitForConnectionState(page, state, { id = 'local', timeout = 15_000 } = {}) {
    await page.locator(`[data-connection-id="${id}"][data-connection-state="${state}"]`).waitFor({ timeout });
}

/** Publishes with mosquitto_pub (an MQTT client we did not write) over TCP. */
/** Publishes from the page's publish panel with the given fields. */
export async function publishFromPage(page, { topic, payload, qos = 0, retain = false }) {
    const panel = page.locator('section.publish');
    if (await panel.count() === 0) await showScreen(page, 'Publish');
    await panel.getByLabel('Topic', { exact: true }).fill(topic);
    await panel.getByLabel('Payload', { exact: true }).fill(payload);
    await panel.getByLabel('QoS').selectOption(String(qos));
    await panel.getByLabel('Retain', { exact: true }).setChecked(retain);
    await panel.getByRole('button', { name: /Publish/ }).click();
}

export async function mosquittoPub(broker, topic, message, args = []) {
    await execFileAsync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', topic, '-m', message, ...args]);
}

/**
 * Subscribes with mosquitto_sub over TCP at QoS 2 (so the publisher's QoS shows); resolves `ready` after SUBACK and
 * `messages` with `count` messages (as mosquitto's JSON) or rejects after `timeoutMs`.
 */
export function mosquittoSub(t, broker, topic, { count = 1, timeoutMs = 15_000, args = [] } = {}) {
    // stdbuf: mosquitto_sub block-buffers its debug lines when piped, hiding SUBACK.
    const child = spawn('stdbuf', ['-oL', 'mosquitto_sub',
        '-h', '127.0.0.1', '-p', String(broker.tcpPort), '-t', topic, '-F', '%j', '-d',
        '-C', String(count), '-W', String(Math.ceil(timeoutMs / 1000)), '-q', '2', ...args,
    ]);
    t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
    const messages = [];
    let resolveReady;
    const ready = new Promise((resolve) => { resolveReady = resolve; });
    let buffer = '';
    child.stdout.on('data', (chunk) => {
        buffer += chunk;
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line.includes('received SUBACK')) resolveReady();
            if (line.startsWith('{')) messages.push(JSON.parse(line));
        }
    });
    const done = new Promise((resolve, reject) => {
        child.on('exit', () => {
            if (buffer.startsWith('{')) messages.push(JSON.parse(buffer));
            if (messages.length >= count) resolve(messages);
            // What did arrive rides on the error, for tests that count a bounded trickle.
            else reject(Object.assign(new Error(`mosquitto_sub on ${topic} got ${messages.length} of ${count} messages`), { received: messages }));
        });
    });
    return { ready, messages: done };
}

/**
 * Hides or shows the page as a background tab looks to it. Headless Chromium
 * never hides a page (minimising or switching tabs leaves it "visible"), so
 * this does what the browser does for a hidden tab, as far as the page can
 * tell: visibilityState is "hidden", visibilitychange fires, and animation
 * frames stop until the page is visible again, when the held ones run.
 */
export async function setPageHidden(page, hidden) {
    await page.evaluate((hidden) => {
        if (!window.__visibility) {
            const realRequest = window.requestAnimationFrame.bind(window);
            window.__visibility = { hidden: false, held: [], realRequest };
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__visibility.hidden ? 'hidden' : 'visible') });
            Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__visibility.hidden });
            window.requestAnimationFrame = (callback) => {
                if (window.__visibility.hidden) { window.__visibility.held.push(callback); return 0; }
                return realRequest(callback);
            };
        }
        const state = window.__visibility;
        state.hidden = hidden;
        document.dispatchEvent(new Event('visibilitychange'));
        if (!hidden) {
            const held = state.held.splice(0);
            held.forEach((callback) => state.realRequest(callback));
        }
    }, hidden);
}

/** The viewports the layout tests look at: a desktop and two phones (390×844, 360×800) with touch. */
export const VIEWPORTS = [
    { name: 'desktop', viewport: { width: 1280, height: 800 }, context: {} },
    { name: 'phone', viewport: { width: 390, height: 844 }, context: { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
    { name: 'small-phone', viewport: { width: 360, height: 800 }, context: { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

/** How many pixels the page is wider than the viewport (0 or less: no horizontal scrolling). */
export async function horizontalOverflow(page) {
    return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * Visible controls matching `selector` smaller than 44×44 px, as "<html> w×h" lines.
 * A control inside its <label> is tapped through the whole label.
 */
export async function smallTouchTargets(page, selector = 'button, input, select, textarea') {
    return page.evaluate((selector) => [...document.querySelectorAll(selector)]
        .filter((element) => element.offsetParent !== null)
        .map((element) => ({ element: element.outerHTML.slice(0, 80), rect: (element.closest('label') ?? element).getBoundingClientRect() }))
        .filter(({ rect }) => rect.height < 44 || rect.width < 44)
        .map(({ element, rect }) => `${element} ${rect.width}×${rect.height}`), selector);
}

/** The `data-screen` of each navigation link. */
const SCREENS = { Dashboards: 'dashboard', Topics: 'topics', Publish: 'publish', Log: 'log', Connections: 'connections', Alerts: 'alerts' };

/** Goes to a screen through its navigation link ("Dashboards", … "Alerts", whose name may end in its badge's count). */
export async function showScreen(page, name) {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: new RegExp(`^${name}( \\d+)?$`) }).click();
    await page.locator(`main[data-screen="${SCREENS[name]}"]`).waitFor({ timeout: 5_000 });
}

/** Answers the in-app dialog with the button named `answer` ("Cancel" to decline); returns its question. */
export async function answerDialog(page, answer) {
    const dialog = page.locator('dialog.app-dialog[open]');
    await dialog.waitFor({ timeout: 5_000 });
    const question = (await dialog.locator('h2').textContent()).trim();
    await dialog.getByRole('button', { name: answer, exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    return question;
}
