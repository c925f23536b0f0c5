//! A session fed hostile broker bytes: connected, then given arbitrary
//! chunks, timeouts and commands. It may disconnect, but never panic, and
//! what it sends must always be valid MQTT.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use mqtt::packet::{decode, ConnAck};
use mqtt::{ConnectOptions, Packet, Properties, ProtocolVersion, Publish, QoS, ReasonCode, Session, SessionConfig};

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else { return };
    let version = if control & 1 == 0 { ProtocolVersion::V311 } else { ProtocolVersion::V5 };
    let mut session = Session::new(SessionConfig { maximum_packet_size: 4096, ..SessionConfig::default() });
    let mut now = Duration::from_secs(1);
    let options = ConnectOptions { protocol_version: version, client_id: "fuzz".into(), ..ConnectOptions::default() };
    session.connect(now, options).unwrap();
    let connack = Packet::ConnAck(ConnAck {
        session_present: false,
        reason_code: ReasonCode::Success,
        properties: Properties::default(),
    });
    session.handle_bytes(now, &connack.to_bytes(version).unwrap());
    // Each chunk: one byte of length/command, then that many bytes from the broker.
    let mut input = rest;
    while let Some((&header, tail)) = input.split_first() {
        let len = usize::from(header & 0x3F).min(tail.len());
        let (chunk, after) = tail.split_at(len);
        input = after;
        match header >> 6 {
            0 | 1 => session.handle_bytes(now, chunk),
            2 => {
                now += Duration::from_secs(u64::from(header & 0x3F));
                session.handle_timeout(now);
            }
            _ => {
                let qos = QoS::from_number(header % 3).unwrap();
                let _ = session.publish(now, Publish { qos, ..Publish::new("fuzz/out", chunk.to_vec()) });
            }
        }
        while session.poll_event().is_some() {}
        let mut bytes = Vec::new();
        session.poll_transmit(now, &mut bytes);
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            let (_, used) = decode(rest, version, u32::MAX).expect("valid").expect("whole packets only");
            rest = &rest[used..];
        }
    }
});
