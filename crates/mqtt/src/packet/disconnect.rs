//! DISCONNECT (section 3.14): the end of a connection, from either side in
//! 5.0 (with a reason), from the client only in 3.1.1.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::Reader;
use crate::properties::Properties;
use crate::reason::{
    optional_reason_and_properties_len, read_optional_reason_and_properties, write_optional_reason_and_properties,
    ReasonCode,
};
use crate::ProtocolVersion;

/// The DISCONNECT packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disconnect {
    /// Why (always normal disconnection in 3.1.1).
    pub reason_code: ReasonCode,
    /// DISCONNECT properties (5.0): session expiry, reason string, server reference.
    pub properties: Properties,
}

/// Reason codes of table 3-10.
pub(crate) const V5_CODES: &[u8] = &[
    0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
    0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2,
];

impl Disconnect {
    /// A normal disconnection.
    pub fn normal() -> Self {
        Disconnect { reason_code: ReasonCode::Success, properties: Properties::default() }
    }

    /// A disconnection for `reason_code`.
    pub fn with_reason(reason_code: ReasonCode) -> Self {
        Disconnect { reason_code, properties: Properties::default() }
    }

    pub(crate) fn read(reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let (reason_code, properties) = match version {
            ProtocolVersion::V311 => (ReasonCode::Success, Properties::default()),
            ProtocolVersion::V5 => read_optional_reason_and_properties(reader, V5_CODES)?,
        };
        Ok(Disconnect { reason_code, properties })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        match version {
            ProtocolVersion::V311 => 0,
            ProtocolVersion::V5 => optional_reason_and_properties_len(self.reason_code, &self.properties),
        }
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        match version {
            ProtocolVersion::V311 => Ok(()),
            ProtocolVersion::V5 => write_optional_reason_and_properties(out, self.reason_code, &self.properties),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet, PacketType};
    use crate::properties::Properties;

    #[test]
    fn normal_disconnect_is_two_bytes_in_both_versions() {
        // [MQTT-3.14.1] and 5.0 section 3.14.2.1: reason 0x00 without properties may be omitted.
        for version in [ProtocolVersion::V311, ProtocolVersion::V5] {
            assert_eq!(Packet::Disconnect(Disconnect::normal()).to_bytes(version).unwrap(), [0xE0, 0]);
        }
    }

    #[test]
    fn v5_server_disconnect_with_reason_string_round_trips() {
        let packet = Packet::Disconnect(Disconnect {
            reason_code: ReasonCode::SessionTakenOver,
            properties: Properties { reason_string: Some("another client".into()), ..Properties::default() },
        });
        let bytes = packet.to_bytes(ProtocolVersion::V5).unwrap();
        assert_eq!(decode(&bytes, ProtocolVersion::V5, 1024).unwrap(), Some((packet, bytes.len())));
    }

    #[test]
    fn v311_disconnect_with_a_body_is_refused() {
        // [MQTT-3.14.1] no variable header or payload in 3.1.1.
        assert_eq!(
            decode(&[0xE0, 1, 0x8E], ProtocolVersion::V311, 1024),
            Err(DecodeError::TrailingBytes { packet: PacketType::Disconnect, extra: 1 })
        );
    }

    #[test]
    fn v5_disconnect_reason_outside_table_3_10_is_refused() {
        assert!(matches!(
            decode(&[0xE0, 1, 0x86], ProtocolVersion::V5, 1024),
            Err(DecodeError::InvalidReasonCode { code: 0x86, .. })
        ));
    }
}
