//! The defects found against real brokers, each pinned by the fake broker
//! and the virtual clock: keep alive for a busy sender, Maximum Packet Size
//! for every packet, refusals that never loop, CONNACK capabilities, a 5.0
//! client meeting a 3.1.1-only broker, and packet identifiers that never leak.

use super::*;

fn persistent(broker: &FakeBroker) -> ConnectOptions {
    ConnectOptions { clean_start: false, session_expiry_interval: 600, ..broker.options() }
}

fn dropped(events: &[Event]) -> Vec<(String, DropReason)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::PublishDropped { topic, reason, .. } => Some((topic.clone(), reason.clone())),
            _ => None,
        })
        .collect()
}

fn pingreqs(packets: &[Packet]) -> usize {
    packets.iter().filter(|packet| matches!(packet, Packet::PingReq)).count()
}

#[test]
fn a_client_that_only_publishes_still_probes_and_stays_connected_for_ten_keep_alives() {
    // [MQTT-3.1.2-22/23]: PINGREQ when nothing was *received* for keep alive,
    // although QoS 0 publishes go out every second.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(ConnectOptions { keep_alive: 10, ..broker.options() }, Properties::default());
    broker.events();
    let mut probes = 0;
    for second in 0..100 {
        broker.publish("telemetry", &second.to_string(), QoS::AtMostOnce);
        broker.advance(SECOND);
        let sent = broker.sent();
        if pingreqs(&sent) > 0 {
            probes += pingreqs(&sent);
            broker.deliver(Packet::PingResp);
        }
        assert!(broker.session.is_connected(), "dropped after {second} s: {:?}", broker.events());
    }
    assert!((9..=10).contains(&probes), "one PINGREQ per keep alive, got {probes}");
}

#[test]
fn a_broker_that_goes_silent_is_detected_within_one_and_a_half_keep_alives_while_the_client_publishes() {
    // 5.0 section 3.1.2.10: the client closes the connection when the PINGREQ is not answered
    // within a reasonable time; here half the keep alive, so 1.5 × keep alive after silence.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(ConnectOptions { keep_alive: 10, ..broker.options() }, Properties::default());
    broker.events();
    let silent_since = broker.now;
    let mut probe_sent_at = None;
    while broker.session.is_connected() {
        broker.publish("telemetry", "x", QoS::AtMostOnce);
        broker.advance(SECOND / 2);
        if pingreqs(&broker.sent()) > 0 {
            probe_sent_at.get_or_insert(broker.now);
        }
        assert!(broker.now - silent_since <= 15 * SECOND, "still connected 15 s after the broker fell silent");
    }
    assert_eq!(probe_sent_at, Some(silent_since + 10 * SECOND), "probed after keep alive without receiving");
    assert_eq!(broker.now - silent_since, 15 * SECOND);
    assert_eq!(broker.events().last(), Some(&Event::Disconnected(DisconnectReason::KeepAliveTimeout)));
}

#[test]
fn a_publish_that_fits_only_without_a_new_topic_alias_goes_without_one() {
    // [MQTT-3.2.2-15]: the size checked is the size sent, alias included.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let server = Properties { maximum_packet_size: Some(256), topic_alias_maximum: Some(10), ..Properties::default() };
    broker.establish(broker.options(), server);
    broker.events();
    let exact = Publish::new("sensors/living-room/temperature", vec![b'x'; 256]);
    let payload_len = 256 - (exact.encoded_len(ProtocolVersion::V5) - 256);
    broker.publish("sensors/living-room/temperature", &"x".repeat(payload_len), QoS::AtMostOnce);
    let sent = broker.sent_with_sizes();
    assert_eq!(sent.len(), 1);
    let (Packet::Publish(publish), size) = &sent[0] else { panic!("{sent:?}") };
    assert_eq!(*size, 256, "at the maximum, not 259");
    assert_eq!(publish.properties.topic_alias, None);
    // A smaller message on the same topic still sets up the alias.
    broker.publish("sensors/living-room/temperature", "21.5", QoS::AtMostOnce);
    let sent = broker.sent();
    assert_eq!(sent_publishes(&sent)[0].properties.topic_alias, Some(1));
}

