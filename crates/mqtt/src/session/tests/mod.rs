//! Session behaviour against a scripted fake broker and a virtual clock
//! (quinn's `Pair` idea): every byte the session sends is decoded as the
//! broker would, and the test decides exactly what comes back and when.

use std::time::Duration;

use super::*;
use crate::packet::{decode, ConnAck, Connect, Publish, SubAck, Subscription, SubscriptionOptions, UnsubAck};
use crate::properties::Properties;
use crate::QoS;

mod hardening;

pub(super) const SECOND: Duration = Duration::from_secs(1);

pub(super) struct FakeBroker {
    session: Session,
    now: Duration,
    version: ProtocolVersion,
    /// Events taken from the session but not yet by the test.
    taken: Vec<Event>,
}

impl FakeBroker {
    pub(super) fn new(version: ProtocolVersion) -> Self {
        Self::with_config(version, SessionConfig::default())
    }

    pub(super) fn with_config(version: ProtocolVersion, config: SessionConfig) -> Self {
        FakeBroker { session: Session::new(config), now: Duration::from_secs(100), version, taken: Vec::new() }
    }

    pub(super) fn options(&self) -> ConnectOptions {
        ConnectOptions { protocol_version: self.version, client_id: "deck".into(), ..ConnectOptions::default() }
    }

    /// Everything the session sent since the last call, decoded.
    pub(super) fn sent(&mut self) -> Vec<Packet> {
        self.sent_with_sizes().into_iter().map(|(packet, _)| packet).collect()
    }

    /// Everything sent since the last call, each packet with its size in bytes.
    pub(super) fn sent_with_sizes(&mut self) -> Vec<(Packet, usize)> {
        let mut bytes = Vec::new();
        self.session.poll_transmit(self.now, &mut bytes);
        let mut packets = Vec::new();
        let mut rest = &bytes[..];
        while let Some((packet, used)) = decode(rest, self.version, u32::MAX).expect("the session sent a valid packet")
        {
            packets.push((packet, used));
            rest = &rest[used..];
        }
        assert!(rest.is_empty(), "the session sent a partial packet");
        packets
    }

    pub(super) fn events(&mut self) -> Vec<Event> {
        let mut events = std::mem::take(&mut self.taken);
        events.extend(std::iter::from_fn(|| self.session.poll_event()));
        events
    }

    /// Takes the session's events as a caller would after an input (which
    /// releases publishes held until `Connected` is seen), keeping them for
    /// [`FakeBroker::events`].
    pub(super) fn take_events(&mut self) {
        self.taken.extend(std::iter::from_fn(|| self.session.poll_event()));
    }

    pub(super) fn deliver(&mut self, packet: Packet) {
        let bytes = packet.to_bytes(self.version).unwrap();
        self.session.handle_bytes(self.now, &bytes);
    }

    pub(super) fn advance(&mut self, by: Duration) {
        self.now += by;
        self.session.handle_timeout(self.now);
    }

    pub(super) fn connack(&mut self, session_present: bool, properties: Properties) {
        self.deliver(Packet::ConnAck(ConnAck { session_present, reason_code: ReasonCode::Success, properties }));
    }

    /// CONNECT and an accepting CONNACK; returns the CONNECT sent.
    pub(super) fn establish(&mut self, options: ConnectOptions, server: Properties) -> Connect {
        self.session.connect(self.now, options).unwrap();
        let connect = match self.sent().as_slice() {
            [Packet::Connect(connect)] => (**connect).clone(),
            other => panic!("expected CONNECT, got {other:?}"),
        };
        self.connack(false, server);
        self.take_events();
        connect
    }

    pub(super) fn publish(&mut self, topic: &str, payload: &str, qos: QoS) -> MessageId {
        let publish = Publish { qos, ..Publish::new(topic, payload.as_bytes().to_vec()) };
        self.session.publish(self.now, publish).unwrap()
    }
}

pub(super) fn sent_publishes(packets: &[Packet]) -> Vec<&Publish> {
    packets
        .iter()
        .filter_map(|packet| if let Packet::Publish(publish) = packet { Some(publish) } else { None })
        .collect()
}

