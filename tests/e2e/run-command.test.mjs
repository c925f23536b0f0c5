// The README's run command, as a newcomer uses it: it prints the URL; the
// page there opens with the demo dashboard showing live simulator data
// within 5 seconds and shows what `mosquitto_pub -h 127.0.0.1 -t demo/hello
// -m hi` sends; on a phone viewport the lamp switch reaches an independent
// subscriber and the simulator's state comes back; Ctrl-C (SIGINT) stops the
// broker, the simulator and the web server it started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import net from 'node:net';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ROOT, CHROMIUM_ARGS, waitForConnectionState, showScreen } from './harness.mjs';

const execFileAsync = promisify(execFile);

function portIsOpen(port) {
    return new Promise((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
        socket.on('error', () => resolve(false));
    });
}

test('the README run command serves a page that shows mosquitto_pub messages', async (t) => {
    for (const port of [1883, 9001, 8080]) {
        assert.equal(await portIsOpen(port), false, `port ${port} is already taken; the run command needs it`);
    }
    const run = spawn(join(ROOT, 'scripts', 'run.sh'), [], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    const stopped = new Promise((resolve) => run.once('exit', resolve));
    t.after(async () => {
        if (run.exitCode === null) { run.kill('SIGKILL'); await stopped; }
    });
    const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed within 10 minutes:\n${output}`)), 600_000);
        run.stdout.on('data', (chunk) => {
            output += chunk;
            const match = output.match(/MQTT Deck is running: (http:\/\/127\.0\.0\.1:8080\/\S*)/);
            if (match) { clearTimeout(timer); resolve(match[1]); }
        });
        run.once('exit', (code) => reject(new Error(`run command exited with ${code}:\n${output}`)));
    });

    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    t.after(() => browser.close());
    const page = await browser.newPage();
    const loaded = Date.now();
    await page.goto(url);
    await page.locator('[data-widget-id="living-temp"] [role="meter"][aria-valuenow]').waitFor({ timeout: 5_000 });
    await page.locator('[data-widget-id="status"] [data-state="on"]').waitFor({ timeout: 5_000 - (Date.now() - loaded) });
    console.log(`live simulator data shown ${Date.now() - loaded} ms after the page load began`);
    await waitForConnectionState(page, 'connected');
    await execFileAsync('mosquitto_pub', ['-h', '127.0.0.1', '-t', 'demo/hello', '-m', 'hi']);
    await showScreen(page, 'Log');
    const message = page.locator('.message[data-topic="demo/hello"] .payload');
    await message.waitFor({ timeout: 10_000 });
    assert.equal(await message.textContent(), 'hi');
    await showScreen(page, 'Dashboards');

    // A phone switches the lamp: the command reaches an independent subscriber, the simulator answers.
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phone = await phoneContext.newPage();
    await phone.goto(url);
    const lamp = phone.locator('[data-widget-id="lamp"] [role="switch"]');
    await phone.locator('[data-widget-id="lamp"] [data-state="off"]').waitFor({ timeout: 10_000 });
    const subscriber = spawn('stdbuf', ['-oL', 'mosquitto_sub', '-h', '127.0.0.1', '-t', 'home/lamp/set', '-C', '1', '-W', '10', '-v']);
    t.after(() => { if (subscriber.exitCode === null) subscriber.kill('SIGKILL'); });
    let command = '';
    subscriber.stdout.on('data', (chunk) => { command += chunk; });
    const commandSeen = new Promise((resolve) => subscriber.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 500)); // mosquitto_sub subscribed
    await lamp.tap();
    await phone.locator('[data-widget-id="lamp"] [data-pending="false"][aria-checked="true"]').waitFor({ timeout: 10_000 });
    await commandSeen;
    assert.equal(command.trim(), 'home/lamp/set ON');
    // The heating mode, a multi-state control, confirmed by the simulator's retained state.
    const heating = phone.locator('[data-widget-id="heating-mode"]');
    await heating.locator('.multi-state[data-state="eco"]').waitFor({ timeout: 10_000 });
    await heating.getByRole('button', { name: 'Comfort' }).tap();
    await heating.locator('.multi-state[data-state="comfort"][data-pending="false"]').waitFor({ timeout: 10_000 });
    await phone.locator('[data-widget-id="tank"] .level[data-level]').waitFor({ timeout: 10_000 });
    mkdirSync(join(ROOT, 'target', 'screenshots'), { recursive: true });
    await phone.screenshot({ path: join(ROOT, 'target', 'screenshots', 'demo-phone.png'), fullPage: true });
    await page.screenshot({ path: join(ROOT, 'target', 'screenshots', 'demo-desktop.png') });
    await phoneContext.close();

    run.kill('SIGINT');
    assert.equal(await stopped, 0, 'Ctrl-C ends the run command cleanly');
    for (const port of [1883, 9001, 8080]) {
        assert.equal(await portIsOpen(port), false, `port ${port} is closed after Ctrl-C`);
    }
});
