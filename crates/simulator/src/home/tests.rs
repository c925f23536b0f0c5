//! The simulated home on its own: commands, states, refusals and load.

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
fn heating_mode_and_colour_answer_as_retained_states_and_refuse_nonsense() {
    let mut home = home("");
    home.on_message(at(0.0), "home/heating/mode/set", b"comfort");
    home.on_message(at(0.0), "home/heating/mode/set", b"turbo");
    home.on_message(at(0.0), "home/lamp/color/set", br#"{"r":0,"g":255,"b":64}"#);
    home.on_message(at(0.0), "home/lamp/color/set", b"#GG0000");
    let out = home.tick(at(1.0));
    let retained = |topic: &str| {
        out.iter().find(|message| message.topic == topic).map(|message| (message.payload.as_str(), message.retain))
    };
    assert_eq!(retained("home/heating/mode"), Some(("comfort", true)));
    assert_eq!(retained("home/lamp/color"), Some(("#00ff40", true)));
    assert!(home.log.iter().any(|line| line.contains("ignored \"turbo\"")));
    assert!(home.log.iter().any(|line| line.contains("ignored colour \"#GG0000\"")));
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
