//! The session against a real mosquitto, over TCP and WebSocket, in MQTT
//! 5.0 and 3.1.1, with mosquitto_pub and mosquitto_sub (clients we did not
//! write) on the other side.

mod common;

use std::time::Duration;

use common::{mosquitto_pub, options, Broker, Subscriber, TestClient, Transport};
use mqtt::packet::SubscriptionOptions;
use mqtt::{ConnectOptions, Event, LastWill, Properties, ProtocolVersion, Publish, QoS, ReasonCode, Subscription};

const WAIT: Duration = Duration::from_secs(5);

const COMBINATIONS: [(ProtocolVersion, Transport); 4] = [
    (ProtocolVersion::V5, Transport::Tcp),
    (ProtocolVersion::V5, Transport::WebSocket),
    (ProtocolVersion::V311, Transport::Tcp),
    (ProtocolVersion::V311, Transport::WebSocket),
];

fn subscribe(client: &mut TestClient, filter: &str, qos: QoS) {
    let now = client.now();
    let subscription =
        Subscription { filter: filter.into(), options: SubscriptionOptions { qos, ..SubscriptionOptions::default() } };
    client.session.subscribe(now, vec![subscription], Properties::default()).unwrap();
    match client.wait_for(WAIT, |event| matches!(event, Event::Subscribed { .. })) {
        Event::Subscribed { results, .. } => assert_eq!(results[0].1, Ok(qos), "granted QoS"),
        _ => unreachable!(),
    }
}

fn next_message(client: &mut TestClient) -> Publish {
    match client.wait_for(WAIT, |event| matches!(event, Event::Message(_))) {
        Event::Message(publish) => publish,
        _ => unreachable!(),
    }
}

#[test]
fn qos1_and_qos2_round_trip_in_both_directions() {
    let broker = Broker::start();
    for (version, transport) in COMBINATIONS {
        let label = format!("{version:?} over {transport:?}");
        let mut client = TestClient::connect(&broker, transport, options(version, "round-trip"));
        subscribe(&mut client, "in/#", QoS::ExactlyOnce);

        // mosquitto_pub → us, at QoS 1 and 2 [MQTT-4.3.2], [MQTT-4.3.3].
        for qos in ["1", "2"] {
            mosquitto_pub(&broker, "in/x", &format!("qos{qos}"), &["-q", qos]);
            let message = next_message(&mut client);
            assert_eq!(
                (message.topic.as_str(), &message.payload[..]),
                ("in/x", format!("qos{qos}").as_bytes()),
                "{label}"
            );
            assert_eq!(message.qos as u8, qos.parse::<u8>().unwrap(), "{label}");
        }

        // us → mosquitto_sub, acknowledged by the broker.
        let subscriber = Subscriber::start(&broker, "out/#", &[]);
        for qos in [QoS::AtLeastOnce, QoS::ExactlyOnce] {
            let now = client.now();
            let id = client
                .session
                .publish(now, Publish { qos, ..Publish::new("out/y", format!("{qos:?}").into_bytes()) })
                .unwrap();
            let acknowledged = client
                .wait_for(WAIT, |event| matches!(event, Event::PublishAcknowledged { id: acked, .. } if *acked == id));
            let Event::PublishAcknowledged { reason, .. } = acknowledged else { unreachable!() };
            assert!(!reason.is_error(), "{label}: {reason}");
            let received = subscriber.next(WAIT);
            assert_eq!(received["payload"], format!("{qos:?}"), "{label}");
            assert_eq!(received["qos"], qos as u8, "{label}");
        }
        assert!(subscriber.drain(Duration::from_millis(300)).is_empty(), "{label}: each message exactly once");
        let now = client.now();
        client.session.disconnect(now, ReasonCode::Success).unwrap();
        client.flush();
    }
}

#[test]
fn retained_messages_are_delivered_with_the_retain_flag_and_stored_from_our_publish() {
    let broker = Broker::start();
    for (version, transport) in COMBINATIONS {
        let label = format!("{version:?} over {transport:?}");
        mosquitto_pub(&broker, "retained/a", "kept", &["-r", "-q", "1"]);
        let mut client = TestClient::connect(&broker, transport, options(version, "retain"));
        subscribe(&mut client, "retained/a", QoS::AtLeastOnce);
        // [MQTT-3.3.1-6] a retained message is sent on subscribe with RETAIN set [MQTT-3.3.1-9].
        let message = next_message(&mut client);
        assert!(message.retain, "{label}");
        assert_eq!(&message.payload[..], b"kept", "{label}");

        let now = client.now();
        let publish = Publish { retain: true, qos: QoS::AtLeastOnce, ..Publish::new("retained/b", b"ours".to_vec()) };
        let id = client.session.publish(now, publish).unwrap();
        client.wait_for(WAIT, |event| matches!(event, Event::PublishAcknowledged { id: acked, .. } if *acked == id));
        let late = Subscriber::start(&broker, "retained/b", &[]);
        let stored = late.next(WAIT);
        assert_eq!((stored["payload"].as_str(), stored["retain"].as_u64()), (Some("ours"), Some(1)), "{label}");
        // Clear both for the next round: an empty retained payload deletes [MQTT-3.3.1-10].
        mosquitto_pub(&broker, "retained/a", "", &["-r"]);
        mosquitto_pub(&broker, "retained/b", "", &["-r"]);
    }
}

