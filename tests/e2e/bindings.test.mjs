// Topic bindings follow the dashboards, end to end against a real
// mosquitto: deleting a widget unsubscribes its topic (mosquitto logs the
// UNSUBSCRIBE it received), a message on that topic no longer reaches the
// page, and a reconnect does not subscribe it again. The page's connection
// has no subscriptions of its own, so every topic it hears is a widget's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEnvironment, waitForConnectionState, mosquittoPub, showScreen } from './harness.mjs';
import { dashboardConfig } from './fixtures.mjs';

const OLD_TOPIC = 'home/door/last_event';
const MARKER_TOPIC = 'home/sensor/status';

/** The lines of mosquitto's own log (log_type all, written to a file), without their timestamps. */
function brokerLog(broker) {
    try {
        return readFileSync(join(broker.dir, 'mosquitto.log'), 'utf8').split('\n').map((line) => line.replace(/^\d+: /, ''));
    } catch {
        return [];
    }
}

/** How many log rows the page shows for `topic`. */
const rowsFor = (page, topic) => page.locator(`.message[data-topic="${topic}"]`).count();

/**
 * Publishes on the deleted widget's topic, then on a topic a remaining
 * widget reads; once the second has arrived the first would have too.
 */
async function oldTopicStaysSilent(page, broker, marker) {
    const before = await rowsFor(page, OLD_TOPIC);
    await mosquittoPub(broker, OLD_TOPIC, 'should not arrive');
    await mosquittoPub(broker, MARKER_TOPIC, marker);
    await page.locator(`.message[data-topic="${MARKER_TOPIC}"] .payload`, { hasText: marker }).first().waitFor({ timeout: 10_000 });
    assert.equal(await rowsFor(page, OLD_TOPIC), before, `no message on ${OLD_TOPIC} reached the page`);
}

test('a deleted widget unsubscribes its topic: mosquitto gets UNSUBSCRIBE, messages stop, a reconnect does not resubscribe', async (t) => {
    const env = await startEnvironment(t, {
        broker: { logFile: true },
        config: (broker) => dashboardConfig(broker),
    });
    const { page, broker } = env;
    await page.goto(env.appUrl());
    await waitForConnectionState(page, 'connected');
    // Bound and subscribed: the text widget shows a message on its topic.
    await mosquittoPub(broker, OLD_TOPIC, 'opened');
    await page.locator('[data-widget-id="msg"] [data-value="opened"]').waitFor({ timeout: 10_000 });
    assert.ok(brokerLog(broker).some((line) => line.trim() === `${OLD_TOPIC} (QoS 1)`), 'subscribed at QoS 1');
    assert.ok(!brokerLog(broker).some((line) => line.includes('Received UNSUBSCRIBE')), 'nothing unsubscribed yet');

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: `Delete ${OLD_TOPIC}` }).click();
    await page.locator('[data-widget-id="msg"]').waitFor({ state: 'detached', timeout: 5_000 });

    // [MQTT-3.10.4-1] the broker deletes the subscription named in UNSUBSCRIBE.
    const deadline = Date.now() + 10_000;
    let unsubscribed = -1;
    while (Date.now() < deadline) {
        const lines = brokerLog(broker);
        const at = lines.findIndex((line) => line.includes('Received UNSUBSCRIBE'));
        if (at >= 0 && lines.slice(at + 1).some((line) => line.trim() === OLD_TOPIC)) { unsubscribed = at; break; }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(unsubscribed >= 0, `mosquitto logged an UNSUBSCRIBE of ${OLD_TOPIC}:\n${brokerLog(broker).slice(-20).join('\n')}`);
    await showScreen(page, 'Log');
    await oldTopicStaysSilent(page, broker, 'marker-1');

    // A reconnect subscribes what the dashboards bind, and the deleted widget's topic is not among it.
    const subscriptionsOf = (topic) => brokerLog(broker).filter((line) => line.trim() === `${topic} (QoS 1)`).length;
    const subscribedBefore = subscriptionsOf(OLD_TOPIC);
    const markerBefore = subscriptionsOf(MARKER_TOPIC);
    await broker.restart();
    await waitForConnectionState(page, 'reconnecting');
    await waitForConnectionState(page, 'connected', { timeout: 30_000 });
    await oldTopicStaysSilent(page, broker, 'marker-2');
    assert.equal(subscriptionsOf(OLD_TOPIC), subscribedBefore, 'the reconnect did not subscribe the deleted widget\'s topic');
    assert.ok(subscriptionsOf(MARKER_TOPIC) > markerBefore, 'the remaining widgets were subscribed again');
    assert.deepEqual(env.pageErrors.map(String), []);
});
