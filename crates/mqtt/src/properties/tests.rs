//! Property block fixtures: what may repeat, where each property is
//! allowed, and the values the specification forbids.

use super::*;

fn read(bytes: &[u8], scope: PropertyScope) -> Result<Properties, DecodeError> {
    Properties::read(&mut Reader::new(bytes, PacketType::Publish), scope)
}

const PUBLISH_SCOPE: PropertyScope = PropertyScope::Packet(PacketType::Publish);

#[test]
fn user_properties_keep_order_and_repeats() {
    // [MQTT-3.3.2-18] user properties may repeat and keep their order.
    let properties = Properties {
        user_properties: vec![("b".into(), "1".into()), ("a".into(), "2".into()), ("b".into(), "3".into())],
        ..Properties::default()
    };
    let mut out = Vec::new();
    properties.write(&mut out).unwrap();
    assert_eq!(out.len(), properties.encoded_len());
    assert_eq!(read(&out, PUBLISH_SCOPE).unwrap(), properties);
}

#[test]
fn content_type_is_encoded_as_identifier_and_string() {
    let properties = Properties { content_type: Some("json".into()), ..Properties::default() };
    let mut out = Vec::new();
    properties.write(&mut out).unwrap();
    assert_eq!(out, [0x07, 0x03, 0x00, 0x04, b'j', b's', b'o', b'n']);
}

#[test]
fn duplicate_single_valued_property_is_a_protocol_error() {
    // [MQTT-2.2.2] it is a protocol error to include a property more than once,
    // except user property and (in PUBLISH) subscription identifier.
    let bytes = [0x0A, 0x02, 0, 0, 0, 1, 0x02, 0, 0, 0, 2];
    assert_eq!(read(&bytes, PUBLISH_SCOPE), Err(DecodeError::DuplicateProperty("message expiry interval")));
}

#[test]
fn property_not_allowed_in_the_packet_is_refused() {
    // Table 2-4: session expiry interval belongs to CONNECT, CONNACK and DISCONNECT only.
    let bytes = [0x05, 0x11, 0, 0, 0, 1];
    assert_eq!(
        read(&bytes, PUBLISH_SCOPE),
        Err(DecodeError::PropertyNotAllowed { packet: PacketType::Publish, name: "session expiry interval" })
    );
}

#[test]
fn will_delay_is_allowed_only_in_will_properties() {
    let bytes = [0x05, 0x18, 0, 0, 0, 9];
    assert_eq!(read(&bytes, PropertyScope::Will).unwrap().will_delay_interval, Some(9));
    assert!(read(&bytes, PropertyScope::Packet(PacketType::Connect)).is_err());
}

#[test]
fn unknown_property_identifier_is_refused() {
    assert_eq!(read(&[0x02, 0x7F, 0x00], PUBLISH_SCOPE), Err(DecodeError::UnknownProperty(0x7F)));
}

#[test]
fn topic_alias_zero_is_refused() {
    // [MQTT-3.3.2-8] a topic alias of 0 is not permitted.
    assert!(matches!(read(&[0x03, 0x23, 0, 0], PUBLISH_SCOPE), Err(DecodeError::InvalidPropertyValue { .. })));
}

#[test]
fn property_length_beyond_the_packet_is_refused() {
    assert!(matches!(read(&[0x09, 0x01, 0x01], PUBLISH_SCOPE), Err(DecodeError::UnexpectedEnd { .. })));
}

#[test]
fn payload_format_indicator_other_than_0_or_1_is_refused() {
    assert!(matches!(read(&[0x02, 0x01, 0x02], PUBLISH_SCOPE), Err(DecodeError::InvalidPropertyValue { .. })));
}

#[test]
fn publish_may_carry_several_subscription_identifiers_but_subscribe_only_one() {
    let bytes = [0x04, 0x0B, 0x01, 0x0B, 0x02];
    assert_eq!(read(&bytes, PUBLISH_SCOPE).unwrap().subscription_identifiers, vec![1, 2]);
    assert_eq!(
        read(&bytes, PropertyScope::Packet(PacketType::Subscribe)),
        Err(DecodeError::DuplicateProperty("subscription identifier"))
    );
}

#[test]
fn is_empty_sees_every_property() {
    // Every property of table 2-4, set alone, makes the block non-empty.
    let mut all = Vec::new();
    let one = |edit: fn(&mut Properties)| {
        let mut properties = Properties::default();
        edit(&mut properties);
        properties
    };
    all.push(one(|p| p.payload_format_indicator = Some(true)));
    all.push(one(|p| p.message_expiry_interval = Some(1)));
    all.push(one(|p| p.content_type = Some(String::new())));
    all.push(one(|p| p.response_topic = Some("r".into())));
    all.push(one(|p| p.correlation_data = Some(Vec::new())));
    all.push(one(|p| p.subscription_identifiers = vec![1]));
    all.push(one(|p| p.session_expiry_interval = Some(1)));
    all.push(one(|p| p.assigned_client_identifier = Some(String::new())));
    all.push(one(|p| p.server_keep_alive = Some(1)));
    all.push(one(|p| p.authentication_method = Some(String::new())));
    all.push(one(|p| p.authentication_data = Some(Vec::new())));
    all.push(one(|p| p.request_problem_information = Some(true)));
    all.push(one(|p| p.will_delay_interval = Some(1)));
    all.push(one(|p| p.request_response_information = Some(true)));
    all.push(one(|p| p.response_information = Some(String::new())));
    all.push(one(|p| p.server_reference = Some(String::new())));
    all.push(one(|p| p.reason_string = Some(String::new())));
    all.push(one(|p| p.receive_maximum = Some(1)));
    all.push(one(|p| p.topic_alias_maximum = Some(1)));
    all.push(one(|p| p.topic_alias = Some(1)));
    all.push(one(|p| p.maximum_qos = Some(QoS::AtMostOnce)));
    all.push(one(|p| p.retain_available = Some(true)));
    all.push(one(|p| p.user_properties = vec![(String::new(), String::new())]));
    all.push(one(|p| p.maximum_packet_size = Some(1)));
    all.push(one(|p| p.wildcard_subscription_available = Some(true)));
    all.push(one(|p| p.subscription_identifier_available = Some(true)));
    all.push(one(|p| p.shared_subscription_available = Some(true)));
    assert_eq!(all.len(), 27, "one per property identifier of table 2-4");
    for properties in &all {
        assert!(!properties.is_empty(), "{properties:?}");
        assert_eq!(properties.present().count(), 1, "{properties:?}");
        assert_ne!(properties.body_len(), 0);
    }
    assert!(Properties::default().is_empty());
}
