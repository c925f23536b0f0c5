//! The encoder refuses what the decoder refuses: [`Packet::check`] runs
//! before any byte is written, so `write` never produces a packet that
//! `decode` (ours, or a broker's) would call malformed or a protocol error,
//! and each refusal names the field.

use crate::error::EncodeError;
use crate::properties::{Properties, PropertyScope};
use crate::reason::ReasonCode;
use crate::topic::{validate_topic_filter, validate_topic_name, TopicError};
use crate::{ProtocolVersion, QoS};

use super::{
    ack, auth, connack, disconnect, suback, unsuback, Connect, Packet, PacketType, Publish, SubscriptionOptions,
};

fn invalid(field: &'static str, problem: &'static str) -> EncodeError {
    EncodeError::InvalidValue { field, problem }
}

fn nonzero_packet_id(packet_id: u16) -> Result<(), EncodeError> {
    if packet_id == 0 {
        // [MQTT-2.2.1-3]
        return Err(invalid("packet identifier", "must not be 0"));
    }
    Ok(())
}

fn reason_allowed(packet: PacketType, code: ReasonCode, allowed: &[u8]) -> Result<(), EncodeError> {
    if allowed.contains(&code.byte()) {
        Ok(())
    } else {
        Err(EncodeError::InvalidReasonCode { packet, code: code.byte() })
    }
}

/// 3.1.1 has no reason codes on acknowledgements and DISCONNECT.
fn v311_success_only(code: ReasonCode) -> Result<(), EncodeError> {
    if code == ReasonCode::Success {
        Ok(())
    } else {
        Err(EncodeError::Unsupported("MQTT 3.1.1 acknowledgements and DISCONNECT carry no reason code"))
    }
}

fn properties_in(packet: PacketType, properties: &Properties, version: ProtocolVersion) -> Result<(), EncodeError> {
    match version {
        ProtocolVersion::V5 => properties.check(PropertyScope::Packet(packet)),
        ProtocolVersion::V311 if properties.is_empty() => Ok(()),
        ProtocolVersion::V311 => Err(EncodeError::Unsupported("MQTT 3.1.1 packets carry no properties")),
    }
}

fn filters<'a>(filters: impl ExactSizeIterator<Item = &'a String>) -> Result<(), EncodeError> {
    if filters.len() == 0 {
        // [MQTT-3.8.3-3], [MQTT-3.10.3-2]
        return Err(invalid("topic filters", "must not be empty"));
    }
    for filter in filters {
        validate_topic_filter(filter).map_err(|error| EncodeError::InvalidTopic {
            field: "topic filter",
            topic: filter.clone(),
            error,
        })?;
    }
    Ok(())
}

impl Publish {
    /// Refuses a PUBLISH the decoder would refuse, apart from its packet
    /// identifier (which the session assigns when it sends).
    pub fn check_fields(&self, version: ProtocolVersion) -> Result<(), EncodeError> {
        if self.dup && self.qos == QoS::AtMostOnce {
            // [MQTT-3.3.1-2]
            return Err(invalid("DUP", "must be 0 on a QoS 0 message"));
        }
        let has_alias = version == ProtocolVersion::V5 && self.properties.topic_alias.is_some();
        match validate_topic_name(&self.topic) {
            Ok(()) => {}
            // [MQTT-3.3.2-1] only a 5.0 topic alias may stand in for the topic.
            Err(TopicError::Empty) if has_alias => {}
            Err(error) => {
                return Err(EncodeError::InvalidTopic { field: "topic name", topic: self.topic.clone(), error })
            }
        }
        properties_in(PacketType::Publish, &self.properties, version)
    }

    pub(crate) fn check(&self, version: ProtocolVersion) -> Result<(), EncodeError> {
        self.check_fields(version)?;
        match (self.qos, self.packet_id) {
            // [MQTT-2.2.1-2]
            (QoS::AtMostOnce, Some(_)) => Err(invalid("packet identifier", "must be absent on a QoS 0 message")),
            (QoS::AtMostOnce, None) => Ok(()),
            (_, None) => Err(invalid("packet identifier", "is required on a QoS 1 or 2 message")),
            (_, Some(packet_id)) => nonzero_packet_id(packet_id),
        }
    }
}

