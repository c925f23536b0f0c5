//! PUBACK, PUBREC, PUBREL and PUBCOMP (sections 3.4 to 3.7): four packets of
//! one shape, a packet identifier followed in 5.0 by an optional reason code
//! and properties. They are written once here; [`super::Packet`] tells them apart.

use crate::error::{DecodeError, EncodeError};
use crate::packet::PacketType;
use crate::primitives::Reader;
use crate::properties::Properties;
use crate::reason::{
    optional_reason_and_properties_len, read_optional_reason_and_properties, write_optional_reason_and_properties,
    ReasonCode,
};
use crate::ProtocolVersion;

/// The body of PUBACK, PUBREC, PUBREL or PUBCOMP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishAck {
    /// The PUBLISH this acknowledges.
    pub packet_id: u16,
    /// The outcome (always success in 3.1.1).
    pub reason_code: ReasonCode,
    /// Properties (5.0): reason string and user properties.
    pub properties: Properties,
}

/// Reason codes of PUBACK and PUBREC (tables 3-4 and 3-5).
pub(crate) const PUBLISH_RESULT_CODES: &[u8] = &[0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];
/// Reason codes of PUBREL and PUBCOMP (tables 3-6 and 3-7).
pub(crate) const RELEASE_CODES: &[u8] = &[0x00, 0x92];

impl PublishAck {
    /// A successful acknowledgement of `packet_id`.
    pub fn new(packet_id: u16) -> Self {
        PublishAck { packet_id, reason_code: ReasonCode::Success, properties: Properties::default() }
    }

    pub(crate) fn read(reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let packet_id = reader.packet_identifier()?;
        let (reason_code, properties) = match version {
            ProtocolVersion::V311 => (ReasonCode::Success, Properties::default()),
            ProtocolVersion::V5 => {
                let allowed = match reader.packet() {
                    PacketType::PubAck | PacketType::PubRec => PUBLISH_RESULT_CODES,
                    _ => RELEASE_CODES,
                };
                read_optional_reason_and_properties(reader, allowed)?
            }
        };
        Ok(PublishAck { packet_id, reason_code, properties })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        match version {
            ProtocolVersion::V311 => 2,
            ProtocolVersion::V5 => 2 + optional_reason_and_properties_len(self.reason_code, &self.properties),
        }
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.packet_id.to_be_bytes());
        match version {
            ProtocolVersion::V311 => Ok(()),
            ProtocolVersion::V5 => write_optional_reason_and_properties(out, self.reason_code, &self.properties),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet};

    const V4: ProtocolVersion = ProtocolVersion::V311;
    const V5: ProtocolVersion = ProtocolVersion::V5;

    #[test]
    fn v311_acks_are_a_packet_identifier_only() {
        // [MQTT-3.4.1], [MQTT-3.5.1], [MQTT-3.6.1-1] (PUBREL flags 0010), [MQTT-3.7.1].
        assert_eq!(Packet::PubAck(PublishAck::new(7)).to_bytes(V4).unwrap(), [0x40, 2, 0, 7]);
        assert_eq!(Packet::PubRec(PublishAck::new(7)).to_bytes(V4).unwrap(), [0x50, 2, 0, 7]);
        assert_eq!(Packet::PubRel(PublishAck::new(7)).to_bytes(V4).unwrap(), [0x62, 2, 0, 7]);
        assert_eq!(Packet::PubComp(PublishAck::new(7)).to_bytes(V4).unwrap(), [0x70, 2, 0, 7]);
    }

    #[test]
    fn v5_success_ack_leaves_out_reason_and_properties() {
        // 5.0 section 3.4.2.1: reason code 0x00 with no properties may be omitted.
        assert_eq!(Packet::PubAck(PublishAck::new(7)).to_bytes(V5).unwrap(), [0x40, 2, 0, 7]);
        assert_eq!(
            decode(&[0x40, 3, 0, 7, 0x10], V5, 1024).unwrap().unwrap().0,
            Packet::PubAck(PublishAck { reason_code: ReasonCode::NoMatchingSubscribers, ..PublishAck::new(7) })
        );
    }

    #[test]
    fn v5_ack_with_reason_string_round_trips() {
        let ack = Packet::PubRec(PublishAck {
            packet_id: 9,
            reason_code: ReasonCode::QuotaExceeded,
            properties: Properties { reason_string: Some("slow down".into()), ..Properties::default() },
        });
        let bytes = ack.to_bytes(V5).unwrap();
        assert_eq!(decode(&bytes, V5, 1024).unwrap(), Some((ack, bytes.len())));
    }

    #[test]
    fn pubrel_reason_outside_its_table_is_refused() {
        // Table 3-6: PUBREL allows only 0x00 and 0x92.
        assert!(matches!(
            decode(&[0x62, 3, 0, 7, 0x80], V5, 1024),
            Err(DecodeError::InvalidReasonCode { packet: PacketType::PubRel, code: 0x80 })
        ));
    }

    #[test]
    fn ack_with_packet_identifier_zero_is_refused() {
        // [MQTT-2.2.1-3]
        assert!(matches!(decode(&[0x40, 2, 0, 0], V4, 1024), Err(DecodeError::ZeroPacketIdentifier { .. })));
    }

    #[test]
    fn v311_ack_with_extra_bytes_is_refused() {
        assert!(matches!(decode(&[0x40, 3, 0, 1, 0], V4, 1024), Err(DecodeError::TrailingBytes { .. })));
    }
}
