//! PUBLISH (section 3.3): an application message, in either direction.

use bytes::Bytes;

use crate::error::{DecodeError, EncodeError};
use crate::packet::{packet_len, write_framed, PacketType};
use crate::primitives::{prefixed_len, write_string, Reader};
use crate::properties::{Properties, PropertyScope};
use crate::topic::{validate_topic_name, TopicError};
use crate::{ProtocolVersion, QoS};

/// The PUBLISH packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publish {
    /// Set when this is a re-delivery [MQTT-3.3.1-1].
    pub dup: bool,
    /// Quality of service.
    pub qos: QoS,
    /// Whether the server keeps it as the topic's retained message.
    pub retain: bool,
    /// The topic name; empty in 5.0 when a topic alias stands in for it.
    pub topic: String,
    /// Present exactly when QoS is 1 or 2.
    pub packet_id: Option<u16>,
    /// PUBLISH properties (5.0).
    pub properties: Properties,
    /// The application payload, any bytes; shares the received buffer.
    pub payload: Bytes,
}

impl Publish {
    /// A QoS 0, non-retained message.
    pub fn new(topic: impl Into<String>, payload: impl Into<Bytes>) -> Self {
        Publish {
            dup: false,
            qos: QoS::AtMostOnce,
            retain: false,
            topic: topic.into(),
            packet_id: None,
            properties: Properties::default(),
            payload: payload.into(),
        }
    }

    /// The size of this PUBLISH encoded, fixed header included.
    pub fn encoded_len(&self, version: ProtocolVersion) -> usize {
        packet_len(self.body_len(version))
    }

    /// Appends this PUBLISH as a whole packet, exactly as
    /// [`Packet::write`](super::Packet::write) would, without moving it
    /// into a [`Packet`](super::Packet) first.
    pub fn write_packet(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        self.check(version)?;
        self.write_checked_packet(version, out)
    }

    /// [`Publish::write_packet`] for a PUBLISH whose fields the session
    /// checked when the caller handed it over, with a packet identifier and
    /// topic alias the session assigned itself: the checks are not run a
    /// second time on every send.
    pub(crate) fn write_checked_packet(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        let first_byte = ((PacketType::Publish as u8) << 4) | self.flags();
        write_framed(first_byte, self.body_len(version), out, |out| self.write(version, out))
    }

    pub(crate) fn flags(&self) -> u8 {
        (u8::from(self.dup) << 3) | ((self.qos as u8) << 1) | u8::from(self.retain)
    }

    #[inline]
    pub(crate) fn read(flags: u8, reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let qos = QoS::from_bits((flags >> 1) & 0x03, "PUBLISH QoS")?;
        let dup = flags & 0x08 != 0;
        let retain = flags & 0x01 != 0;
        if dup && qos == QoS::AtMostOnce {
            // [MQTT-3.3.1-2] DUP must be 0 for QoS 0.
            return Err(DecodeError::InvalidFlags {
                packet: reader.packet(),
                problem: "DUP is set on a QoS 0 message",
            });
        }
        // [MQTT-1.5.4-2] U+0000 is refused by validate_topic_name below, in the same pass as wildcards.
        let topic = reader.utf8("topic name")?;
        let packet_id = if qos == QoS::AtMostOnce { None } else { Some(reader.packet_identifier()?) };
        let properties = match version {
            ProtocolVersion::V5 => Properties::read(reader, PropertyScope::Packet(reader.packet()))?,
            ProtocolVersion::V311 => Properties::default(),
        };
        match validate_topic_name(topic) {
            Ok(()) => {}
            // [MQTT-3.3.2-1] a topic name is required, unless a 5.0 topic alias replaces it.
            Err(TopicError::Empty) if properties.topic_alias.is_some() => {}
            Err(error) => return Err(DecodeError::InvalidTopicName(error)),
        }
        let payload = reader.rest_shared();
        Ok(Publish { dup, qos, retain, topic: topic.to_owned(), packet_id, properties, payload })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        let mut len = prefixed_len(self.topic.len()) + self.payload.len();
        if self.qos != QoS::AtMostOnce {
            len += 2;
        }
        if version == ProtocolVersion::V5 {
            len += self.properties.encoded_len();
        }
        len
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        write_string(out, "topic name", &self.topic)?;
        if self.qos != QoS::AtMostOnce {
            let packet_id = self
                .packet_id
                .filter(|id| *id != 0)
                .ok_or(EncodeError::Unsupported("a QoS 1 or 2 PUBLISH needs a non-zero packet identifier"))?;
            out.extend_from_slice(&packet_id.to_be_bytes());
        }
        if version == ProtocolVersion::V5 {
            self.properties.write(out)?;
        }
        out.extend_from_slice(&self.payload);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet};

