//! The encoder never writes what the decoder refuses: for any packet built
//! through the public API, with any values in its fields (wildcards in
//! topic names, identifiers of 0, reason codes from the wrong table,
//! properties the packet may not carry, properties under 3.1.1…), either
//! `write` fails and leaves the buffer as it was, or `decode(write(p)) == p`.

use mqtt::packet::{
    decode, Auth, ConnAck, Connect, Disconnect, PublishAck, RetainHandling, SubAck, Subscribe, Subscription,
    SubscriptionOptions, UnsubAck, Unsubscribe,
};
use mqtt::{LastWill, Packet, Properties, ProtocolVersion, Publish, QoS, ReasonCode};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::sync::atomic::{AtomicUsize, Ordering};

fn qos() -> impl Strategy<Value = QoS> {
    prop_oneof![Just(QoS::AtMostOnce), Just(QoS::AtLeastOnce), Just(QoS::ExactlyOnce)]
}

/// Topics and filters, valid or not: wildcards anywhere, empty, U+0000.
fn wild_topic() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[a-z]{1,4}(/[a-z]{0,3}){0,3}",
        2 => "[a-z+#/]{0,8}",
        1 => Just(String::new()),
        1 => Just("a\u{0}b".to_owned()),
        1 => Just("#".to_owned()),
        1 => Just("a/#/b".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    "[a-z0-9 é]{0,6}"
}

/// Success most of the time, else any defined code, valid for the packet or not.
fn reason() -> impl Strategy<Value = ReasonCode> {
    prop_oneof![
        2 => Just(ReasonCode::Success),
        1 => any::<u8>().prop_filter_map("a defined reason code", ReasonCode::from_byte)
    ]
}

/// Properties with any field set to any value, allowed in the packet or not.
fn wild_properties() -> BoxedStrategy<Properties> {
    (
        (option::of(any::<bool>()), option::of(any::<u32>()), option::of(text()), option::of(wild_topic())),
        (option::of(vec(any::<u8>(), 0..4)), vec(prop_oneof![Just(0u32), 1..300u32, Just(268_435_456u32)], 0..3)),
        (
            option::of(any::<u32>()),
            option::of(any::<u16>()),
            option::of(text()),
            option::of(prop_oneof![Just(0u16), any::<u16>()]),
        ),
        (
            option::of(prop_oneof![Just(0u16), any::<u16>()]),
            option::of(qos()),
            option::of(any::<bool>()),
            vec((text(), text()), 0..2),
        ),
        (option::of(prop_oneof![Just(0u32), any::<u32>()]), option::of(any::<u32>()), option::of(text())),
    )
        .prop_map(|(message, identifiers, session, aliases, rest)| {
            let (format, expiry, content_type, response_topic) = message;
            let (correlation, subscription_identifiers) = identifiers;
            let (session_expiry, keep_alive, reason_string, receive_maximum) = session;
            let (topic_alias, maximum_qos, retain_available, user_properties) = aliases;
            let (maximum_packet_size, will_delay, server_reference) = rest;
            Properties {
                payload_format_indicator: format,
                message_expiry_interval: expiry,
                content_type,
                response_topic,
                correlation_data: correlation,
                subscription_identifiers,
                session_expiry_interval: session_expiry,
                server_keep_alive: keep_alive,
                reason_string,
                receive_maximum,
                topic_alias,
                maximum_qos,
                retain_available,
                user_properties,
                maximum_packet_size,
                will_delay_interval: will_delay,
                server_reference,
                ..Properties::default()
            }
        })
        .boxed()
}

/// Mostly empty properties, so that valid packets are common too.
fn properties() -> impl Strategy<Value = Properties> {
    prop_oneof![4 => Just(Properties::default()).boxed(), 1 => wild_properties()]
}

fn packet_id() -> impl Strategy<Value = u16> {
    prop_oneof![1 => Just(0u16), 9 => 1..=u16::MAX]
}

fn options() -> impl Strategy<Value = SubscriptionOptions> {
    (qos(), any::<bool>(), any::<bool>(), 0..3u8).prop_map(|(qos, no_local, retain_as_published, handling)| {
        SubscriptionOptions {
            qos,
            no_local,
            retain_as_published,
            retain_handling: match handling {
                0 => RetainHandling::SendOnSubscribe,
                1 => RetainHandling::SendOnNewSubscribe,
                _ => RetainHandling::DoNotSend,
            },
        }
    })
}

