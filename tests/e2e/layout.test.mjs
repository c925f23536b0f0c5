// The page on a desktop and on a 390×844 phone: nothing overflows
// horizontally, touch targets are at least 44 px, the connection state is
// on screen. Screenshots go to target/screenshots/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEnvironment, waitForConnectionState, mosquittoPub, ROOT } from './harness.mjs';

const SCREENSHOTS = join(ROOT, 'target', 'screenshots');

const VIEWPORTS = [
    { name: 'desktop', viewport: { width: 1280, height: 800 }, context: {} },
    { name: 'phone', viewport: { width: 390, height: 844 }, context: { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];

for (const { name, viewport, context } of VIEWPORTS) {
    test(`layout on ${name} ${viewport.width}×${viewport.height}`, async (t) => {
        const env = await startEnvironment(t, { viewport, context });
        const { page, broker } = env;
        await page.goto(env.appUrl());
        await waitForConnectionState(page, 'connected');
        await mosquittoPub(broker, 'demo/living/temperature', '{"temperature":21.5,"humidity":40}');
        await mosquittoPub(broker, 'demo/a/very/long/topic/name/that/keeps/going/and/going/without/any/break', 'x'.repeat(300));
        await page.locator('.message').nth(1).waitFor();

        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);

        const smallTargets = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea')]
            .filter((element) => element.offsetParent !== null)
            // A control inside its <label> is tapped through the whole label.
            .map((element) => ({ element: element.outerHTML.slice(0, 80), rect: (element.closest('label') ?? element).getBoundingClientRect() }))
            .filter(({ rect }) => rect.height < 44 || rect.width < 44)
            .map(({ element, rect }) => `${element} ${rect.width}×${rect.height}`));
        assert.deepEqual(smallTargets, []);

        const state = page.locator('[data-connection-id="local"]');
        assert.ok(await state.isVisible());
        const box = await state.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, 'connection state is on screen');

        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, `slice-${name}.png`), fullPage: true });
    });
}
