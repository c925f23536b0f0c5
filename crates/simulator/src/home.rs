//! The simulated home and plant, free of sockets and clocks (`now` is an
//! argument) so that its behaviour is tested on its own: sensors that drift,
//! a lamp that answers its `set` topic after a realistic delay and refuses
//! while locked, a dimmer, a thermostat setpoint, a door event stream, a
//! status topic, and optional synthetic load sensors.

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
        [LAMP_SET, DIMMER_SET, SETPOINT_SET].into_iter().map(|rest| self.topic(rest)).collect()
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
        let mut out = vec![
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

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(prefix: &str) -> Home {
        Home::new(HomeOptions {
            prefix: prefix.into(),
            telemetry_interval: Duration::from_secs(2),
            sensors: 0,
            sensor_rate: 0.0,
            seed: 1,
        })
    }

    fn at(seconds: f64) -> Duration {
        Duration::from_secs_f64(seconds)
    }

    #[test]
    fn the_lamp_answers_its_set_topic_after_a_delay_as_a_retained_state() {
        let mut home = home("");
        home.on_connected(at(0.0));
        home.on_message(at(1.0), "home/lamp/set", b"ON");
        assert!(!home.tick(at(1.0)).iter().any(|message| message.topic == "home/lamp/state"), "not at once");
        let later = home.tick(at(2.0));
        let state = later.iter().find(|message| message.topic == "home/lamp/state").expect("the new state");
        assert_eq!((state.payload.as_str(), state.retain), ("ON", true));
    }

    #[test]
    fn a_locked_lamp_refuses_and_reports_its_unchanged_state() {
        let mut home = home("");
        home.on_connected(at(0.0));
        let lock = home.tick(at(60.0));
        assert!(lock.iter().any(|message| message.topic == "home/lamp/locked" && message.payload == "true"));
        home.on_message(at(61.0), "home/lamp/set", b"ON");
        let answer = home.tick(at(62.0));
        assert!(answer.iter().any(|message| message.topic == "home/lamp/state" && message.payload == "OFF"));
        assert!(home.log.iter().any(|line| line.contains("locked, refusing")));
        let unlock = home.tick(at(75.0));
        assert!(unlock.iter().any(|message| message.topic == "home/lamp/locked" && message.payload == "false"));
    }

    #[test]
    fn topics_take_the_prefix_and_the_will_is_a_retained_offline() {
        let home = home("lab");
        assert_eq!(home.subscriptions()[0], "lab/home/lamp/set");
        assert_eq!(
            home.will(),
            Outgoing { topic: "lab/home/simulator/status".into(), payload: "offline".into(), retain: true }
        );
    }

    #[test]
    fn the_dimmer_clamps_and_bad_commands_are_logged_not_applied() {
        let mut home = home("");
        home.on_message(at(0.0), "home/dimmer/brightness/set", b"250");
        home.on_message(at(0.0), "home/thermostat/setpoint/set", b"warm");
        let out = home.tick(at(1.0));
        assert!(out.iter().any(|message| message.topic == "home/dimmer/brightness" && message.payload == "100"));
        assert!(home.log.iter().any(|line| line.contains("ignored \"warm\"")));
    }

    #[test]
    fn load_sensors_publish_at_the_rate_across_the_topics_and_never_flood_after_a_stall() {
        let mut home = Home::new(HomeOptions { sensors: 1000, sensor_rate: 2000.0, ..home("").options.clone() });
        let first = home.tick(at(0.0)).into_iter().filter(|message| message.topic.starts_with("plant/")).count();
        assert_eq!(first, 0);
        let after_half_second =
            home.tick(at(0.5)).into_iter().filter(|message| message.topic.starts_with("plant/")).count();
        assert_eq!(after_half_second, 1000);
        let after_stall = home.tick(at(10.0)).into_iter().filter(|message| message.topic.starts_with("plant/")).count();
        assert_eq!(after_stall, 2000, "at most one second's worth at once");
    }

    #[test]
    fn telemetry_is_reproducible_from_the_seed() {
        let first: Vec<Outgoing> = home("").tick(at(0.0));
        let second: Vec<Outgoing> = home("").tick(at(0.0));
        assert_eq!(first, second);
        assert!(first
            .iter()
            .any(|message| message.topic == "home/living/climate" && message.payload.contains("\"temperature\":")));
        assert!(first.iter().any(|message| message.topic == "srv/temperature"));
    }
}