fn check_connect(connect: &Connect) -> Result<(), EncodeError> {
    let version = connect.protocol_version;
    if version == ProtocolVersion::V311 && connect.client_id.is_empty() && !connect.clean_start {
        // [MQTT-3.1.3-7]
        return Err(invalid("client identifier", "must not be empty with clean session 0 in MQTT 3.1.1"));
    }
    if version == ProtocolVersion::V311 && connect.password.is_some() && connect.username.is_none() {
        // [MQTT-3.1.2-22]
        return Err(EncodeError::Unsupported("MQTT 3.1.1 allows a password only with a user name"));
    }
    properties_in(PacketType::Connect, &connect.properties, version)?;
    if let Some(will) = &connect.will {
        validate_topic_name(&will.topic).map_err(|error| EncodeError::InvalidTopic {
            field: "will topic",
            topic: will.topic.clone(),
            error,
        })?;
        match version {
            ProtocolVersion::V5 => will.properties.check(PropertyScope::Will)?,
            ProtocolVersion::V311 if will.properties.is_empty() => {}
            ProtocolVersion::V311 => {
                return Err(EncodeError::Unsupported("MQTT 3.1.1 Will messages carry no properties"))
            }
        }
    }
    Ok(())
}

impl Packet {
    /// Refuses a packet the decoder would refuse, naming the field.
    pub fn check(&self, version: ProtocolVersion) -> Result<(), EncodeError> {
        let v5 = version == ProtocolVersion::V5;
        let packet = self.packet_type();
        match self {
            Packet::Connect(connect) => check_connect(connect),
            Packet::ConnAck(connack) => {
                if v5 {
                    reason_allowed(packet, connack.reason_code, connack::ALLOWED)?;
                } else if connack.reason_code.to_v311_connack().is_none() {
                    return Err(EncodeError::InvalidReasonCode { packet, code: connack.reason_code.byte() });
                }
                if connack.session_present && connack.reason_code.is_error() {
                    // [MQTT-3.2.2-6]
                    return Err(invalid("session present", "must be 0 when the connection is refused"));
                }
                properties_in(packet, &connack.properties, version)
            }
            Packet::Publish(publish) => publish.check(version),
            Packet::PubAck(ack) | Packet::PubRec(ack) | Packet::PubRel(ack) | Packet::PubComp(ack) => {
                nonzero_packet_id(ack.packet_id)?;
                if v5 {
                    let allowed = match packet {
                        PacketType::PubAck | PacketType::PubRec => ack::PUBLISH_RESULT_CODES,
                        _ => ack::RELEASE_CODES,
                    };
                    reason_allowed(packet, ack.reason_code, allowed)?;
                } else {
                    v311_success_only(ack.reason_code)?;
                }
                properties_in(packet, &ack.properties, version)
            }
            Packet::Subscribe(subscribe) => {
                nonzero_packet_id(subscribe.packet_id)?;
                filters(subscribe.subscriptions.iter().map(|subscription| &subscription.filter))?;
                let beyond_qos = |options: &SubscriptionOptions| {
                    *options != SubscriptionOptions { qos: options.qos, ..SubscriptionOptions::default() }
                };
                if !v5 && subscribe.subscriptions.iter().any(|subscription| beyond_qos(&subscription.options)) {
                    return Err(EncodeError::Unsupported("MQTT 3.1.1 subscription options carry only a QoS"));
                }
                properties_in(packet, &subscribe.properties, version)
            }
            Packet::SubAck(suback) => {
                nonzero_packet_id(suback.packet_id)?;
                if suback.reason_codes.is_empty() {
                    // [MQTT-3.9.3-1] one reason code per topic filter.
                    return Err(invalid("SUBACK reason codes", "must not be empty"));
                }
                let allowed = if v5 { suback::V5_CODES } else { suback::V311_CODES };
                for code in &suback.reason_codes {
                    reason_allowed(packet, *code, allowed)?;
                }
                properties_in(packet, &suback.properties, version)
            }
            Packet::Unsubscribe(unsubscribe) => {
                nonzero_packet_id(unsubscribe.packet_id)?;
                filters(unsubscribe.filters.iter())?;
                properties_in(packet, &unsubscribe.properties, version)
            }
            Packet::UnsubAck(unsuback) => {
                nonzero_packet_id(unsuback.packet_id)?;
                if v5 {
                    if unsuback.reason_codes.is_empty() {
                        // [MQTT-3.11.3-1] one reason code per topic filter.
                        return Err(invalid("UNSUBACK reason codes", "must not be empty"));
                    }
                    for code in &unsuback.reason_codes {
                        reason_allowed(packet, *code, unsuback::V5_CODES)?;
                    }
                } else if !unsuback.reason_codes.is_empty() {
                    return Err(EncodeError::Unsupported("an MQTT 3.1.1 UNSUBACK carries no reason codes"));
                }
                properties_in(packet, &unsuback.properties, version)
            }
            Packet::PingReq | Packet::PingResp => Ok(()),
            Packet::Disconnect(disconnect) => {
                if v5 {
                    reason_allowed(packet, disconnect.reason_code, disconnect::V5_CODES)?;
                } else {
                    v311_success_only(disconnect.reason_code)?;
                }
                properties_in(packet, &disconnect.properties, version)
            }
            Packet::Auth(auth) => {
                if !v5 {
                    return Err(EncodeError::Unsupported("AUTH exists only in MQTT 5.0"));
                }
                reason_allowed(packet, auth.reason_code, auth::CODES)?;
                auth.properties.check(PropertyScope::Packet(packet))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{ConnAck, SubAck, Subscribe, Subscription, SubscriptionOptions, Unsubscribe};

    const V4: ProtocolVersion = ProtocolVersion::V311;
    const V5: ProtocolVersion = ProtocolVersion::V5;

    /// Writes after some bytes already in the buffer, which must stay as they were.
    fn refused(packet: Packet, version: ProtocolVersion) -> EncodeError {
        let mut out = vec![0xAA, 0xBB];
        let error = packet.write(version, &mut out).expect_err("the encoder must refuse this");
        assert_eq!(out, [0xAA, 0xBB], "a failed write leaves the buffer as it was");
        error
    }

    fn subscribe(filter: &str) -> Packet {
        Packet::Subscribe(Subscribe {
            packet_id: 1,
            properties: Properties::default(),
            subscriptions: vec![Subscription { filter: filter.into(), options: SubscriptionOptions::default() }],
        })
    }

    #[test]
    fn a_topic_name_with_a_wildcard_is_refused() {
        // [MQTT-3.3.2-2]
        let error = refused(Packet::Publish(Publish::new("home/+/lamp", b"x".to_vec())), V4);
        assert!(matches!(
            error,
            EncodeError::InvalidTopic { field: "topic name", error: TopicError::WildcardInName, .. }
        ));
    }

    #[test]
    fn an_empty_topic_needs_a_5_0_topic_alias() {
        // [MQTT-3.3.2-1]
        let error = refused(Packet::Publish(Publish::new("", b"x".to_vec())), V5);
        assert!(matches!(error, EncodeError::InvalidTopic { error: TopicError::Empty, .. }));
        let mut aliased = Publish::new("", b"x".to_vec());
        aliased.properties.topic_alias = Some(3);
        assert!(Packet::Publish(aliased).to_bytes(V5).is_ok());
    }

    #[test]
    fn topic_alias_0_is_refused() {
        // [MQTT-3.3.2-8]
        let mut publish = Publish::new("t", b"x".to_vec());
        publish.properties.topic_alias = Some(0);
        assert_eq!(
            refused(Packet::Publish(publish), V5),
            EncodeError::InvalidValue { field: "topic alias", problem: "must not be 0" }
        );
    }

    #[test]
    fn subscription_identifier_0_or_above_268_435_455_is_refused() {
        // 5.0 section 3.8.2.1.2: 1 to 268,435,455.
        for identifier in [0, 268_435_456] {
            let Packet::Subscribe(mut packet) = subscribe("a") else { unreachable!() };
            packet.properties.subscription_identifiers = vec![identifier];
            assert!(matches!(
                refused(Packet::Subscribe(packet), V5),
                EncodeError::InvalidValue { field: "subscription identifier", .. }
            ));
        }
    }

    #[test]
    fn a_multi_level_wildcard_that_is_not_last_is_refused() {
        // [MQTT-4.7.1-1]
        assert!(matches!(
            refused(subscribe("a/#/b"), V5),
            EncodeError::InvalidTopic { error: TopicError::MisplacedMultiLevelWildcard, .. }
        ));
    }

    #[test]
    fn a_suback_without_reason_codes_is_refused() {
        // [MQTT-3.9.3-1]
        let suback = Packet::SubAck(SubAck { packet_id: 1, properties: Properties::default(), reason_codes: vec![] });
        assert!(matches!(refused(suback, V5), EncodeError::InvalidValue { field: "SUBACK reason codes", .. }));
    }

    #[test]
    fn maximum_qos_2_in_connack_is_refused() {
        // 5.0 section 3.2.2.3.4: Maximum QoS is 0 or 1.
        let connack = ConnAck {
            session_present: false,
            reason_code: ReasonCode::Success,
            properties: Properties { maximum_qos: Some(QoS::ExactlyOnce), ..Properties::default() },
        };
        assert!(matches!(
            refused(Packet::ConnAck(connack), V5),
            EncodeError::InvalidValue { field: "maximum QoS", .. }
        ));
    }

    #[test]
    fn an_empty_3_1_1_client_id_needs_clean_session() {
        // [MQTT-3.1.3-7]
        let connect = Connect {
            protocol_version: V4,
            clean_start: false,
            keep_alive: 30,
            client_id: String::new(),
            will: None,
            username: None,
            password: None,
            properties: Properties::default(),
        };
        assert!(matches!(
            refused(Packet::Connect(Box::new(connect.clone())), V4),
            EncodeError::InvalidValue { field: "client identifier", .. }
        ));
        let clean = Connect { clean_start: true, ..connect };
        assert!(Packet::Connect(Box::new(clean)).to_bytes(V4).is_ok());
    }

    #[test]
    fn an_oversized_property_value_is_named_not_called_a_large_packet() {
        // 1.5.4: a UTF-8 string is at most 65,535 bytes.
        let mut publish = Publish::new("t", b"x".to_vec());
        publish.properties.content_type = Some("j".repeat(70_000));
        assert_eq!(
            refused(Packet::Publish(publish), V5),
            EncodeError::FieldTooLong { field: "content type", len: 70_000 }
        );
    }

    #[test]
    fn a_property_the_packet_may_not_carry_is_refused() {
        // 5.0 table 2-4: Session Expiry Interval is not a PUBLISH property.
        let mut publish = Publish::new("t", b"x".to_vec());
        publish.properties.session_expiry_interval = Some(5);
        assert_eq!(
            refused(Packet::Publish(publish), V5),
            EncodeError::PropertyNotAllowed { packet: PacketType::Publish, name: "session expiry interval" }
        );
    }

    #[test]
    fn an_unsubscribe_without_filters_is_refused() {
        // [MQTT-3.10.3-2]
        let unsubscribe = Unsubscribe { packet_id: 1, properties: Properties::default(), filters: vec![] };
        assert!(matches!(refused(Packet::Unsubscribe(unsubscribe), V4), EncodeError::InvalidValue { .. }));
    }
}
