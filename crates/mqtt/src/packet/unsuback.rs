//! UNSUBACK (section 3.11): the answer to UNSUBSCRIBE; in 5.0 with one
//! result per filter.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::Reader;
use crate::properties::{Properties, PropertyScope};
use crate::reason::{read_reason_code, ReasonCode};
use crate::ProtocolVersion;

/// The UNSUBACK packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubAck {
    /// The UNSUBSCRIBE this answers.
    pub packet_id: u16,
    /// UNSUBACK properties (5.0).
    pub properties: Properties,
    /// One result per filter (5.0); empty in 3.1.1, which has none.
    pub reason_codes: Vec<ReasonCode>,
}

/// Reason codes of table 3-9.
pub(crate) const V5_CODES: &[u8] = &[0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91];

impl UnsubAck {
    pub(crate) fn read(reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let packet_id = reader.packet_identifier()?;
        if version == ProtocolVersion::V311 {
            return Ok(UnsubAck { packet_id, properties: Properties::default(), reason_codes: Vec::new() });
        }
        let properties = Properties::read(reader, PropertyScope::Packet(reader.packet()))?;
        let mut reason_codes = Vec::with_capacity(reader.remaining());
        while !reader.is_empty() {
            reason_codes.push(read_reason_code(reader, V5_CODES)?);
        }
        if reason_codes.is_empty() {
            return Err(DecodeError::UnexpectedEnd { packet: reader.packet(), field: "reason codes" });
        }
        Ok(UnsubAck { packet_id, properties, reason_codes })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        match version {
            ProtocolVersion::V311 => 2,
            ProtocolVersion::V5 => 2 + self.properties.encoded_len() + self.reason_codes.len(),
        }
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.packet_id.to_be_bytes());
        if version == ProtocolVersion::V5 {
            self.properties.write(out)?;
            out.extend(self.reason_codes.iter().map(|code| code.byte()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet};

    #[test]
    fn v311_unsuback_is_a_packet_identifier_only() {
        // [MQTT-3.11.2] remaining length 2.
        let packet =
            Packet::UnsubAck(UnsubAck { packet_id: 5, properties: Properties::default(), reason_codes: vec![] });
        assert_eq!(packet.to_bytes(ProtocolVersion::V311).unwrap(), [0xB0, 2, 0, 5]);
        assert_eq!(decode(&[0xB0, 2, 0, 5], ProtocolVersion::V311, 1024).unwrap(), Some((packet, 4)));
    }

    #[test]
    fn v5_unsuback_reports_each_filter() {
        let (packet, _) = decode(&[0xB0, 5, 0, 5, 0, 0x00, 0x11], ProtocolVersion::V5, 1024).unwrap().unwrap();
        let Packet::UnsubAck(unsuback) = packet else { panic!("not an UNSUBACK") };
        assert_eq!(unsuback.reason_codes, vec![ReasonCode::Success, ReasonCode::NoSubscriptionExisted]);
    }

    #[test]
    fn v5_unsuback_with_a_suback_code_is_refused() {
        // Table 3-9 has no 0x01.
        assert!(decode(&[0xB0, 4, 0, 5, 0, 0x01], ProtocolVersion::V5, 1024).is_err());
    }
}