#[test]
fn publishes_queued_before_connack_are_dropped_when_the_limits_say_they_can_never_go() {
    // [MQTT-3.2.2-11] Maximum QoS, [MQTT-3.2.2-14] Retain Available, [MQTT-3.2.2-15] Maximum Packet Size.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.publish("big", &"x".repeat(500), QoS::AtLeastOnce);
    broker.publish("exactly-once", "1", QoS::ExactlyOnce);
    let retained = Publish { retain: true, ..Publish::new("kept", b"1".to_vec()) };
    broker.session.publish(broker.now, retained).unwrap();
    broker.publish("fine", "ok", QoS::AtLeastOnce);
    let server = Properties {
        maximum_packet_size: Some(100),
        maximum_qos: Some(QoS::AtLeastOnce),
        retain_available: Some(false),
        ..Properties::default()
    };
    broker.establish(broker.options(), server);
    let events = broker.events();
    let dropped = dropped(&events);
    assert_eq!(dropped.len(), 3, "{events:?}");
    assert!(
        matches!(&dropped[0], (topic, DropReason::CannotSend(SessionError::PacketTooLarge { maximum: 100, .. })) if topic == "big")
    );
    assert_eq!(
        dropped[1],
        (
            "exactly-once".into(),
            DropReason::CannotSend(SessionError::QoSNotSupported {
                requested: QoS::ExactlyOnce,
                maximum: QoS::AtLeastOnce
            })
        )
    );
    assert_eq!(dropped[2], ("kept".into(), DropReason::CannotSend(SessionError::RetainNotSupported)));
    let sent = broker.sent();
    let topics: Vec<&str> = sent_publishes(&sent).iter().map(|publish| publish.topic.as_str()).collect();
    assert_eq!(topics, ["fine"]);
}

#[test]
fn no_packet_of_any_type_exceeds_the_maximum_packet_size() {
    // [MQTT-3.2.2-15]; SUBSCRIBE is split, AUTH and DISCONNECT shed their reason string
    // [MQTT-3.15.2-2], [MQTT-3.14.2-3].
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(broker.options(), Properties { maximum_packet_size: Some(40), ..Properties::default() });
    broker.events();
    let filters: Vec<Subscription> = (0..8)
        .map(|index| Subscription { filter: format!("home/room-{index}/#"), options: SubscriptionOptions::default() })
        .collect();
    let packet_ids = broker.session.subscribe(broker.now, filters, Properties::default()).unwrap();
    assert!(packet_ids.len() > 1, "split into several SUBSCRIBE packets");
    let auth = Auth {
        reason_code: ReasonCode::ContinueAuthentication,
        properties: Properties {
            authentication_method: Some("SCRAM".into()),
            reason_string: Some("a reason far too long for this broker's limit".into()),
            ..Properties::default()
        },
    };
    broker.session.auth(broker.now, auth).unwrap();
    let sent = broker.sent_with_sizes();
    assert_eq!(sent.len(), packet_ids.len() + 1);
    for (packet, size) in &sent {
        assert!(*size <= 40, "{packet:?} is {size} bytes");
    }
    let Some((Packet::Auth(sent_auth), _)) = sent.last() else { panic!("{sent:?}") };
    assert_eq!(sent_auth.properties.reason_string, None);
    assert_eq!(sent_auth.properties.authentication_method.as_deref(), Some("SCRAM"));
    let too_long = Subscription { filter: "x".repeat(60), options: SubscriptionOptions::default() };
    assert!(matches!(
        broker.session.subscribe(broker.now, vec![too_long], Properties::default()),
        Err(SessionError::PacketTooLarge { maximum: 40, .. })
    ));
}

/// Connects, has the broker disconnect with `reason` right after the first
/// PUBLISH, and returns the publishes sent on each of three connections.
fn refused_on_every_connection(reason: ReasonCode, alias_maximum: u16) -> (Vec<Vec<Publish>>, Vec<Event>) {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let server = Properties { topic_alias_maximum: Some(alias_maximum), ..Properties::default() };
    broker.establish(broker.options(), server.clone());
    broker.publish("cmd/lamp", "ON", QoS::AtLeastOnce);
    let mut per_connection = Vec::new();
    let mut events = Vec::new();
    for _ in 0..3 {
        let sent = broker.sent();
        let publishes: Vec<Publish> = sent_publishes(&sent).into_iter().cloned().collect();
        let refuse = !publishes.is_empty();
        per_connection.push(publishes);
        if refuse {
            broker.deliver(Packet::Disconnect(Disconnect::with_reason(reason)));
        } else {
            broker.session.handle_connection_lost(broker.now);
        }
        events.extend(broker.events());
        broker.advance(SECOND);
        broker.establish(broker.options(), server.clone());
    }
    (per_connection, events)
}

