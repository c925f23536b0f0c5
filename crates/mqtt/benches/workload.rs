//! The benchmark workloads, defined once and shared by the criterion bench
//! and the comparison example: PUBLISH streams with an 18-byte topic, a
//! mixed packet stream, and 10,000 topic filters.

use mqtt::packet::{PublishAck, SubAck};
use mqtt::{Packet, Properties, ProtocolVersion, Publish, QoS, ReasonCode};

/// An 18-byte topic, as in the issue's benchmark.
pub const TOPIC: &str = "sensors/room1/temp";

/// `count` QoS 0 PUBLISH packets with `payload_len`-byte payloads, back to back.
pub fn publish_stream(version: ProtocolVersion, payload_len: usize, count: usize) -> Vec<u8> {
    assert_eq!(TOPIC.len(), 18);
    let packet = Packet::Publish(Publish::new(TOPIC, vec![b'x'; payload_len]));
    let mut stream = Vec::with_capacity(count * packet.encoded_len(version));
    for _ in 0..count {
        packet.write(version, &mut stream).expect("encodable");
    }
    stream
}

/// What a dashboard receives: mostly QoS 0 and 1 publishes, some acks and pings.
pub fn mixed_stream(version: ProtocolVersion, rounds: usize) -> Vec<u8> {
    let properties = if version == ProtocolVersion::V5 {
        Properties { content_type: Some("application/json".into()), ..Properties::default() }
    } else {
        Properties::default()
    };
    let mut stream = Vec::new();
    for round in 0..rounds {
        let packet_id = (round % 60_000) as u16 + 1;
        let packets = [
            Packet::Publish(Publish::new(
                format!("home/room{}/temperature", round % 50),
                br#"{"temperature":21.5}"#.to_vec(),
            )),
            Packet::Publish(Publish {
                qos: QoS::AtLeastOnce,
                packet_id: Some(packet_id),
                properties: properties.clone(),
                ..Publish::new("home/lamp/state", b"ON".to_vec())
            }),
            Packet::PubAck(PublishAck::new(packet_id)),
            Packet::SubAck(SubAck {
                packet_id,
                properties: Properties::default(),
                reason_codes: vec![ReasonCode::GrantedQoS1],
            }),
            Packet::PingResp,
        ];
        for packet in packets {
            packet.write(version, &mut stream).expect("encodable");
        }
    }
    stream
}

/// 10,000 distinct filters of the shapes dashboards use.
pub fn filters() -> Vec<String> {
    (0..10_000)
        .map(|index| match index % 4 {
            0 => format!("site{}/building{}/+/temperature", index % 100, index / 100),
            1 => format!("site{}/building{}/#", index % 100, index / 100),
            2 => format!("device/{index}/state"),
            _ => format!("+/sensor{index}/value"),
        })
        .collect()
}
