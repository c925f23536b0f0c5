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


/** A dashboard of the controls and transforms of issue 15, on `dev/…` topics (see controls.test.mjs). */
export function controlsDashboard() {
    const base = { connection: 'local', qos: 1, confirm_timeout_s: 3 };
    return {
        id: 'house', title: 'House', widgets: [
            { ...base, id: 'lock', kind: 'indicator', title: 'Front door', topic: 'dev/lock/state', states: [
                { match: 'LOCKED', label: 'Locked', color: '#c62828', icon: 'lock' },
                { match: 'UNLOCKED', label: 'Unlocked', color: '#2e7d32', icon: 'door' },
            ] },
            { ...base, id: 'mode', kind: 'select', title: 'Heating', topic: 'dev/heat/mode', command_topic: 'dev/heat/mode/set', states: [
                { match: 'off', label: 'Off', icon: 'power' }, { match: 'eco', label: 'Eco' }, { match: 'comfort', label: 'Comfort' },
            ] },
            { ...base, id: 'fan', kind: 'select', title: 'Fan', topic: 'dev/fan/speed', command_topic: 'dev/fan/speed/set',
                states: [0, 1, 2, 3, 4].map((speed) => ({ match: speed, label: `Speed ${speed}` })) },
            { ...base, id: 'setpoint', kind: 'number', title: 'Setpoint', topic: 'dev/heat/setpoint', command_topic: 'dev/heat/setpoint/set',
                min: 5, max: 28, step: 0.5, decimals: 1, unit: '°C' },
            { ...base, id: 'tank', kind: 'level', title: 'Tank', topic: 'dev/tank', value_path: '$.level', unit: '%',
                thresholds: [{ value: 0, color: '#c62828' }, { value: 20, color: '#2e7d32' }] },
            { ...base, id: 'rgb', kind: 'color', title: 'Lamp colour', topic: 'dev/rgb/color', command_topic: 'dev/rgb/color/set', color_format: 'json' },
            { ...base, id: 'cam', kind: 'image', title: 'Camera', topic: 'dev/cam' },
            { ...base, id: 'power', kind: 'text', title: 'Power', topic: 'dev/meter/power',
                expression: "value >= 1000 ? round(value / 1000, 1) + ' kW' : value + ' W'" },
            { ...base, id: 'kelvin', kind: 'gauge', title: 'Boiler', topic: 'dev/boiler/kelvin', scale: 1, offset: -273.15, decimals: 1, unit: '°C', min: 0, max: 100 },
            { ...base, id: 'garage', kind: 'text', title: 'Garage', topic: 'dev/garage/raw',
                value_map: [{ match: 1, label: 'Open', icon: 'door', color: '#ef6c00' }, { match: 0, label: 'Closed' }] },
            { ...base, id: 'double', kind: 'text', title: 'Doubled', topic: 'dev/double', expression: 'payload.reading * 2' },
        ],
    };
}

/** Retained states for every widget of controlsDashboard(), as [topic, payload]. */
export const CONTROL_READINGS = [
    ['dev/lock/state', 'LOCKED'],
    ['dev/heat/mode', 'eco'],
    ['dev/fan/speed', '2'],
    ['dev/heat/setpoint', '21.5'],
    ['dev/tank', '{"level":72}'],
    ['dev/rgb/color', '#ff8800'],
    ['dev/meter/power', '1750'],
    ['dev/boiler/kelvin', '333.15'],
    ['dev/garage/raw', '1'],
    ['dev/double', '{"reading":21}'],
];
