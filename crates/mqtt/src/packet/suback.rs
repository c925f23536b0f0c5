//! SUBACK (section 3.9): one result per requested subscription.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::Reader;
use crate::properties::{Properties, PropertyScope};
use crate::reason::{read_reason_code, ReasonCode};
use crate::ProtocolVersion;

/// The SUBACK packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubAck {
    /// The SUBSCRIBE this answers.
    pub packet_id: u16,
    /// SUBACK properties (5.0).
    pub properties: Properties,
    /// One result per subscription, in order [MQTT-3.9.3-1].
    pub reason_codes: Vec<ReasonCode>,
}

/// MQTT 3.1.1 return codes [MQTT-3.9.3-2].
pub(crate) const V311_CODES: &[u8] = &[0x00, 0x01, 0x02, 0x80];
/// MQTT 5.0 reason codes, table 3-8.
pub(crate) const V5_CODES: &[u8] = &[0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2];

impl SubAck {
    pub(crate) fn read(reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let packet_id = reader.packet_identifier()?;
        let (properties, allowed) = match version {
            ProtocolVersion::V5 => (Properties::read(reader, PropertyScope::Packet(reader.packet()))?, V5_CODES),
            ProtocolVersion::V311 => (Properties::default(), V311_CODES),
        };
        let mut reason_codes = Vec::with_capacity(reader.remaining());
        while !reader.is_empty() {
            reason_codes.push(read_reason_code(reader, allowed)?);
        }
        if reason_codes.is_empty() {
            return Err(DecodeError::UnexpectedEnd { packet: reader.packet(), field: "reason codes" });
        }
        Ok(SubAck { packet_id, properties, reason_codes })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        let properties = if version == ProtocolVersion::V5 { self.properties.encoded_len() } else { 0 };
        2 + properties + self.reason_codes.len()
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.packet_id.to_be_bytes());
        if version == ProtocolVersion::V5 {
            self.properties.write(out)?;
        }
        out.extend(self.reason_codes.iter().map(|code| code.byte()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet, PacketType};

    #[test]
    fn v311_suback_reports_granted_qos_and_failure() {
        // [MQTT-3.9.3-2] return codes 0x00, 0x01, 0x02 and 0x80.
        let (packet, _) = decode(&[0x90, 5, 0, 3, 0x01, 0x80, 0x02], ProtocolVersion::V311, 1024).unwrap().unwrap();
        assert_eq!(
            packet,
            Packet::SubAck(SubAck {
                packet_id: 3,
                properties: Properties::default(),
                reason_codes: vec![ReasonCode::GrantedQoS1, ReasonCode::UnspecifiedError, ReasonCode::GrantedQoS2],
            })
        );
    }

    #[test]
    fn v311_suback_with_a_5_0_code_is_refused() {
        assert_eq!(
            decode(&[0x90, 3, 0, 3, 0x87], ProtocolVersion::V311, 1024),
            Err(DecodeError::InvalidReasonCode { packet: PacketType::SubAck, code: 0x87 })
        );
    }

    #[test]
    fn v5_suback_round_trips() {
        let packet = Packet::SubAck(SubAck {
            packet_id: 3,
            properties: Properties { reason_string: Some("no".into()), ..Properties::default() },
            reason_codes: vec![ReasonCode::NotAuthorized, ReasonCode::Success],
        });
        let bytes = packet.to_bytes(ProtocolVersion::V5).unwrap();
        assert_eq!(decode(&bytes, ProtocolVersion::V5, 1024).unwrap(), Some((packet, bytes.len())));
    }

    #[test]
    fn suback_without_results_is_refused() {
        assert!(decode(&[0x90, 2, 0, 3], ProtocolVersion::V311, 1024).is_err());
    }
}