    const V4: ProtocolVersion = ProtocolVersion::V311;
    const V5: ProtocolVersion = ProtocolVersion::V5;

    #[test]
    fn qos0_publish_has_no_packet_identifier() {
        // [MQTT-2.2.1-2] a QoS 0 PUBLISH must not contain a packet identifier.
        let bytes = Packet::Publish(Publish::new("a/b", b"hi".to_vec())).to_bytes(V4).unwrap();
        assert_eq!(bytes, [0x30, 7, 0, 3, b'a', b'/', b'b', b'h', b'i']);
    }

    #[test]
    fn qos1_retained_publish_carries_flags_and_packet_identifier() {
        // [MQTT-3.3.1] fixed header flags: DUP, QoS, RETAIN.
        let publish = Publish {
            dup: true,
            qos: QoS::AtLeastOnce,
            retain: true,
            packet_id: Some(10),
            ..Publish::new("t", b"x".to_vec())
        };
        let bytes = Packet::Publish(publish.clone()).to_bytes(V5).unwrap();
        assert_eq!(bytes, [0x3B, 7, 0, 1, b't', 0, 10, 0, b'x']);
        assert_eq!(decode(&bytes, V5, 1024).unwrap(), Some((Packet::Publish(publish), bytes.len())));
    }

    #[test]
    fn qos_3_is_malformed() {
        // [MQTT-3.3.1-4] a PUBLISH must not have both QoS bits set.
        assert_eq!(
            decode(&[0x36, 5, 0, 1, b't', 0, 1], V4, 1024),
            Err(DecodeError::InvalidQoS { field: "PUBLISH QoS" })
        );
    }

    #[test]
    fn dup_on_qos0_is_malformed() {
        // [MQTT-3.3.1-2]
        assert!(matches!(decode(&[0x38, 3, 0, 1, b't'], V4, 1024), Err(DecodeError::InvalidFlags { .. })));
    }

    #[test]
    fn topic_name_with_wildcard_is_malformed() {
        // [MQTT-3.3.2-2]
        assert_eq!(
            decode(&[0x30, 3, 0, 1, b'#'], V4, 1024),
            Err(DecodeError::InvalidTopicName(TopicError::WildcardInName))
        );
    }

    #[test]
    fn empty_topic_is_allowed_only_with_a_topic_alias() {
        // [MQTT-3.3.2-1], and 5.0 section 3.3.2.3.4: a zero-length topic with a topic alias.
        assert_eq!(decode(&[0x30, 3, 0, 0, 0], V5, 1024), Err(DecodeError::InvalidTopicName(TopicError::Empty)));
        let (packet, _) = decode(&[0x30, 6, 0, 0, 3, 0x23, 0, 7], V5, 1024).unwrap().unwrap();
        let Packet::Publish(publish) = packet else { panic!("not a publish") };
        assert_eq!(publish.properties.topic_alias, Some(7));
        assert!(publish.topic.is_empty());
    }

    #[test]
    fn qos1_publish_with_packet_identifier_zero_is_malformed() {
        // [MQTT-2.2.1-3]
        assert_eq!(
            decode(&[0x32, 5, 0, 1, b't', 0, 0], V4, 1024),
            Err(DecodeError::ZeroPacketIdentifier { packet: PacketType::Publish })
        );
    }

    #[test]
    fn truncated_publish_names_the_missing_field() {
        assert_eq!(
            decode(&[0x32, 4, 0, 1, b't', 0], V4, 1024),
            Err(DecodeError::UnexpectedEnd { packet: PacketType::Publish, field: "packet identifier" })
        );
    }

    #[test]
    fn v5_publish_with_all_message_properties_round_trips() {
        let publish = Publish {
            qos: QoS::ExactlyOnce,
            packet_id: Some(65535),
            properties: Properties {
                payload_format_indicator: Some(true),
                message_expiry_interval: Some(60),
                content_type: Some("application/json".into()),
                response_topic: Some("reply/here".into()),
                correlation_data: Some(vec![1, 2, 3]),
                subscription_identifiers: vec![4, 300],
                user_properties: vec![("a".into(), "1".into()), ("a".into(), "2".into())],
                ..Properties::default()
            },
            ..Publish::new("sensors/living/temperature", br#"{"t":21.5}"#.to_vec())
        };
        let packet = Packet::Publish(publish);
        let bytes = packet.to_bytes(V5).unwrap();
        assert_eq!(bytes.len(), packet.encoded_len(V5));
        assert_eq!(decode(&bytes, V5, 1024).unwrap(), Some((packet, bytes.len())));
    }
}