#[test]
fn connect_carries_the_options_and_connack_reports_server_limits() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let options = ConnectOptions { keep_alive: 20, session_expiry_interval: 60, ..broker.options() };
    let connect = broker.establish(
        options,
        Properties {
            receive_maximum: Some(5),
            server_keep_alive: Some(10),
            assigned_client_identifier: Some("given".into()),
            ..Properties::default()
        },
    );
    assert_eq!(connect.keep_alive, 20);
    assert_eq!(connect.properties.session_expiry_interval, Some(60));
    assert_eq!(connect.properties.maximum_packet_size, Some(SessionConfig::default().maximum_packet_size));
    let events = broker.events();
    let Some(Event::Connected { session_present: false, assigned_client_id, limits }) = events.first() else {
        panic!("{events:?}")
    };
    assert_eq!(assigned_client_id.as_deref(), Some("given"));
    // 5.0 section 3.2.2.3.14: the server keep alive replaces the client's.
    assert_eq!(limits.keep_alive, 10);
    assert_eq!(limits.receive_maximum, 5);
    assert!(broker.session.is_connected());
}

#[test]
fn sends_pingreq_when_idle_for_keep_alive_and_declares_a_silent_broker_dead_at_one_and_a_half() {
    // [MQTT-3.1.2-23] the client sends a packet within each keep alive period;
    // section 3.1.2.10: a missing answer means the connection is gone (1.5 × keep alive).
    let mut broker = FakeBroker::new(ProtocolVersion::V311);
    broker.establish(ConnectOptions { keep_alive: 10, ..broker.options() }, Properties::default());
    broker.events();
    assert_eq!(broker.session.poll_timeout(), Some(broker.now + 10 * SECOND));
    broker.advance(9 * SECOND);
    assert!(broker.sent().is_empty());
    broker.advance(SECOND);
    assert_eq!(broker.sent(), vec![Packet::PingReq]);
    broker.deliver(Packet::PingResp);
    broker.advance(10 * SECOND);
    assert_eq!(broker.sent(), vec![Packet::PingReq]);
    // No PINGRESP this time: 15 s after the last packet received, the session gives up.
    broker.advance(4 * SECOND);
    assert!(broker.session.is_connected());
    broker.advance(SECOND);
    assert_eq!(broker.events(), vec![Event::Disconnected(DisconnectReason::KeepAliveTimeout)]);
    assert!(!broker.session.is_connected());
}

#[test]
fn connack_that_never_comes_times_out() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.session.connect(broker.now, broker.options()).unwrap();
    broker.advance(SessionConfig::default().connect_timeout);
    assert_eq!(broker.events(), vec![Event::Disconnected(DisconnectReason::ConnAckTimeout)]);
}

#[test]
fn refused_connection_reports_the_reason() {
    let mut broker = FakeBroker::new(ProtocolVersion::V311);
    broker.session.connect(broker.now, broker.options()).unwrap();
    broker.deliver(Packet::ConnAck(ConnAck {
        session_present: false,
        reason_code: ReasonCode::BadUserNameOrPassword,
        properties: Properties::default(),
    }));
    let events = broker.events();
    assert_eq!(
        events,
        vec![Event::Disconnected(DisconnectReason::Refused {
            reason: ReasonCode::BadUserNameOrPassword,
            reason_string: None
        })]
    );
    let Event::Disconnected(reason) = &events[0] else { unreachable!() };
    assert_eq!(reason.to_string(), "the broker refused the connection: bad user name or password");
}

#[test]
fn in_flight_window_honours_the_server_receive_maximum() {
    // [MQTT-3.3.4-7] no more than Receive Maximum unacknowledged QoS 1 and 2 PUBLISH packets.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties { receive_maximum: Some(2), ..Properties::default() });
    let ids: Vec<MessageId> = (0..4).map(|index| broker.publish("t", &index.to_string(), QoS::AtLeastOnce)).collect();
    let sent = broker.sent();
    let first_two = sent_publishes(&sent);
    assert_eq!(first_two.len(), 2);
    assert_eq!(broker.session.queued_len(), 2);
    let first_id = first_two[0].packet_id.unwrap();
    broker.deliver(Packet::PubAck(PublishAck::new(first_id)));
    let sent = broker.sent();
    let third = sent_publishes(&sent);
    assert_eq!(third.len(), 1);
    assert_eq!(third[0].payload, &b"2"[..]);
    assert!(broker.events().contains(&Event::PublishAcknowledged {
        id: ids[0],
        reason: ReasonCode::Success,
        reason_string: None
    }));
}

