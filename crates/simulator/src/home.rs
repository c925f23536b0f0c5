//! The simulated home and plant, free of sockets and clocks (`now` is an
//! argument) so that its behaviour is tested on its own: sensors that drift,
//! a lamp that answers its `set` topic after a realistic delay and refuses
//! while locked, a dimmer, a thermostat setpoint, a heating mode, an RGB
//! colour, a draining water tank, a door event stream, a status topic, and
//! optional synthetic load sensors.

use std::collections::VecDeque;
use std::time::Duration;

use crate::random::Random;

/// A message the simulator wants published.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// Full topic, prefix included.
    pub topic: String,
    /// Payload text.
    pub payload: String,
    /// Retained (state topics) or not (events, telemetry).
    pub retain: bool,
}

/// Settings of a run.
#[derive(Debug, Clone)]
pub struct HomeOptions {
    /// Prepended to every topic with a `/` (empty: none).
    pub prefix: String,
    /// How often sensors report.
    pub telemetry_interval: Duration,
    /// Synthetic load sensors (`plant/sensor/<n>`).
    pub sensors: usize,
    /// Messages per second across all load sensors.
    pub sensor_rate: f64,
    /// Seed for reproducible values.
    pub seed: u64,
}

struct Room {
    name: &'static str,
    temperature: f64,
    humidity: f64,
}

/// The home's state and schedule.
pub struct Home {
    options: HomeOptions,
    random: Random,
    rooms: Vec<Room>,
    server_temperature: f64,
    server_humidity: f64,
    lamp_on: bool,
    lamp_locked: bool,
    brightness: u8,
    setpoint: f64,
    heating_mode: &'static str,
    /// The lamp's colour as `#rrggbb`.
    color: String,
    tank_level: f64,
    /// State changes waiting for their delay: (due, message).
    scheduled: VecDeque<(Duration, Outgoing)>,
    next_telemetry: Duration,
    next_door: Duration,
    next_lock_change: Duration,
    load_sent: u64,
    load_started: Option<Duration>,
    /// What happened, for the log.
    pub log: Vec<String>,
}

const LAMP_SET: &str = "home/lamp/set";
const DIMMER_SET: &str = "home/dimmer/brightness/set";
const SETPOINT_SET: &str = "home/thermostat/setpoint/set";
const HEATING_MODE_SET: &str = "home/heating/mode/set";
const COLOR_SET: &str = "home/lamp/color/set";
const HEATING_MODES: [&str; 3] = ["off", "eco", "comfort"];

impl Home {
    /// A home with initial values drawn from the seed.
    pub fn new(options: HomeOptions) -> Self {
        let mut random = Random::new(options.seed);
        let rooms = ["living", "kitchen", "bedroom"]
            .into_iter()
            .map(|name| Room { name, temperature: random.between(19.0, 23.0), humidity: random.between(35.0, 55.0) })
            .collect();
        Home {
            server_temperature: random.between(38.0, 46.0),
            server_humidity: random.between(20.0, 30.0),
            rooms,
            random,
            lamp_on: false,
            lamp_locked: false,
            brightness: 40,
            setpoint: 21.0,
            heating_mode: "eco",
            color: "#ffb300".to_owned(),
            tank_level: 80.0,
            scheduled: VecDeque::new(),
            next_telemetry: Duration::ZERO,
            next_door: Duration::from_secs(5),
            next_lock_change: Duration::from_secs(60),
            load_sent: 0,
            load_started: None,
            log: Vec::new(),
            options,
        }
    }

    /// `rest` under the prefix.
    pub fn topic(&self, rest: &str) -> String {
        if self.options.prefix.is_empty() {
            rest.to_owned()
        } else {
            format!("{}/{rest}", self.options.prefix.trim_end_matches('/'))
        }
    }

    fn message(&self, rest: &str, payload: impl Into<String>, retain: bool) -> Outgoing {
        Outgoing { topic: self.topic(rest), payload: payload.into(), retain }
    }

    /// The status topic and the Last Will's payload on it.
    pub fn will(&self) -> Outgoing {
        self.message("home/simulator/status", "offline", true)
    }

    /// The command topics to subscribe to.
    pub fn subscriptions(&self) -> Vec<String> {
        [LAMP_SET, DIMMER_SET, SETPOINT_SET, HEATING_MODE_SET, COLOR_SET]
            .into_iter()
            .map(|rest| self.topic(rest))
            .collect()
    }