#[test]
fn a_message_the_broker_disconnects_for_is_retried_once_then_dropped_and_the_connection_carries_on() {
    // 5.0 section 4.13: the server may close the connection for a packet it refuses
    // (here 0x99, payload format invalid); the client must not loop on it.
    let (per_connection, events) = refused_on_every_connection(ReasonCode::PayloadFormatInvalid, 0);
    let counts: Vec<usize> = per_connection.iter().map(Vec::len).collect();
    assert_eq!(counts, [1, 1, 0], "sent, retried once, then never again");
    assert_eq!(
        dropped(&events),
        vec![("cmd/lamp".into(), DropReason::RefusedByServer { reason: ReasonCode::PayloadFormatInvalid })]
    );
}

#[test]
fn after_topic_alias_invalid_the_retry_names_the_full_topic_without_an_alias() {
    // [MQTT-3.3.2-7] aliases are per connection; the retry after 0x94 carries none.
    let (per_connection, _) = refused_on_every_connection(ReasonCode::TopicAliasInvalid, 10);
    assert_eq!(per_connection[0][0].properties.topic_alias, Some(1));
    assert_eq!(per_connection[1][0].properties.topic_alias, None);
    assert_eq!(per_connection[1][0].topic, "cmd/lamp");
}

#[test]
fn a_disconnect_that_does_not_blame_the_client_never_drops_a_message() {
    let (per_connection, events) = refused_on_every_connection(ReasonCode::ServerShuttingDown, 0);
    assert_eq!(per_connection.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1, 1]);
    assert!(dropped(&events).is_empty());
}

#[test]
fn after_a_reconnect_without_a_session_subscriptions_go_out_before_queued_publishes() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.publish("cmd/lamp", "ON", QoS::AtLeastOnce);
    broker.session.connect(broker.now, broker.options()).unwrap();
    broker.sent();
    broker.connack(false, Properties::default());
    assert!(sent_publishes(&broker.sent()).is_empty(), "held until the caller has seen Connected");
    let events = broker.events();
    assert!(matches!(events.first(), Some(Event::Connected { session_present: false, .. })));
    let subscription = Subscription { filter: "state/#".into(), options: SubscriptionOptions::default() };
    broker.session.subscribe(broker.now, vec![subscription], Properties::default()).unwrap();
    let sent = broker.sent();
    assert!(matches!(sent.as_slice(), [Packet::Subscribe(_), Packet::Publish(_)]), "{sent:?}");
}

#[test]
fn capabilities_the_broker_lacks_are_refused_locally_with_a_clear_error() {
    // 5.0 sections 3.2.2.3.11-14: wildcard, subscription identifier and shared subscription availability.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let server = Properties {
        wildcard_subscription_available: Some(false),
        subscription_identifier_available: Some(false),
        shared_subscription_available: Some(false),
        ..Properties::default()
    };
    broker.establish(broker.options(), server);
    let subscribe = |broker: &mut FakeBroker, filter: &str, properties: Properties| {
        let subscription = Subscription { filter: filter.into(), options: SubscriptionOptions::default() };
        broker.session.subscribe(broker.now, vec![subscription], properties)
    };
    assert_eq!(
        subscribe(&mut broker, "home/+/temperature", Properties::default()),
        Err(SessionError::WildcardSubscriptionsNotSupported { filter: "home/+/temperature".into() })
    );
    assert_eq!(
        subscribe(&mut broker, "$share/group/home", Properties::default()),
        Err(SessionError::SharedSubscriptionsNotSupported { filter: "$share/group/home".into() })
    );
    let with_id = Properties { subscription_identifiers: vec![7], ..Properties::default() };
    assert_eq!(subscribe(&mut broker, "home", with_id), Err(SessionError::SubscriptionIdentifiersNotSupported));
    assert!(!broker.sent().iter().any(|packet| matches!(packet, Packet::Subscribe(_))), "nothing was sent");
    assert!(subscribe(&mut broker, "home/kitchen", Properties::default()).is_ok());
}

#[test]
fn a_dup_resend_never_sets_up_a_new_topic_alias() {
    // [MQTT-3.3.2-7] aliases do not outlive the connection; [MQTT-4.4.0-1] resend with DUP.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let server = Properties { topic_alias_maximum: Some(5), ..Properties::default() };
    broker.establish(persistent(&broker), server.clone());
    broker.publish("cmd/lamp", "ON", QoS::AtLeastOnce);
    assert_eq!(sent_publishes(&broker.sent())[0].properties.topic_alias, Some(1));
    broker.session.handle_connection_lost(broker.now);
    broker.events();
    broker.session.connect(broker.now, persistent(&broker)).unwrap();
    broker.sent();
    broker.connack(true, server);
    let sent = broker.sent();
    let resent = sent_publishes(&sent);
    assert_eq!(resent.len(), 1);
    assert!(resent[0].dup);
    assert_eq!((resent[0].topic.as_str(), resent[0].properties.topic_alias), ("cmd/lamp", None));
    // The next new publish on that topic sets up the alias on this connection.
    broker.take_events();
    broker.publish("cmd/lamp", "OFF", QoS::AtLeastOnce);
    let sent = broker.sent();
    assert_eq!(sent_publishes(&sent)[0].properties.topic_alias, Some(1));
    assert_eq!(sent_publishes(&sent)[0].topic, "cmd/lamp");
}