#[test]
fn packet_identifiers_in_use_are_never_reused() {
    // [MQTT-2.2.1-3] a new packet needs an identifier not in use.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties::default());
    broker.session.outbound.set_next_packet_id(u16::MAX);
    broker.publish("t", "a", QoS::AtLeastOnce);
    broker.publish("t", "b", QoS::AtLeastOnce);
    broker.publish("t", "c", QoS::AtLeastOnce);
    let sent = broker.sent();
    let ids: Vec<u16> = sent_publishes(&sent).iter().map(|publish| publish.packet_id.unwrap()).collect();
    assert_eq!(ids, vec![u16::MAX, 1, 2], "wraps past 65535 and skips 0");
    broker.deliver(Packet::PubAck(PublishAck::new(1)));
    broker.session.outbound.set_next_packet_id(u16::MAX);
    broker.publish("t", "d", QoS::AtLeastOnce);
    let sent = broker.sent();
    assert_eq!(sent_publishes(&sent)[0].packet_id, Some(1), "65535 and 2 are still in flight; 1 was freed");
}

#[test]
fn resends_unacked_publish_with_dup_and_pubrel_in_original_order_after_session_resume() {
    // [MQTT-4.4.0-1] resend unacknowledged PUBLISH and PUBREL with their original
    // identifiers; [MQTT-3.3.1-1] DUP is set on a re-delivery.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let options = ConnectOptions { clean_start: false, session_expiry_interval: 3600, ..broker.options() };
    broker.establish(options.clone(), Properties::default());
    broker.publish("a", "1", QoS::ExactlyOnce);
    broker.publish("b", "2", QoS::AtLeastOnce);
    broker.publish("c", "3", QoS::ExactlyOnce);
    let sent = broker.sent();
    let ids: Vec<u16> = sent_publishes(&sent).iter().map(|publish| publish.packet_id.unwrap()).collect();
    // The first QoS 2 message reached PUBREC; the other two are unacknowledged.
    broker.deliver(Packet::PubRec(PublishAck::new(ids[0])));
    assert_eq!(broker.sent(), vec![Packet::PubRel(PublishAck::new(ids[0]))]);

    broker.session.handle_connection_lost(broker.now);
    broker.session.connect(broker.now, options).unwrap();
    broker.sent();
    broker.connack(true, Properties::default());
    let resent = broker.sent();
    assert_eq!(resent.len(), 3);
    assert_eq!(resent[0], Packet::PubRel(PublishAck::new(ids[0])));
    let publishes = sent_publishes(&resent);
    assert_eq!(
        publishes.iter().map(|publish| (publish.packet_id.unwrap(), publish.dup)).collect::<Vec<_>>(),
        vec![(ids[1], true), (ids[2], true)]
    );
    assert_eq!(publishes[0].topic, "b");
}

#[test]
fn unacked_publishes_are_sent_again_as_new_messages_when_the_session_is_gone() {
    let mut broker = FakeBroker::new(ProtocolVersion::V311);
    let options = ConnectOptions { clean_start: false, ..broker.options() };
    broker.establish(options.clone(), Properties::default());
    let id = broker.publish("a", "1", QoS::AtLeastOnce);
    broker.sent();
    broker.session.handle_connection_lost(broker.now);
    broker.events();
    broker.session.connect(broker.now, options).unwrap();
    broker.sent();
    broker.connack(false, Properties::default());
    let events = broker.events();
    assert!(matches!(events.first(), Some(Event::Connected { session_present: false, .. })), "{events:?}");
    let sent = broker.sent();
    let publishes = sent_publishes(&sent);
    assert_eq!(publishes.len(), 1);
    assert!(!publishes[0].dup, "a new session gets a new message, not a duplicate");
    broker.deliver(Packet::PubAck(PublishAck::new(publishes[0].packet_id.unwrap())));
    assert!(broker
        .events()
        .iter()
        .any(|event| matches!(event, Event::PublishAcknowledged { id: acked, .. } if *acked == id)));
}

