//! Property tests of the codec: whatever the encoder produces decodes to the
//! same value, a byte stream split at any points yields the same packets
//! [MQTT-6.0.0-2], and arbitrary bytes never panic the decoder.

use mqtt::packet::{
    decode, Auth, ConnAck, Connect, Decoder, Disconnect, PublishAck, RetainHandling, SubAck, Subscribe, Subscription,
    SubscriptionOptions, UnsubAck, Unsubscribe,
};
use mqtt::{LastWill, Packet, Properties, ProtocolVersion, Publish, QoS, ReasonCode};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn qos() -> impl Strategy<Value = QoS> {
    prop_oneof![Just(QoS::AtMostOnce), Just(QoS::AtLeastOnce), Just(QoS::ExactlyOnce)]
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 äé€😀_-]{0,12}"
}

fn topic() -> impl Strategy<Value = String> {
    "[a-z0-9$]{1,6}(/[a-zA-Z0-9 _-]{0,6}){0,4}"
}

fn filter() -> impl Strategy<Value = String> {
    prop_oneof![topic(), topic().prop_map(|topic| format!("{topic}/#")), Just("+/x/+".to_owned()), Just("#".to_owned())]
}

fn packet_id() -> impl Strategy<Value = u16> {
    1..=u16::MAX
}

/// Properties that may appear in a PUBLISH or a Will.
fn message_properties() -> impl Strategy<Value = Properties> {
    (
        option::of(any::<bool>()),
        option::of(any::<u32>()),
        option::of(text()),
        option::of(topic()),
        option::of(vec(any::<u8>(), 0..8)),
        vec((text(), text()), 0..3),
    )
        .prop_map(|(format, expiry, content_type, response_topic, correlation, user)| Properties {
            payload_format_indicator: format,
            message_expiry_interval: expiry,
            content_type,
            response_topic,
            correlation_data: correlation,
            user_properties: user,
            ..Properties::default()
        })
}

fn response_properties() -> impl Strategy<Value = Properties> {
    (option::of(text()), vec((text(), text()), 0..2)).prop_map(|(reason_string, user_properties)| Properties {
        reason_string,
        user_properties,
        ..Properties::default()
    })
}

fn publish(v5: bool) -> impl Strategy<Value = Publish> {
    (qos(), any::<bool>(), any::<bool>(), topic(), packet_id(), message_properties(), vec(any::<u8>(), 0..64)).prop_map(
        move |(qos, dup, retain, topic, packet_id, properties, payload)| Publish {
            dup: dup && qos != QoS::AtMostOnce,
            qos,
            retain,
            topic,
            packet_id: (qos != QoS::AtMostOnce).then_some(packet_id),
            properties: if v5 { properties } else { Properties::default() },
            payload: payload.into(),
        },
    )
}

fn subscription(v5: bool) -> impl Strategy<Value = Subscription> {
    (filter(), qos(), any::<bool>(), any::<bool>(), 0..3u8).prop_map(move |(filter, qos, no_local, rap, handling)| {
        let retain_handling =
            [RetainHandling::SendOnSubscribe, RetainHandling::SendOnNewSubscribe, RetainHandling::DoNotSend]
                [usize::from(handling)];
        let options = if v5 {
            SubscriptionOptions { qos, no_local, retain_as_published: rap, retain_handling }
        } else {
            SubscriptionOptions { qos, ..SubscriptionOptions::default() }
        };
        Subscription { filter, options }
    })
}

fn reason(v5: bool, codes: &'static [ReasonCode]) -> impl Strategy<Value = ReasonCode> {
    let codes = if v5 { codes } else { &codes[..1] };
    proptest::sample::select(codes)
}

