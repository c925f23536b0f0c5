//! The encoder refuses what the decoder refuses: [`Packet::check`] runs
//! before any byte is written, so `write` never produces a packet that
//! `decode` (ours, or a broker's) would call malformed or a protocol error,
//! and each refusal names the field.

use crate::error::EncodeError;
use crate::properties::{Properties, PropertyScope};
use crate::reason::ReasonCode;
use crate::topic::{validate_topic_filter, validate_topic_name, TopicError};
use crate::{ProtocolVersion, QoS};

use super::{ack, auth, connack, disconnect, suback, unsuback, Connect, Packet, PacketType, Publish};

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
        if version == ProtocolVersion::V5 {
            will.properties.check(PropertyScope::Will)?;
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