#[test]
fn qos2_message_is_delivered_exactly_once_when_the_broker_repeats_publish_and_pubrel() {
    // [MQTT-4.3.3-9]/[MQTT-4.3.3-10] (5.0 numbering [MQTT-4.3.3-12]): deliver once per
    // packet identifier until PUBREL; answer every PUBLISH with PUBREC and PUBREL with PUBCOMP.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    let publish = Publish { qos: QoS::ExactlyOnce, packet_id: Some(7), ..Publish::new("t", b"once".to_vec()) };
    broker.deliver(Packet::Publish(publish.clone()));
    broker.deliver(Packet::Publish(Publish { dup: true, ..publish.clone() }));
    assert_eq!(broker.sent(), vec![Packet::PubRec(PublishAck::new(7)), Packet::PubRec(PublishAck::new(7))]);
    broker.deliver(Packet::PubRel(PublishAck::new(7)));
    broker.deliver(Packet::PubRel(PublishAck::new(7)));
    let completions = broker.sent();
    assert_eq!(completions[0], Packet::PubComp(PublishAck::new(7)));
    assert_eq!(
        completions[1],
        Packet::PubComp(PublishAck { reason_code: ReasonCode::PacketIdentifierNotFound, ..PublishAck::new(7) })
    );
    let messages: Vec<Event> = broker.events().into_iter().filter(|event| matches!(event, Event::Message(_))).collect();
    assert_eq!(messages, vec![Event::Message(publish)]);
}

#[test]
fn qos1_message_is_acknowledged_and_delivered() {
    let mut broker = FakeBroker::new(ProtocolVersion::V311);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    let publish = Publish { qos: QoS::AtLeastOnce, packet_id: Some(3), ..Publish::new("t", b"x".to_vec()) };
    broker.deliver(Packet::Publish(publish.clone()));
    // [MQTT-4.3.2-4] answer with PUBACK carrying the packet identifier.
    assert_eq!(broker.sent(), vec![Packet::PubAck(PublishAck::new(3))]);
    assert_eq!(broker.events(), vec![Event::Message(publish)]);
}

#[test]
fn inbound_topic_alias_is_resolved_and_an_unknown_alias_ends_the_connection() {
    // 5.0 section 3.3.2.3.4: a topic and alias define the mapping, an empty topic uses it.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    let with_alias = |topic: &str, alias: u16| Publish {
        properties: Properties { topic_alias: Some(alias), ..Properties::default() },
        ..Publish::new(topic, b"v".to_vec())
    };
    broker.deliver(Packet::Publish(with_alias("sensors/a", 1)));
    broker.deliver(Packet::Publish(with_alias("", 1)));
    let topics: Vec<String> = broker
        .events()
        .into_iter()
        .filter_map(|event| if let Event::Message(publish) = event { Some(publish.topic) } else { None })
        .collect();
    assert_eq!(topics, vec!["sensors/a", "sensors/a"]);
    broker.deliver(Packet::Publish(with_alias("", 2)));
    assert_eq!(broker.sent(), vec![Packet::Disconnect(Disconnect::with_reason(ReasonCode::ProtocolError))]);
    assert!(matches!(broker.events().as_slice(), [Event::Disconnected(DisconnectReason::ProtocolViolation { .. })]));
}

#[test]
fn inbound_topic_alias_above_our_maximum_is_refused() {
    // [MQTT-3.3.2-10] an alias above the Topic Alias Maximum we sent is a protocol error.
    let config = SessionConfig { topic_alias_maximum: 4, ..SessionConfig::default() };
    let mut broker = FakeBroker::with_config(ProtocolVersion::V5, config);
    broker.establish(broker.options(), Properties::default());
    broker.sent();
    broker.deliver(Packet::Publish(Publish {
        properties: Properties { topic_alias: Some(5), ..Properties::default() },
        ..Publish::new("t", b"v".to_vec())
    }));
    assert_eq!(broker.sent(), vec![Packet::Disconnect(Disconnect::with_reason(ReasonCode::TopicAliasInvalid))]);
}

#[test]
fn outbound_topic_aliases_are_used_when_allowed_and_never_reused_across_a_reconnect() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let allow_aliases = Properties { topic_alias_maximum: Some(1), ..Properties::default() };
    broker.establish(broker.options(), allow_aliases.clone());
    broker.publish("long/topic/name", "1", QoS::AtMostOnce);
    broker.publish("long/topic/name", "2", QoS::AtMostOnce);
    broker.publish("other", "3", QoS::AtMostOnce);
    let sent = broker.sent();
    let publishes = sent_publishes(&sent);
    assert_eq!((publishes[0].topic.as_str(), publishes[0].properties.topic_alias), ("long/topic/name", Some(1)));
    assert_eq!((publishes[1].topic.as_str(), publishes[1].properties.topic_alias), ("", Some(1)));
    assert_eq!((publishes[2].topic.as_str(), publishes[2].properties.topic_alias), ("other", None), "maximum reached");

    broker.session.handle_connection_lost(broker.now);
    broker.establish(broker.options(), allow_aliases);
    broker.publish("long/topic/name", "4", QoS::AtMostOnce);
    let sent = broker.sent();
    // The new connection starts without mappings, so the topic is sent again in full.
    assert_eq!(sent_publishes(&sent)[0].topic, "long/topic/name");
}