    /// What to publish once connected: status and every state, retained.
    pub fn on_connected(&mut self, now: Duration) -> Vec<Outgoing> {
        self.next_telemetry = now;
        vec![
            self.message("home/simulator/status", "online", true),
            self.lamp_state(),
            self.message("home/lamp/locked", self.lamp_locked.to_string(), true),
            self.message("home/dimmer/brightness", self.brightness.to_string(), true),
            self.message("home/thermostat/setpoint", format!("{:.1}", self.setpoint), true),
            self.message("home/heating/mode", self.heating_mode, true),
            self.message("home/lamp/color", self.color.clone(), true),
        ]
    }

    /// What to publish when stopping on purpose.
    pub fn on_stop(&self) -> Outgoing {
        self.will()
    }

    fn lamp_state(&self) -> Outgoing {
        self.message("home/lamp/state", if self.lamp_on { "ON" } else { "OFF" }, true)
    }

    /// A command arrived; the answer is scheduled after a device-like delay.
    pub fn on_message(&mut self, now: Duration, topic: &str, payload: &[u8]) {
        let text = String::from_utf8_lossy(payload).trim().to_owned();
        let delay = Duration::from_millis(self.random.between(300.0, 900.0) as u64);
        if topic == self.topic(LAMP_SET) {
            let wanted = match text.to_ascii_uppercase().as_str() {
                "ON" | "TRUE" | "1" => Some(true),
                "OFF" | "FALSE" | "0" => Some(false),
                "TOGGLE" => Some(!self.lamp_on),
                _ => None,
            };
            match wanted {
                None => self.log.push(format!("lamp: ignored {text:?} (expected ON, OFF or TOGGLE)")),
                Some(_) if self.lamp_locked => {
                    self.log.push(format!("lamp: locked, refusing {text:?}; it stays {}", on_off(self.lamp_on)));
                    let unchanged = self.lamp_state();
                    self.scheduled.push_back((now + delay, unchanged));
                }
                Some(on) => {
                    self.lamp_on = on;
                    self.log.push(format!("lamp: switching {} in {} ms", on_off(on), delay.as_millis()));
                    let state = self.lamp_state();
                    self.scheduled.push_back((now + delay, state));
                }
            }
        } else if topic == self.topic(DIMMER_SET) {
            match text.parse::<f64>() {
                Ok(level) if level.is_finite() => {
                    self.brightness = level.round().clamp(0.0, 100.0) as u8;
                    self.log.push(format!("dimmer: brightness {}", self.brightness));
                    let state = self.message("home/dimmer/brightness", self.brightness.to_string(), true);
                    self.scheduled.push_back((now + delay / 3, state));
                }
                _ => self.log.push(format!("dimmer: ignored {text:?} (expected 0 to 100)")),
            }
        } else if topic == self.topic(SETPOINT_SET) {
            match text.parse::<f64>() {
                Ok(value) if value.is_finite() => {
                    self.setpoint = value.clamp(5.0, 30.0);
                    self.log.push(format!("thermostat: setpoint {:.1}", self.setpoint));
                    let state = self.message("home/thermostat/setpoint", format!("{:.1}", self.setpoint), true);
                    self.scheduled.push_back((now + delay / 3, state));
                }
                _ => self.log.push(format!("thermostat: ignored {text:?} (expected degrees)")),
            }
        } else if topic == self.topic(HEATING_MODE_SET) {
            match HEATING_MODES.into_iter().find(|mode| *mode == text) {
                Some(mode) => {
                    self.heating_mode = mode;
                    self.log.push(format!("heating: {mode}"));
                    self.scheduled.push_back((now + delay, self.message("home/heating/mode", mode, true)));
                }
                None => self.log.push(format!("heating: ignored {text:?} (expected off, eco or comfort)")),
            }
        } else if topic == self.topic(COLOR_SET) {
            match color_of(&text) {
                Some(color) => {
                    self.log.push(format!("lamp: colour {color}"));
                    self.scheduled.push_back((now + delay / 3, self.message("home/lamp/color", color.clone(), true)));
                    self.color = color;
                }
                None => self.log.push(format!("lamp: ignored colour {text:?} (expected #rrggbb or {{r,g,b}})")),
            }
        }
    }

