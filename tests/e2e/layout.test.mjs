// The page on a desktop and on a 390×844 phone: nothing overflows
// horizontally, touch targets are at least 44 px, the connection state is
// on screen. Screenshots go to target/screenshots/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEnvironment, waitForConnectionState, mosquittoPub, ROOT, VIEWPORTS, horizontalOverflow, smallTouchTargets, showScreen } from './harness.mjs';

const SCREENSHOTS = join(ROOT, 'target', 'screenshots');

for (const { name, viewport, context } of VIEWPORTS) {
    test(`layout on ${name} ${viewport.width}×${viewport.height}`, async (t) => {
        const env = await startEnvironment(t, { viewport, context });
        const { page, broker } = env;
        await page.goto(`${env.appUrl()}#/log`);
        await waitForConnectionState(page, 'connected');
        await mosquittoPub(broker, 'demo/living/temperature', '{"temperature":21.5,"humidity":40}');
        await mosquittoPub(broker, 'demo/a/very/long/topic/name/that/keeps/going/and/going/without/any/break', 'x'.repeat(300));
        await page.locator('.message').nth(1).waitFor();

        const overflow = await horizontalOverflow(page);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
        assert.deepEqual(await smallTouchTargets(page), []);

        const state = page.locator('[data-connection-id="local"]');
        assert.ok(await state.isVisible());
        const box = await state.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, 'connection state is on screen');

        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOTS, `slice-${name}.png`), fullPage: true });
    });
}