#[test]
fn offline_queue_drops_the_oldest_qos0_message_first_and_reports_it() {
    let config = SessionConfig { max_queued_messages: 3, ..SessionConfig::default() };
    let mut broker = FakeBroker::with_config(ProtocolVersion::V5, config);
    let important = broker.publish("cmd/a", "1", QoS::AtLeastOnce);
    let chatter = broker.publish("telemetry", "2", QoS::AtMostOnce);
    broker.publish("cmd/b", "3", QoS::AtLeastOnce);
    broker.publish("cmd/c", "4", QoS::AtLeastOnce);
    assert_eq!(
        broker.events(),
        vec![Event::PublishDropped {
            id: chatter,
            topic: "telemetry".into(),
            qos: QoS::AtMostOnce,
            reason: DropReason::QueueFull
        }]
    );
    broker.publish("cmd/d", "5", QoS::AtLeastOnce);
    assert!(
        matches!(broker.events().as_slice(), [Event::PublishDropped { id, .. }] if *id == important),
        "then the oldest"
    );
    assert_eq!(broker.session.queued_len(), 3);
    broker.establish(broker.options(), Properties::default());
    let sent = broker.sent();
    let topics: Vec<&str> = sent_publishes(&sent).iter().map(|publish| publish.topic.as_str()).collect();
    assert_eq!(topics, vec!["cmd/b", "cmd/c", "cmd/d"], "the queue is delivered in order after connecting");
}

#[test]
fn publish_above_the_server_maximum_qos_or_size_is_refused() {
    // [MQTT-3.2.2-11] and [MQTT-3.1.2-24].
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(
        broker.options(),
        Properties {
            maximum_qos: Some(QoS::AtLeastOnce),
            maximum_packet_size: Some(64),
            retain_available: Some(false),
            ..Properties::default()
        },
    );
    let qos2 = Publish { qos: QoS::ExactlyOnce, ..Publish::new("t", b"x".to_vec()) };
    assert_eq!(
        broker.session.publish(broker.now, qos2),
        Err(SessionError::QoSNotSupported { requested: QoS::ExactlyOnce, maximum: QoS::AtLeastOnce })
    );
    let retained = Publish { retain: true, ..Publish::new("t", b"x".to_vec()) };
    assert_eq!(broker.session.publish(broker.now, retained), Err(SessionError::RetainNotSupported));
    let large = Publish::new("t", vec![0; 100]);
    assert!(matches!(broker.session.publish(broker.now, large), Err(SessionError::PacketTooLarge { maximum: 64, .. })));
    let invalid = Publish::new("a/+", b"x".to_vec());
    assert!(matches!(broker.session.publish(broker.now, invalid), Err(SessionError::InvalidTopic { .. })));
}

#[test]
fn suback_results_are_reported_per_filter() {
    // [MQTT-3.9.3-1] one return code per topic filter, in order.
    let mut broker = FakeBroker::new(ProtocolVersion::V311);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    let subscription = |filter: &str| Subscription {
        filter: filter.into(),
        options: SubscriptionOptions { qos: QoS::ExactlyOnce, ..SubscriptionOptions::default() },
    };
    let packet_id = broker
        .session
        .subscribe(broker.now, vec![subscription("a/#"), subscription("secret/#")], Properties::default())
        .unwrap()[0];
    broker.sent();
    broker.deliver(Packet::SubAck(SubAck {
        packet_id,
        properties: Properties::default(),
        reason_codes: vec![ReasonCode::GrantedQoS1, ReasonCode::UnspecifiedError],
    }));
    assert_eq!(
        broker.events(),
        vec![Event::Subscribed {
            packet_id,
            results: vec![("a/#".into(), Ok(QoS::AtLeastOnce)), ("secret/#".into(), Err(ReasonCode::UnspecifiedError))]
        }]
    );
}

