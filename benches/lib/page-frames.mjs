// Frame and long-task recording inside a benchmarked page, and mqtt.js
// publishing at a fixed rate through a broker: shared by the browser benchmarks.
import mqtt from 'mqtt';

/** Installs the frame and long-task recorders (as a page init script); read them with `window.__frames`. */
export const RECORDER = () => {
    window.__frames = { intervals: [], longTasks: [], recording: false, last: 0 };
    new PerformanceObserver((list) => {
        if (window.__frames.recording) window.__frames.longTasks.push(...list.getEntries().map((entry) => entry.duration));
    }).observe({ type: 'longtask', buffered: false });
    const tick = (now) => {
        const frames = window.__frames;
        if (frames.recording && frames.last) frames.intervals.push(now - frames.last);
        frames.last = now;
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
};

/** p95 frame interval, dropped frames and long tasks of what `RECORDER` saw. */
export function summarise(frames) {
    const sorted = [...frames.intervals].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN;
    // A frame that took longer than 1.5 periods of a 60 Hz display is a dropped frame.
    const dropped = sorted.filter((interval) => interval > 25).length;
    return { frames: sorted.length, p95, dropped, longTasks: frames.longTasks.length, longest: Math.max(0, ...frames.longTasks) };
}

/**
 * Publishes QoS 0 messages with mqtt.js (an independent client) through the broker at `perSecond`
 * for `durationSeconds` (or until `count` are sent, if given), cycling over `topics`; resolves with
 * the number sent.
 */
export function publishThroughBroker(broker, { perSecond, durationSeconds, topics, payloadFor, count = Infinity }) {
    return new Promise((resolve, reject) => {
        const client = mqtt.connect(`mqtt://127.0.0.1:${broker.tcpPort}`, { protocolVersion: 5, reconnectPeriod: 0 });
        client.on('error', reject);
        client.on('connect', async () => {
            const started = performance.now();
            let sent = 0;
            const batch = Math.max(1, Math.round(perSecond / 100));
            while (sent < count && performance.now() - started < durationSeconds * 1000) {
                for (let index = 0; index < batch && sent < count; index++, sent++) client.publish(topics[sent % topics.length], payloadFor(sent), { qos: 0 });
                const due = started + (sent / perSecond) * 1000;
                await new Promise((wake) => setTimeout(wake, Math.max(0, due - performance.now())));
            }
            client.end(false, {}, () => resolve(sent));
        });
    });
}