#[test]
fn last_will_is_published_when_the_connection_drops_without_disconnect() {
    let broker = Broker::start();
    for (version, transport) in COMBINATIONS {
        let label = format!("{version:?} over {transport:?}");
        let subscriber = Subscriber::start(&broker, "devices/deck/status", &[]);
        let will = LastWill {
            topic: "devices/deck/status".into(),
            payload: b"offline".to_vec(),
            qos: QoS::AtLeastOnce,
            retain: false,
            properties: Properties { content_type: Some("text/plain".into()), ..Properties::default() },
        };
        let mut client =
            TestClient::connect(&broker, transport, ConnectOptions { will: Some(will), ..options(version, "will") });
        client.cut();
        // [MQTT-3.1.2-8] the Will is published when the connection closes without DISCONNECT.
        let received = subscriber.next(WAIT);
        assert_eq!(received["payload"], "offline", "{label}");
    }
}

#[test]
fn normal_disconnect_does_not_publish_the_will() {
    let broker = Broker::start();
    let subscriber = Subscriber::start(&broker, "devices/deck/status", &[]);
    let will = LastWill {
        topic: "devices/deck/status".into(),
        payload: b"offline".to_vec(),
        qos: QoS::AtMostOnce,
        retain: false,
        properties: Properties::default(),
    };
    let mut client = TestClient::connect(
        &broker,
        Transport::Tcp,
        ConnectOptions { will: Some(will), ..options(ProtocolVersion::V5, "calm") },
    );
    let now = client.now();
    client.session.disconnect(now, ReasonCode::Success).unwrap();
    client.flush();
    // [MQTT-3.1.2-10] the Will is removed on a normal DISCONNECT.
    assert!(subscriber.drain(Duration::from_millis(700)).is_empty());
}

#[test]
fn session_resumes_after_the_connection_is_cut_mid_flight() {
    let broker = Broker::start();
    for (version, transport) in COMBINATIONS {
        let label = format!("{version:?} over {transport:?}");
        let client_id = format!("resume-{version:?}-{transport:?}");
        let persistent =
            ConnectOptions { clean_start: false, session_expiry_interval: 300, ..options(version, &client_id) };
        // Wipe any session of this client id, then connect keeping the session.
        let mut wipe =
            TestClient::connect(&broker, transport, ConnectOptions { clean_start: true, ..persistent.clone() });
        let now = wipe.now();
        wipe.session.disconnect(now, ReasonCode::Success).unwrap();
        wipe.flush();
        let mut client = TestClient::connect(&broker, transport, persistent.clone());
        subscribe(&mut client, "resume/in", QoS::AtLeastOnce);
        let subscriber = Subscriber::start(&broker, "resume/out", &[]);

        // Publish at QoS 1 and cut the connection before the PUBACK can be read.
        let now = client.now();
        let id = client
            .session
            .publish(now, Publish { qos: QoS::AtLeastOnce, ..Publish::new("resume/out", b"mid-flight".to_vec()) })
            .unwrap();
        client.cut();
        assert_eq!(client.session.in_flight_len(), 1, "{label}: unacknowledged");

        // While we are away, a message for our subscription is queued by the broker.
        mosquitto_pub(&broker, "resume/in", "while away", &["-q", "1"]);

        let session_present = client.reconnect(&broker, persistent);
        assert!(session_present, "{label}: [MQTT-3.2.2-2] the broker resumed the session");
        client.wait_for(WAIT, |event| matches!(event, Event::PublishAcknowledged { id: acked, .. } if *acked == id));
        let message = next_message(&mut client);
        assert_eq!(&message.payload[..], b"while away", "{label}: queued message delivered on resume");
        let delivered = subscriber.next(WAIT);
        assert_eq!(delivered["payload"], "mid-flight", "{label}");
        let now = client.now();
        client.session.disconnect(now, ReasonCode::Success).unwrap();
        client.flush();
    }
}

#[test]
fn topic_aliases_from_mosquitto_are_resolved() {
    let broker = Broker::start();
    let mut client = TestClient::connect(&broker, Transport::WebSocket, options(ProtocolVersion::V5, "alias"));
    subscribe(&mut client, "alias/#", QoS::AtMostOnce);
    // mosquitto_pub in 5.0 with a topic alias: the broker maps it; we must see the full topic.
    for payload in ["one", "two"] {
        mosquitto_pub(&broker, "alias/topic", payload, &["-V", "mqttv5", "-D", "publish", "topic-alias", "1"]);
        let message = next_message(&mut client);
        assert_eq!((message.topic.as_str(), &message.payload[..]), ("alias/topic", payload.as_bytes()));
    }
}