fn wild_packet(version: ProtocolVersion) -> BoxedStrategy<Packet> {
    let v5 = version == ProtocolVersion::V5;
    let publish = (
        any::<bool>(),
        qos(),
        any::<bool>(),
        wild_topic(),
        option::of(packet_id()),
        properties(),
        vec(any::<u8>(), 0..8),
    )
        .prop_map(|(dup, qos, retain, topic, packet_id, properties, payload)| {
            Packet::Publish(Publish { dup, qos, retain, topic, packet_id, properties, payload: payload.into() })
        });
    let ack = (0..4u8, packet_id(), reason(), properties()).prop_map(|(kind, packet_id, reason_code, properties)| {
        let ack = PublishAck { packet_id, reason_code, properties };
        match kind {
            0 => Packet::PubAck(ack),
            1 => Packet::PubRec(ack),
            2 => Packet::PubRel(ack),
            _ => Packet::PubComp(ack),
        }
    });
    let subscribe = (packet_id(), properties(), vec((wild_topic(), options()), 0..3)).prop_map(
        |(packet_id, properties, subscriptions)| {
            let subscriptions =
                subscriptions.into_iter().map(|(filter, options)| Subscription { filter, options }).collect();
            Packet::Subscribe(Subscribe { packet_id, properties, subscriptions })
        },
    );
    let suback = (packet_id(), properties(), vec(reason(), 0..3)).prop_map(|(packet_id, properties, reason_codes)| {
        Packet::SubAck(SubAck { packet_id, properties, reason_codes })
    });
    let unsubscribe =
        (packet_id(), properties(), vec(wild_topic(), 0..3)).prop_map(|(packet_id, properties, filters)| {
            Packet::Unsubscribe(Unsubscribe { packet_id, properties, filters })
        });
    let unsuback =
        (packet_id(), properties(), vec(reason(), 0..3)).prop_map(|(packet_id, properties, reason_codes)| {
            Packet::UnsubAck(UnsubAck { packet_id, properties, reason_codes })
        });
    let connack = (any::<bool>(), reason(), properties()).prop_map(|(session_present, reason_code, properties)| {
        Packet::ConnAck(ConnAck { session_present, reason_code, properties })
    });
    let disconnect = (reason(), properties())
        .prop_map(|(reason_code, properties)| Packet::Disconnect(Disconnect { reason_code, properties }));
    let auth =
        (reason(), properties()).prop_map(|(reason_code, properties)| Packet::Auth(Auth { reason_code, properties }));
    let will = (wild_topic(), vec(any::<u8>(), 0..4), qos(), any::<bool>(), properties())
        .prop_map(|(topic, payload, qos, retain, properties)| LastWill { topic, payload, qos, retain, properties });
    let connect = (
        any::<bool>(),
        any::<u16>(),
        prop_oneof![Just(String::new()), "[a-z]{1,6}"],
        option::of(will),
        option::of(text()),
        option::of(vec(any::<u8>(), 0..4)),
        properties(),
    )
        .prop_map(move |(clean_start, keep_alive, client_id, will, username, password, properties)| {
            Packet::Connect(Box::new(Connect {
                protocol_version: version,
                clean_start,
                keep_alive,
                client_id,
                will,
                username,
                password,
                properties,
            }))
        });
    let common = prop_oneof![
        publish.boxed(),
        ack.boxed(),
        subscribe.boxed(),
        suback.boxed(),
        unsubscribe.boxed(),
        unsuback.boxed(),
        connack.boxed(),
        disconnect.boxed(),
        connect.boxed()
    ];
    if v5 {
        prop_oneof![9 => common, 1 => auth.boxed()].boxed()
    } else {
        common.boxed()
    }
}

fn version() -> impl Strategy<Value = ProtocolVersion> {
    prop_oneof![Just(ProtocolVersion::V311), Just(ProtocolVersion::V5)]
}

static WRITTEN: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

fn write_refuses_or_round_trips(version: ProtocolVersion, packet: Packet) -> Result<(), TestCaseError> {
    let mut out = vec![0x5A];
    match packet.write(version, &mut out) {
        Err(_) => {
            REFUSED.fetch_add(1, Ordering::Relaxed);
            prop_assert_eq!(out, vec![0x5A], "a failed write leaves the buffer as it was")
        }
        Ok(()) => {
            WRITTEN.fetch_add(1, Ordering::Relaxed);
            let decoded = decode(&out[1..], version, u32::MAX);
            prop_assert_eq!(decoded, Ok(Some((packet, out.len() - 1))));
        }
    }
    Ok(())
}

#[test]
fn write_either_refuses_or_writes_what_decodes_to_the_same_packet() {
    // The strategy tree is deep: shrinking it needs more stack than a test thread has in debug builds.
    let runner = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(|| {
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(4096));
        let strategy = version().prop_flat_map(|version| (Just(version), wild_packet(version)));
        // The failure's text is enough, and keeps the thread's result small.
        runner
            .run(&strategy, |(version, packet)| write_refuses_or_round_trips(version, packet))
            .map_err(|error| error.to_string())
    });
    let outcome = runner.expect("the property test thread starts").join().expect("the property test thread ends");
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    // Both sides of the property were exercised, not only refusals.
    let (written, refused) = (WRITTEN.load(Ordering::Relaxed), REFUSED.load(Ordering::Relaxed));
    assert!(written * 5 > written + refused, "only {written} of {} packets were written", written + refused);
    assert!(refused * 10 > written + refused, "only {refused} of {} packets were refused", written + refused);
}
