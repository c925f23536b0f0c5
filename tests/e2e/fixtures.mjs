// Settings files shared by the end-to-end tests.
import { configFor } from './harness.mjs';

/** A settings file with one dashboard holding every widget kind. */
export function dashboardConfig(broker, overrides = {}) {
    const config = configFor(broker, { subscriptions: [] });
    config.dashboards = [{
        id: 'home', title: 'Home', widgets: [
            { id: 'temp', kind: 'gauge', connection: 'local', topic: 'home/living/temperature', value_path: '$.temperature',
                unit: '°C', min: 0, max: 40, decimals: 1, thresholds: [{ value: 28, color: '#e53935' }], stale_after_s: 60 },
            { id: 'lamp', kind: 'switch', connection: 'local', topic: 'home/lamp/state', command_topic: 'home/lamp/set',
                on_payload: 'ON', off_payload: 'OFF', qos: 1, retain: false, confirm_timeout_s: 2, ...overrides.lamp },
            { id: 'dim', kind: 'slider', connection: 'local', topic: 'home/lamp/brightness', command_topic: 'home/lamp/brightness/set',
                min: 0, max: 100, step: 1, qos: 1 },
            { id: 'bell', kind: 'button', connection: 'local', command_topic: 'home/bell', payload: 'ring', qos: 2, retain: true },
            { id: 'trend', kind: 'chart', connection: 'local', window_s: 600,
                series: [{ topic: 'home/living/temperature', value_path: '$.temperature', label: 'Living' }] },
            { id: 'msg', kind: 'text', connection: 'local', topic: 'home/door/last_event' },
            { id: 'online', kind: 'indicator', connection: 'local', topic: 'home/sensor/status', on_payload: 'online', off_payload: 'offline' },
        ],
    }];
    return config;
}