#[test]
fn a_3_1_1_connack_to_a_5_0_connect_says_the_broker_does_not_support_5_0() {
    // aedes answers a 5.0 CONNECT with 20 02 00 01: 3.1.1's "unacceptable protocol version".
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.session.connect(broker.now, broker.options()).unwrap();
    broker.sent();
    broker.session.handle_bytes(broker.now, &[0x20, 0x02, 0x00, 0x01]);
    let events = broker.events();
    let [Event::Disconnected(DisconnectReason::Refused { reason, reason_string })] = events.as_slice() else {
        panic!("{events:?}")
    };
    assert_eq!(*reason, ReasonCode::UnsupportedProtocolVersion);
    assert!(reason_string.as_deref().unwrap().contains("does not support MQTT 5.0; use 3.1.1"));
    assert!(broker.sent().is_empty(), "no DISCONNECT for a broker that spoke 3.1.1");
}

#[test]
fn a_publish_that_cannot_be_sent_releases_its_packet_identifier_and_never_blocks_the_queue() {
    // [MQTT-2.2.1-3] identifiers are freed when the exchange ends, here by giving up.
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    broker.establish(persistent(&broker), Properties::default());
    broker.session.outbound.set_next_packet_id(1);
    broker.publish("big", &"x".repeat(200), QoS::AtLeastOnce);
    broker.sent();
    broker.session.handle_connection_lost(broker.now);
    broker.events();
    broker.session.connect(broker.now, persistent(&broker)).unwrap();
    broker.sent();
    // The server resumes the session but now accepts at most 100 bytes.
    broker.connack(true, Properties { maximum_packet_size: Some(100), ..Properties::default() });
    broker.take_events();
    assert!(sent_publishes(&broker.sent()).is_empty());
    assert_eq!(broker.session.in_flight_len(), 0);
    broker.session.outbound.set_next_packet_id(1);
    broker.publish("small", "1", QoS::AtLeastOnce);
    broker.publish("small", "2", QoS::AtLeastOnce);
    let sent = broker.sent();
    let ids: Vec<Option<u16>> = sent_publishes(&sent).iter().map(|publish| publish.packet_id).collect();
    assert_eq!(ids, [Some(1), Some(2)], "identifier 1 was freed and the queue flows");
    assert!(matches!(
        dropped(&broker.events()).as_slice(),
        [(topic, DropReason::CannotSend(SessionError::PacketTooLarge { maximum: 100, .. }))] if topic == "big"
    ));
}

#[test]
fn a_queued_publish_can_be_cancelled_before_it_is_sent_and_only_then() {
    let mut broker = FakeBroker::new(ProtocolVersion::V5);
    let kept = broker.publish("cmd/a", "1", QoS::AtLeastOnce);
    let cancelled = broker.publish("cmd/b", "2", QoS::AtLeastOnce);
    broker.publish("cmd/c", "3", QoS::AtMostOnce);
    let waiting: Vec<(MessageId, &str)> =
        broker.session.queued().map(|(id, publish)| (id, publish.topic.as_str())).collect();
    assert_eq!(waiting, [(kept, "cmd/a"), (cancelled, "cmd/b"), (MessageId(3), "cmd/c")], "oldest first, with ids");
    assert_eq!(broker.session.cancel_queued(cancelled).map(|publish| publish.topic), Some("cmd/b".into()));
    assert!(broker.session.cancel_queued(cancelled).is_none(), "gone after the first cancel");
    broker.establish(broker.options(), Properties::default());
    let sent = broker.sent();
    let topics: Vec<&str> = sent_publishes(&sent).iter().map(|publish| publish.topic.as_str()).collect();
    assert_eq!(topics, ["cmd/a", "cmd/c"], "the cancelled publish never goes out");
    assert!(broker.session.cancel_queued(kept).is_none(), "a sent publish cannot be called back");
    assert!(broker.events().iter().all(|event| !matches!(event, Event::PublishDropped { .. })));
}