#[test]
fn unsubscribe_reports_each_filter() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    let packet_id =
        broker.session.unsubscribe(broker.now, vec!["a".into(), "b".into()], Properties::default()).unwrap()[0];
    broker.sent();
    broker.deliver(Packet::UnsubAck(UnsubAck {
        packet_id,
        properties: Properties::default(),
        reason_codes: vec![ReasonCode::Success, ReasonCode::NoSubscriptionExisted],
    }));
    assert_eq!(
        broker.events(),
        vec![Event::Unsubscribed {
            packet_id,
            results: vec![("a".into(), ReasonCode::Success), ("b".into(), ReasonCode::NoSubscriptionExisted)]
        }]
    );
}

#[test]
fn server_disconnect_is_reported_with_its_reason() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    broker.deliver(Packet::Disconnect(Disconnect {
        reason_code: ReasonCode::SessionTakenOver,
        properties: Properties { reason_string: Some("same client id".into()), ..Properties::default() },
    }));
    assert_eq!(
        broker.events(),
        vec![Event::Disconnected(DisconnectReason::ByServer {
            reason: ReasonCode::SessionTakenOver,
            reason_string: Some("same client id".into()),
            server_reference: None,
        })]
    );
}

#[test]
fn malformed_bytes_end_the_connection_with_disconnect_malformed_packet() {
    // [MQTT-4.13.1-1] on a malformed packet, close the connection (5.0: DISCONNECT 0x81 first).
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    broker.session.handle_bytes(broker.now, &[0x36, 0x03, 0x00, 0x01, b't']);
    assert_eq!(broker.sent(), vec![Packet::Disconnect(Disconnect::with_reason(ReasonCode::MalformedPacket))]);
    let events = broker.events();
    let [Event::Disconnected(DisconnectReason::ProtocolViolation { reason, description })] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(*reason, ReasonCode::MalformedPacket);
    assert_eq!(description, "PUBLISH QoS holds QoS 3, which does not exist");
    // Further bytes are ignored rather than parsed.
    broker.session.handle_bytes(broker.now, &[0x30, 0x03, 0x00, 0x01, b't']);
    assert!(broker.events().is_empty());
}

#[test]
fn packet_before_connack_is_a_protocol_error() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.session.connect(broker.now, broker.options()).unwrap();
    broker.sent();
    broker.deliver(Packet::PingResp);
    assert!(matches!(
        broker.events().as_slice(),
        [Event::Disconnected(DisconnectReason::ProtocolViolation { reason: ReasonCode::ProtocolError, .. })]
    ));
}

#[test]
fn oversized_packet_from_the_broker_is_refused_with_packet_too_large() {
    let config = SessionConfig { maximum_packet_size: 1024, ..SessionConfig::default() };
    let mut broker = FakeBroker::with_config(ProtocolVersion::V5, config);
    broker.establish(broker.options(), Properties::default());
    broker.sent();
    broker.deliver(Packet::Publish(Publish::new("big", vec![0; 5 * 1024 * 1024])));
    assert_eq!(broker.sent(), vec![Packet::Disconnect(Disconnect::with_reason(ReasonCode::PacketTooLarge))]);
}

#[test]
fn disconnect_with_will_message_sends_that_reason() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties::default());
    broker.events();
    broker.session.disconnect(broker.now, ReasonCode::DisconnectWithWillMessage).unwrap();
    assert_eq!(broker.sent(), vec![Packet::Disconnect(Disconnect::with_reason(ReasonCode::DisconnectWithWillMessage))]);
    assert_eq!(broker.events(), vec![Event::Disconnected(DisconnectReason::ByClient)]);
}

#[test]
fn auth_from_the_server_is_passed_to_the_caller() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let options = ConnectOptions { authentication_method: Some("SCRAM-SHA-256".into()), ..broker.options() };
    broker.session.connect(broker.now, options).unwrap();
    broker.sent();
    let challenge = Auth {
        reason_code: ReasonCode::ContinueAuthentication,
        properties: Properties {
            authentication_method: Some("SCRAM-SHA-256".into()),
            authentication_data: Some(b"server-first".to_vec()),
            ..Properties::default()
        },
    };
    broker.deliver(Packet::Auth(challenge.clone()));
    assert_eq!(broker.events(), vec![Event::Auth(challenge)]);
    let answer = Auth { reason_code: ReasonCode::ContinueAuthentication, properties: Properties::default() };
    broker.session.auth(broker.now, answer.clone()).unwrap();
    assert_eq!(broker.sent(), vec![Packet::Auth(answer)]);
}
