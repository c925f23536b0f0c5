//! `mqtt-deck-simulator`: a simulated home and plant for the MQTT Deck demo
//! and load tests, built on the `mqtt` crate's sans-IO session over a plain
//! TCP socket. It logs what it does, reconnects when the broker goes away,
//! and on Ctrl-C (or SIGTERM) publishes its status as `offline` and
//! disconnects cleanly; if it dies instead, its Last Will says `offline`.
//!
//! ```text
//! mqtt-deck-simulator [--host 127.0.0.1] [--port 1883] [--prefix P] [--interval-ms 2000]
//!                     [--sensors N --sensor-rate MSG_PER_S] [--duration S] [--seed N]
//! ```

mod home;
mod random;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use home::{Home, HomeOptions, Outgoing};
use mqtt::packet::SubscriptionOptions;
use mqtt::{ConnectOptions, Event, LastWill, Publish, QoS, ReasonCode, Session, SessionConfig, Subscription};

struct Options {
    host: String,
    port: u16,
    client_id: String,
    duration: Option<Duration>,
    home: HomeOptions,
}

const USAGE: &str = "usage: mqtt-deck-simulator [--host 127.0.0.1] [--port 1883] [--prefix P] [--interval-ms 2000] \
[--sensors N] [--sensor-rate MSG_PER_S] [--duration SECONDS] [--seed N] [--client-id ID]";