/// Any packet valid in `version`, as a client or server might send it.
fn packet(version: ProtocolVersion) -> BoxedStrategy<Packet> {
    let v5 = version == ProtocolVersion::V5;
    let properties = move |strategy: BoxedStrategy<Properties>| {
        if v5 {
            strategy
        } else {
            Just(Properties::default()).boxed()
        }
    };
    let will = (topic(), vec(any::<u8>(), 0..16), qos(), any::<bool>(), properties(message_properties().boxed()))
        .prop_map(|(topic, payload, qos, retain, properties)| LastWill { topic, payload, qos, retain, properties });
    let connect =
        (any::<bool>(), any::<u16>(), text(), option::of(will), option::of(text()), option::of(vec(any::<u8>(), 0..8)))
            .prop_map(move |(clean_start, keep_alive, client_id, will, username, password)| {
                Packet::Connect(Box::new(Connect {
                    protocol_version: version,
                    // [MQTT-3.1.3-7] an empty 3.1.1 client id needs clean session.
                    clean_start: clean_start || (!v5 && client_id.is_empty()),
                    keep_alive,
                    client_id,
                    will,
                    // 3.1.1 allows a password only with a user name [MQTT-3.1.2-22].
                    password: if v5 || username.is_some() { password } else { None },
                    username,
                    properties: if v5 {
                        Properties {
                            session_expiry_interval: Some(30),
                            receive_maximum: Some(10),
                            ..Properties::default()
                        }
                    } else {
                        Properties::default()
                    },
                }))
            });
    let connack_codes: &'static [ReasonCode] = &[
        ReasonCode::Success,
        ReasonCode::NotAuthorized,
        ReasonCode::BadUserNameOrPassword,
        ReasonCode::ServerUnavailable,
    ];
    let connack = (any::<bool>(), reason(v5, connack_codes), properties(response_properties().boxed())).prop_map(
        |(session_present, reason_code, properties)| {
            Packet::ConnAck(ConnAck {
                session_present: session_present && !reason_code.is_error(),
                reason_code,
                properties,
            })
        },
    );
    let ack_codes: &'static [ReasonCode] =
        &[ReasonCode::Success, ReasonCode::NoMatchingSubscribers, ReasonCode::QuotaExceeded];
    let ack = (packet_id(), reason(v5, ack_codes), properties(response_properties().boxed()))
        .prop_map(|(packet_id, reason_code, properties)| PublishAck { packet_id, reason_code, properties })
        .boxed();
    let release_codes: &'static [ReasonCode] = &[ReasonCode::Success, ReasonCode::PacketIdentifierNotFound];
    let release = (packet_id(), reason(v5, release_codes), properties(response_properties().boxed()))
        .prop_map(|(packet_id, reason_code, properties)| PublishAck { packet_id, reason_code, properties })
        .boxed();
    let subscribe = (packet_id(), vec(subscription(v5), 1..4)).prop_map(|(packet_id, subscriptions)| {
        Packet::Subscribe(Subscribe { packet_id, properties: Properties::default(), subscriptions })
    });
    let suback_codes: &'static [ReasonCode] =
        &[ReasonCode::Success, ReasonCode::GrantedQoS1, ReasonCode::GrantedQoS2, ReasonCode::UnspecifiedError];
    let suback =
        (packet_id(), vec(proptest::sample::select(suback_codes), 1..4)).prop_map(|(packet_id, reason_codes)| {
            Packet::SubAck(SubAck { packet_id, properties: Properties::default(), reason_codes })
        });
    let unsubscribe = (packet_id(), vec(filter(), 1..4)).prop_map(|(packet_id, filters)| {
        Packet::Unsubscribe(Unsubscribe { packet_id, properties: Properties::default(), filters })
    });
    let unsuback_codes: &'static [ReasonCode] = &[ReasonCode::Success, ReasonCode::NoSubscriptionExisted];
    let unsuback =
        (packet_id(), vec(proptest::sample::select(unsuback_codes), 1..3)).prop_map(move |(packet_id, codes)| {
            Packet::UnsubAck(UnsubAck {
                packet_id,
                properties: Properties::default(),
                reason_codes: if v5 { codes } else { vec![] },
            })
        });
    let disconnect_codes: &'static [ReasonCode] =
        &[ReasonCode::Success, ReasonCode::SessionTakenOver, ReasonCode::ServerShuttingDown];
    let disconnect = reason(v5, disconnect_codes)
        .prop_map(|reason_code| Packet::Disconnect(Disconnect { reason_code, properties: Properties::default() }));
    let mut choices = vec![
        connect.boxed(),
        connack.boxed(),
        publish(v5).prop_map(Packet::Publish).boxed(),
        ack.clone().prop_map(Packet::PubAck).boxed(),
        ack.prop_map(Packet::PubRec).boxed(),
        release.clone().prop_map(Packet::PubRel).boxed(),
        release.prop_map(Packet::PubComp).boxed(),
        subscribe.boxed(),
        suback.boxed(),
        unsubscribe.boxed(),
        unsuback.boxed(),
        Just(Packet::PingReq).boxed(),
        Just(Packet::PingResp).boxed(),
        disconnect.boxed(),
    ];
    if v5 {
        let auth_codes: &'static [ReasonCode] = &[ReasonCode::Success, ReasonCode::ContinueAuthentication];
        choices.push(
            (proptest::sample::select(auth_codes), option::of(text()))
                .prop_map(|(reason_code, method)| {
                    Packet::Auth(Auth {
                        reason_code,
                        properties: Properties { authentication_method: method, ..Properties::default() },
                    })
                })
                .boxed(),
        );
    }
    proptest::strategy::Union::new(choices).boxed()
}

