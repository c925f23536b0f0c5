// Arranging a dashboard the way people do: drag and drop with a mouse and
// with a finger (touch emulated through the DevTools protocol, so the
// browser makes real touch pointer events), the arrow keys on a focused
// handle, resizing, Undo after a delete, the widget form's topic picker
// offering a topic mosquitto_pub sent, and the phone shell's 56 px header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEnvironment, waitForConnectionState, mosquittoPub } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

const widgetIds = (page) => page.locator('.widget-grid [data-widget-id]').evaluateAll((nodes) => nodes.map((node) => node.dataset.widgetId));
const centre = async (locator) => {
    const box = await locator.boundingBox();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
};

test('widgets move by mouse drag and by arrow keys, keep focus, resize, and a delete can be undone', async (t) => {
    const env = await startEnvironment(t, { config: (broker) => dashboardConfig(broker) });
    const { page } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const before = await widgetIds(page);
    const [first, second, third] = before;

    // Mouse: drag the first widget's handle onto the third card.
    const handle = page.locator(`[data-widget-id="${first}"] .drag-handle`);
    const from = await centre(handle);
    const to = await centre(page.locator(`[data-widget-id="${third}"]`));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((id) => document.querySelectorAll('.widget-grid [data-widget-id]')[2]?.dataset.widgetId === id, first);
    assert.deepEqual((await widgetIds(page)).slice(0, 3), [second, third, first]);

    // Keyboard: the focused handle moves its widget and keeps the focus.
    await page.locator(`[data-widget-id="${first}"] .drag-handle`).focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((id) => document.querySelectorAll('.widget-grid [data-widget-id]')[1]?.dataset.widgetId === id, first);
    await page.waitForFunction((id) => document.activeElement?.closest('[data-widget-id]')?.dataset.widgetId === id, first);
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('drag-handle')), true, 'focus stayed on the handle');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((id) => document.querySelectorAll('.widget-grid [data-widget-id]')[0]?.dataset.widgetId === id, first);

    // Resize: → widens, ↓ heightens; the saved settings follow.
    const resize = page.locator(`[data-widget-id="${first}"] .resize-handle`);
    await resize.focus();
    await page.keyboard.press('ArrowRight');
    await page.locator(`[data-widget-id="${first}"] [data-size="2x1"]`).waitFor({ timeout: 5_000 });
    // The resized card is rendered anew and focus comes back to its handle on the next frame: a key before that goes nowhere.
    await page.waitForFunction((id) => document.activeElement?.classList.contains('resize-handle')
        && document.activeElement.closest('[data-widget-id]')?.dataset.widgetId === id, first);
    await page.keyboard.press('ArrowDown');
    await page.locator(`[data-widget-id="${first}"] [data-size="2x2"]`).waitFor({ timeout: 5_000 });
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('mqtt-deck.settings.v1')));
    const stored = saved.dashboards[0].widgets.find((widget) => widget.id === first);
    assert.deepEqual([stored.width, stored.height], [2, 2]);

    // Delete, then Undo puts it back where it was.
    const order = await widgetIds(page);
    const title = (await page.locator(`[data-widget-id="${second}"] .widget-title`).textContent()).trim();
    await page.getByRole('button', { name: `Delete ${title}`, exact: true }).click();
    await page.locator(`[data-widget-id="${second}"]`).waitFor({ state: 'detached', timeout: 5_000 });
    await page.locator('.undo', { hasText: `Deleted the widget "${title}".` }).getByRole('button', { name: 'Undo' }).click();
    await page.locator(`[data-widget-id="${second}"]`).waitFor({ timeout: 5_000 });
    assert.deepEqual(await widgetIds(page), order);
    assert.deepEqual(env.pageErrors.map(String), []);
});

test('a finger drags a widget on a phone', async (t) => {
    const env = await startEnvironment(t, {
        config: (broker) => dashboardConfig(broker),
        viewport: { width: 390, height: 844 },
        context: { isMobile: true, hasTouch: true },
    });
    const { page, context } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    // The phone's header is one row of at most 56 px; navigation is at the bottom.
    const header = await page.locator('header.topbar').boundingBox();
    assert.ok(header.height <= 56, `header is ${header.height} px`);
    const nav = await page.getByRole('navigation', { name: 'Screens' }).boundingBox();
    assert.ok(nav.y + nav.height >= 844 - 1 && nav.y > 700, `tab bar at ${nav.y}`);
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const [first, second] = await widgetIds(page);
    const cdp = await context.newCDPSession(page);
    const from = await centre(page.locator(`[data-widget-id="${first}"] .drag-handle`));
    const to = await centre(page.locator(`[data-widget-id="${second}"]`));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
    for (let step = 1; step <= 8; step++) {
        const x = from.x + ((to.x - from.x) * step) / 8;
        const y = from.y + ((to.y - from.y) * step) / 8;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.waitForFunction((id) => document.querySelectorAll('.widget-grid [data-widget-id]')[1]?.dataset.widgetId === id, first);
    assert.deepEqual((await widgetIds(page)).slice(0, 2), [second, first]);
});

test('the widget form offers the topics mosquitto_pub sent, with their last value, and the fields of the last payload', async (t) => {
    const config = (broker) => {
        const file = dashboardConfig(broker);
        file.connections[0].subscriptions = [{ filter: 'demo/#', qos: 0 }];
        return file;
    };
    const env = await startEnvironment(t, { config });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    // demo/# is the connection's subscription; no widget uses this topic.
    await mosquittoPub(broker, 'demo/garage/climate', '{"temperature": 12.5, "door": "closed"}');
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Add widget' }).click();
    const form = page.getByRole('form', { name: 'Widget settings' });
    const topic = form.getByLabel('State topic');
    await topic.fill('demo/gar');
    const offered = () => form.locator(`datalist#${'widget-form-topics'} option`).evaluateAll((options) => options.map((option) => [option.value, option.label]));
    await page.waitForFunction(() => [...document.querySelectorAll('#widget-form-topics option')].some((option) => option.value === 'demo/garage/climate'));
    assert.deepEqual((await offered()).find(([value]) => value === 'demo/garage/climate'), ['demo/garage/climate', '{"temperature": 12.5, "door": "closed"}']);
    assert.equal(await topic.getAttribute('list'), 'widget-form-topics');
    await topic.fill('demo/garage/climate');
    await page.waitForFunction(() => [...document.querySelectorAll('#widget-form-paths option')].map((option) => option.value).join() === '$.door,$.temperature');
    assert.equal(await form.locator('.field-error').count(), 0);
    await form.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.locator('dialog.app-dialog[open]').count(), 0);
});