fn parse_options(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        host: "127.0.0.1".into(),
        port: 1883,
        client_id: "mqtt-deck-simulator".into(),
        duration: None,
        home: HomeOptions {
            prefix: String::new(),
            telemetry_interval: Duration::from_secs(2),
            sensors: 0,
            sensor_rate: 1000.0,
            seed: 1,
        },
    };
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        fn number<T: std::str::FromStr>(name: &str, text: String) -> Result<T, String> {
            text.parse().map_err(|_| format!("{name}: {text:?} is not a valid number\n{USAGE}"))
        }
        match flag.as_str() {
            "--host" => options.host = value("--host")?,
            "--port" => options.port = number("--port", value("--port")?)?,
            "--client-id" => options.client_id = value("--client-id")?,
            "--prefix" => options.home.prefix = value("--prefix")?,
            "--interval-ms" => {
                options.home.telemetry_interval =
                    Duration::from_millis(number::<u64>("--interval-ms", value("--interval-ms")?)?.max(10))
            }
            "--sensors" => options.home.sensors = number("--sensors", value("--sensors")?)?,
            "--sensor-rate" => options.home.sensor_rate = number("--sensor-rate", value("--sensor-rate")?)?,
            "--duration" => {
                options.duration = Some(Duration::from_secs_f64(number("--duration", value("--duration")?)?))
            }
            "--seed" => options.home.seed = number("--seed", value("--seed")?)?,
            "--help" | "-h" => return Err(USAGE.into()),
            other => return Err(format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    if options.home.sensors > 0 && options.duration.is_none() {
        return Err("--sensors needs --duration: a load run is always bounded in time".into());
    }
    Ok(options)
}

fn main() {
    let options = match parse_options(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(error) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        eprintln!("simulator: cannot catch Ctrl-C: {error}");
    }
    let started = Instant::now();
    let mut home = Home::new(options.home.clone());
    while !stop.load(Ordering::SeqCst) {
        match run_connection(&options, &mut home, &stop, started) {
            Ok(Finished::Stopped) => break,
            Ok(Finished::DurationReached) => {
                println!("simulator: ran for the requested duration; stopping");
                break;
            }
            Err(error) => {
                println!("simulator: {error}; trying again in 1 s");
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
    println!("simulator: stopped");
}

enum Finished {
    Stopped,
    DurationReached,
}

/// One connection: connect, publish and answer until stopped or the link drops.
fn run_connection(options: &Options, home: &mut Home, stop: &AtomicBool, started: Instant) -> Result<Finished, String> {
    let address = format!("{}:{}", options.host, options.port);
    let mut stream = TcpStream::connect(&address).map_err(|error| format!("cannot reach {address}: {error}"))?;
    stream.set_nodelay(true).map_err(|error| error.to_string())?;
    stream.set_read_timeout(Some(Duration::from_millis(10))).map_err(|error| error.to_string())?;
    let now = || started.elapsed();
    let will = home.will();
    let mut session = Session::new(SessionConfig::default());
    session
        .connect(
            now(),
            ConnectOptions {
                client_id: options.client_id.clone(),
                keep_alive: 30,
                will: Some(LastWill {
                    topic: will.topic,
                    payload: will.payload.into_bytes(),
                    qos: QoS::AtLeastOnce,
                    retain: true,
                    properties: Default::default(),
                }),
                ..ConnectOptions::default()
            },
        )
        .map_err(|error| error.to_string())?;
    println!("simulator: connecting to {address} as {:?}", options.client_id);
    let mut buffer = vec![0u8; 64 * 1024];
    let mut transmit = Vec::new();
    loop {
        let finished = if stop.load(Ordering::SeqCst) {
            Some(Finished::Stopped)
        } else if options.duration.is_some_and(|limit| started.elapsed() >= limit) {
            Some(Finished::DurationReached)
        } else {
            None
        };
        if let Some(finished) = finished {
            if session.is_connected() {
                publish(&mut session, now(), home.on_stop());
                let _ = session.disconnect(now(), ReasonCode::Success);
                flush(&mut session, &mut stream, now(), &mut transmit)?;
                println!("simulator: published offline and disconnected");
            }
            return Ok(finished);
        }
        match stream.read(&mut buffer) {
            Ok(0) => return Err("the broker closed the connection".into()),
            Ok(read) => session.handle_bytes(now(), &buffer[..read]),
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(error) => return Err(format!("reading failed: {error}")),
        }
        if session.poll_timeout().is_some_and(|deadline| deadline <= now()) {
            session.handle_timeout(now());
        }
        while let Some(event) = session.poll_event() {
            match event {
                Event::Connected { .. } => {
                    println!("simulator: connected; publishing under {:?}", home.topic(""));
                    let subscriptions = home
                        .subscriptions()
                        .into_iter()
                        .map(|filter| Subscription {
                            filter,
                            options: SubscriptionOptions { qos: QoS::AtLeastOnce, ..Default::default() },
                        })
                        .collect();
                    session.subscribe(now(), subscriptions, Default::default()).map_err(|error| error.to_string())?;
                    for message in home.on_connected(now()) {
                        publish(&mut session, now(), message);
                    }
                }
                Event::Message(message) => home.on_message(now(), &message.topic, &message.payload),
                Event::Disconnected(reason) => return Err(format!("disconnected: {reason}")),
                _ => {}
            }
        }
        for line in home.log.drain(..) {
            println!("simulator: {line}");
        }
        if session.is_connected() {
            for message in home.tick(now()) {
                publish(&mut session, now(), message);
            }
        }
        flush(&mut session, &mut stream, now(), &mut transmit)?;
    }
}

fn publish(session: &mut Session, now: Duration, message: Outgoing) {
    // State is retained and sent at least once; telemetry and load at most once.
    let qos = if message.retain { QoS::AtLeastOnce } else { QoS::AtMostOnce };
    let publish = Publish { qos, retain: message.retain, ..Publish::new(message.topic, message.payload.into_bytes()) };
    if let Err(error) = session.publish(now, publish) {
        println!("simulator: not published: {error}");
    }
}

/// Writes what the session encoded; `transmit` is reused from call to call.
fn flush(session: &mut Session, stream: &mut TcpStream, now: Duration, transmit: &mut Vec<u8>) -> Result<(), String> {
    transmit.clear();
    if session.poll_transmit(now, transmit) {
        stream.write_all(transmit).map_err(|error| format!("writing failed: {error}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Options, String> {
        parse_options(text.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn options_parse_and_bad_values_are_named() {
        let options = parse("--port 1999 --prefix lab --seed 9 --interval-ms 500").unwrap();
        assert_eq!((options.port, options.home.prefix.as_str(), options.home.seed), (1999, "lab", 9));
        assert_eq!(options.home.telemetry_interval, Duration::from_millis(500));
        assert!(parse("--port high").err().unwrap().starts_with("--port: \"high\" is not a valid number"));
        assert!(parse("--colour blue").err().unwrap().starts_with("unknown option \"--colour\""));
        assert!(parse("--sensors 1000").err().unwrap().contains("needs --duration"));
    }
}