fn version() -> impl Strategy<Value = ProtocolVersion> {
    prop_oneof![Just(ProtocolVersion::V311), Just(ProtocolVersion::V5)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_encoded_packet_decodes_to_the_same_value((version, packet) in version().prop_flat_map(|version| (Just(version), packet(version)))) {
        let bytes = packet.to_bytes(version).unwrap();
        prop_assert_eq!(bytes.len(), packet.encoded_len(version));
        let decoded = decode(&bytes, version, u32::MAX).unwrap();
        prop_assert_eq!(decoded, Some((packet, bytes.len())));
    }

    #[test]
    fn a_stream_split_at_any_points_yields_the_same_packets(
        (version, packets) in version().prop_flat_map(|version| (Just(version), vec(packet(version), 1..8))),
        cuts in vec(1usize..40, 0..20),
    ) {
        // [MQTT-6.0.0-2] packets may span WebSocket frames and frames may hold many packets.
        let mut stream = Vec::new();
        for packet in &packets {
            packet.write(version, &mut stream).unwrap();
        }
        let mut decoder = Decoder::new(version, u32::MAX);
        let mut decoded = Vec::new();
        let mut rest = &stream[..];
        for cut in cuts.iter().chain(std::iter::repeat(&usize::MAX)) {
            if rest.is_empty() {
                break;
            }
            let (chunk, tail) = rest.split_at((*cut).min(rest.len()));
            rest = tail;
            decoder.push(chunk);
            while let Some(packet) = decoder.next_packet().unwrap() {
                decoded.push(packet);
            }
        }
        prop_assert_eq!(decoded, packets);
        prop_assert_eq!(decoder.buffered(), 0);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_decoder(version in version(), bytes in vec(any::<u8>(), 0..256)) {
        let mut decoder = Decoder::new(version, 1024);
        decoder.push(&bytes);
        while let Ok(Some(_)) = decoder.next_packet() {}
    }

    #[test]
    fn corrupting_one_byte_of_a_valid_packet_never_panics(
        (version, packet) in version().prop_flat_map(|version| (Just(version), packet(version))),
        position in any::<prop::sample::Index>(),
        value in any::<u8>(),
    ) {
        let mut bytes = packet.to_bytes(version).unwrap();
        let index = position.index(bytes.len());
        bytes[index] = value;
        let _ = decode(&bytes, version, u32::MAX);
    }
}
