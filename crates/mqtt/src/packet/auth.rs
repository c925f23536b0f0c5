//! AUTH (5.0 section 3.15): a step of an extended authentication exchange.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::Reader;
use crate::properties::Properties;
use crate::reason::{
    optional_reason_and_properties_len, read_optional_reason_and_properties, write_optional_reason_and_properties,
    ReasonCode,
};

/// The AUTH packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// Success, continue authentication or re-authenticate.
    pub reason_code: ReasonCode,
    /// Authentication method and data, reason string, user properties.
    pub properties: Properties,
}

/// Reason codes of table 3-11.
pub(crate) const CODES: &[u8] = &[0x00, 0x18, 0x19];

impl Auth {
    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let (reason_code, properties) = read_optional_reason_and_properties(reader, CODES)?;
        Ok(Auth { reason_code, properties })
    }

    pub(crate) fn body_len(&self) -> usize {
        optional_reason_and_properties_len(self.reason_code, &self.properties)
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        write_optional_reason_and_properties(out, self.reason_code, &self.properties)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet};
    use crate::ProtocolVersion;

    #[test]
    fn continue_authentication_round_trips() {
        // 5.0 section 3.15.2: reason 0x18 with method and data.
        let packet = Packet::Auth(Auth {
            reason_code: ReasonCode::ContinueAuthentication,
            properties: Properties {
                authentication_method: Some("SCRAM-SHA-1".into()),
                authentication_data: Some(b"challenge".to_vec()),
                ..Properties::default()
            },
        });
        let bytes = packet.to_bytes(ProtocolVersion::V5).unwrap();
        assert_eq!(bytes[0], 0xF0);
        assert_eq!(decode(&bytes, ProtocolVersion::V5, 1024).unwrap(), Some((packet, bytes.len())));
    }

    #[test]
    fn auth_is_not_encodable_in_3_1_1() {
        let packet = Packet::Auth(Auth { reason_code: ReasonCode::Success, properties: Properties::default() });
        assert!(packet.to_bytes(ProtocolVersion::V311).is_err());
    }

    #[test]
    fn auth_reason_outside_table_3_11_is_refused() {
        assert!(decode(&[0xF0, 1, 0x80], ProtocolVersion::V5, 1024).is_err());
    }
}