    /// Everything due by `now`.
    pub fn tick(&mut self, now: Duration) -> Vec<Outgoing> {
        let mut out = Vec::new();
        while self.scheduled.front().is_some_and(|(due, _)| *due <= now) {
            if let Some((_, message)) = self.scheduled.pop_front() {
                out.push(message);
            }
        }
        if now >= self.next_telemetry {
            self.next_telemetry = now + self.options.telemetry_interval;
            out.extend(self.telemetry());
        }
        if now >= self.next_door {
            self.next_door = now + Duration::from_secs_f64(self.random.between(10.0, 30.0));
            let event = ["front door opened", "front door closed", "back door opened", "back door closed"]
                [(self.random.unit() * 4.0) as usize % 4];
            out.push(self.message("home/door/last_event", event, false));
        }
        if now >= self.next_lock_change {
            // Locked for 15 s of every minute: long enough to see a refusal.
            self.lamp_locked = !self.lamp_locked;
            self.next_lock_change = now + Duration::from_secs(if self.lamp_locked { 15 } else { 45 });
            self.log.push(format!("lamp: {}", if self.lamp_locked { "locked" } else { "unlocked" }));
            out.push(self.message("home/lamp/locked", self.lamp_locked.to_string(), true));
        }
        out.extend(self.load(now));
        out
    }

    fn telemetry(&mut self) -> Vec<Outgoing> {
        let heating = self.rooms[0].temperature < self.setpoint;
        for room in &mut self.rooms {
            let pull = if heating { 0.05 } else { -0.03 };
            room.temperature = (room.temperature + pull + self.random.between(-0.15, 0.15)).clamp(12.0, 30.0);
            room.humidity = (room.humidity + self.random.between(-0.8, 0.8)).clamp(20.0, 80.0);
        }
        self.server_temperature = (self.server_temperature + self.random.between(-0.6, 0.6)).clamp(30.0, 70.0);
        self.server_humidity = (self.server_humidity + self.random.between(-0.5, 0.5)).clamp(10.0, 60.0);
        // The tank drains slowly and is refilled when nearly empty.
        self.tank_level = if self.tank_level < 8.0 { 100.0 } else { self.tank_level - self.random.between(0.1, 0.5) };
        let mut out = vec![
            self.message("home/tank", format!("{{\"level\":{:.1}}}", self.tank_level), false),
            self.message("srv/temperature", format!("{:.2}", self.server_temperature), false),
            self.message("srv/humidity", format!("{:.1}", self.server_humidity), false),
        ];
        for room in &self.rooms {
            let payload = format!("{{\"temperature\":{:.2},\"humidity\":{:.1}}}", room.temperature, room.humidity);
            out.push(self.message(&format!("home/{}/climate", room.name), payload, false));
        }
        out
    }

    fn load(&mut self, now: Duration) -> Vec<Outgoing> {
        if self.options.sensors == 0 || self.options.sensor_rate <= 0.0 {
            return Vec::new();
        }
        let started = *self.load_started.get_or_insert(now);
        let due = ((now - started).as_secs_f64() * self.options.sensor_rate) as u64;
        // At most a second's worth per tick, so a stall never turns into a flood.
        let count = due.saturating_sub(self.load_sent).min(self.options.sensor_rate.ceil() as u64);
        let out = (0..count)
            .map(|offset| {
                let index = (self.load_sent + offset) as usize % self.options.sensors;
                let value = 50.0 + 40.0 * ((self.load_sent + offset) as f64 / 50.0 + index as f64).sin();
                self.message(&format!("plant/sensor/{index}"), format!("{{\"value\":{value:.2}}}"), false)
            })
            .collect();
        self.load_sent = due.max(self.load_sent + count);
        out
    }
}

/// `#rrggbb` from a colour command: `#rrggbb` itself or JSON `{"r":…,"g":…,"b":…}`.
fn color_of(text: &str) -> Option<String> {
    if text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return Some(text.to_ascii_lowercase());
    }
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let channel = |name: &str| json.get(name)?.as_u64().filter(|value| *value <= 255);
    Some(format!("#{:02x}{:02x}{:02x}", channel("r")?, channel("g")?, channel("b")?))
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

#[cfg(test)]
mod tests;
