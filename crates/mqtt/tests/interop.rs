//! The session against brokers other than mosquitto, each started by the
//! test on loopback: aedes (npm, MQTT 3.1.1 only) and mqttv5 (crate
//! mqttv5-cli, MQTT 5.0 and 3.1.1, WebSocket at /mqtt). On the other side,
//! mosquitto_pub and mosquitto_sub, clients we did not write. Each covers
//! connect, QoS 0/1/2 in both directions, retained messages, and a broker
//! restart the client resumes from; aedes also the answer to a 5.0 CONNECT.

mod common;

use std::time::Duration;

use common::{mosquitto_pub, options, Broker, Kind, Subscriber, TestClient, Transport};
use mqtt::packet::SubscriptionOptions;
use mqtt::{
    ConnectOptions, DisconnectReason, Event, Properties, ProtocolVersion, Publish, QoS, ReasonCode, Subscription,
};

const WAIT: Duration = Duration::from_secs(5);

fn subscribe(client: &mut TestClient, filter: &str) {
    let now = client.now();
    let options = SubscriptionOptions { qos: QoS::ExactlyOnce, ..SubscriptionOptions::default() };
    client
        .session
        .subscribe(now, vec![Subscription { filter: filter.into(), options }], Properties::default())
        .unwrap();
    let Event::Subscribed { results, .. } = client.wait_for(WAIT, |event| matches!(event, Event::Subscribed { .. }))
    else {
        unreachable!()
    };
    assert!(results[0].1.is_ok(), "{filter}: {results:?}");
}

fn next_message(client: &mut TestClient) -> Publish {
    match client.wait_for(WAIT, |event| matches!(event, Event::Message(_))) {
        Event::Message(publish) => publish,
        _ => unreachable!(),
    }
}

/// mosquitto_pub's protocol flag for `version`.
fn pub_version(version: ProtocolVersion) -> &'static str {
    match version {
        ProtocolVersion::V5 => "mqttv5",
        ProtocolVersion::V311 => "mqttv311",
    }
}

/// Connect, QoS 0/1/2 both ways and retained messages, on one broker.
fn exchanges_messages(broker: &Broker, version: ProtocolVersion, transport: Transport) {
    let label = format!("{version:?} over {transport:?}");
    let mut client = TestClient::connect(broker, transport, options(version, &format!("interop-{transport:?}")));
    subscribe(&mut client, "in/#");
    // mosquitto_pub → us at QoS 0, 1 and 2 [MQTT-4.3.1], [MQTT-4.3.2], [MQTT-4.3.3].
    for qos in ["0", "1", "2"] {
        mosquitto_pub(broker, "in/x", &format!("qos{qos}"), &["-q", qos, "-V", pub_version(version)]);
        let message = next_message(&mut client);
        assert_eq!((message.topic.as_str(), &message.payload[..]), ("in/x", format!("qos{qos}").as_bytes()), "{label}");
    }
    // us → mosquitto_sub, the QoS 1 and 2 publishes acknowledged by the broker.
    let subscriber = Subscriber::start(broker, "out/#", &["-V", pub_version(version)]);
    for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
        let now = client.now();
        let id = client.session.publish(now, Publish { qos, ..Publish::new("out/y", format!("{qos:?}")) }).unwrap();
        if qos != QoS::AtMostOnce {
            let acknowledged = client
                .wait_for(WAIT, |event| matches!(event, Event::PublishAcknowledged { id: acked, .. } if *acked == id));
            let Event::PublishAcknowledged { reason, .. } = acknowledged else { unreachable!() };
            assert!(!reason.is_error(), "{label}: {reason}");
        } else {
            client.wait_for(WAIT, |event| matches!(event, Event::PublishSent(sent) if *sent == id));
        }
        let received = subscriber.next(WAIT);
        assert_eq!(received["payload"], format!("{qos:?}"), "{label}");
    }
    // A retained message set by mosquitto_pub reaches a later subscription with RETAIN
    // [MQTT-3.3.1-9]. A first subscriber sees it once it is routed (live or retained,
    // depending on the broker's timing); a second one, subscribing after that, can only
    // get it from the retained store.
    let topic = format!("kept/{transport:?}/{version:?}");
    mosquitto_pub(broker, &topic, "stored", &["-r", "-q", "1", "-V", pub_version(version)]);
    subscribe(&mut client, &topic);
    assert_eq!(&next_message(&mut client).payload[..], b"stored", "{label}");
    let mut reader = TestClient::connect(broker, transport, options(version, &format!("reader-{transport:?}")));
    subscribe(&mut reader, &topic);
    let retained = next_message(&mut reader);
    assert!(retained.retain, "{label}: the retained message carries RETAIN: {retained:?}");
    assert_eq!(&retained.payload[..], b"stored");
    mosquitto_pub(broker, &topic, "", &["-r", "-V", pub_version(version)]);
}

/// The broker restarts (forgetting sessions); the client reconnects,
/// subscribes again because no session was present, and messages flow.
fn resumes_after_a_broker_restart(broker: &mut Broker, version: ProtocolVersion) {
    let persistent = ConnectOptions { clean_start: false, session_expiry_interval: 300, ..options(version, "resume") };
    let mut client = TestClient::connect(broker, Transport::Tcp, persistent.clone());
    subscribe(&mut client, "restart/#");
    broker.restart();
    let lost = client.wait_for(WAIT, |event| matches!(event, Event::Disconnected(_)));
    assert_eq!(lost, Event::Disconnected(DisconnectReason::ConnectionLost));
    let session_present = client.reconnect(broker, persistent);
    if !session_present {
        subscribe(&mut client, "restart/#");
    }
    mosquitto_pub(broker, "restart/after", "back", &["-q", "1", "-V", pub_version(version)]);
    assert_eq!(&next_message(&mut client).payload[..], b"back");
}

#[test]
fn aedes_exchanges_messages_over_tcp_and_websocket_in_3_1_1_and_survives_a_restart() {
    let mut broker = Broker::start_kind(Kind::Aedes);
    for transport in [Transport::Tcp, Transport::WebSocket] {
        exchanges_messages(&broker, ProtocolVersion::V311, transport);
    }
    resumes_after_a_broker_restart(&mut broker, ProtocolVersion::V311);
}

#[test]
fn aedes_answers_a_5_0_connect_in_3_1_1_and_the_session_says_to_use_3_1_1() {
    // aedes replies 20 02 00 01: 3.1.1's "unacceptable protocol version" [MQTT-3.1.2-2].
    let broker = Broker::start_kind(Kind::Aedes);
    let mut client = TestClient::new(Transport::WebSocket);
    let outcome = client.attempt(&broker, options(ProtocolVersion::V5, "five"));
    let Event::Disconnected(DisconnectReason::Refused { reason, reason_string }) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(reason, ReasonCode::UnsupportedProtocolVersion);
    assert!(reason_string.unwrap().contains("does not support MQTT 5.0; use 3.1.1"));
    // The same session then connects in 3.1.1.
    assert!(matches!(client.attempt(&broker, options(ProtocolVersion::V311, "five")), Event::Connected { .. }));
}

#[test]
fn mqttv5_exchanges_messages_in_5_0_and_3_1_1_over_tcp_and_websocket_and_survives_a_restart() {
    let mut broker = Broker::start_kind(Kind::Mqttv5);
    for version in [ProtocolVersion::V5, ProtocolVersion::V311] {
        for transport in [Transport::Tcp, Transport::WebSocket] {
            exchanges_messages(&broker, version, transport);
        }
    }
    resumes_after_a_broker_restart(&mut broker, ProtocolVersion::V5);
}
