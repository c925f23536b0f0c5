//! CONNACK (section 3.2): the server's answer to CONNECT.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::Reader;
use crate::properties::{Properties, PropertyScope};
use crate::reason::{read_reason_code, ReasonCode};
use crate::ProtocolVersion;

/// The CONNACK packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnAck {
    /// Whether the server resumed a stored session.
    pub session_present: bool,
    /// The outcome; 3.1.1 return codes are mapped onto reason codes.
    pub reason_code: ReasonCode,
    /// CONNACK properties (5.0).
    pub properties: Properties,
}

/// Reason codes table 3-1 allows in a 5.0 CONNACK.
pub(crate) const ALLOWED: &[u8] = &[
    0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B,
    0x9C, 0x9D, 0x9F,
];

impl ConnAck {
    pub(crate) fn read(reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let flags = reader.u8("connect acknowledge flags")?;
        if flags & 0xFE != 0 {
            // [MQTT-3.2.2-1] bits 7-1 are reserved.
            return Err(DecodeError::InvalidFlags {
                packet: reader.packet(),
                problem: "reserved acknowledge flags are set",
            });
        }
        let session_present = flags & 0x01 != 0;
        let (reason_code, properties) = match version {
            ProtocolVersion::V311 => {
                let code = reader.u8("return code")?;
                let reason = ReasonCode::from_v311_connack(code)
                    .ok_or(DecodeError::InvalidReasonCode { packet: reader.packet(), code })?;
                (reason, Properties::default())
            }
            ProtocolVersion::V5 => {
                let reason = read_reason_code(reader, ALLOWED)?;
                (reason, Properties::read(reader, PropertyScope::Packet(reader.packet()))?)
            }
        };
        if session_present && reason_code.is_error() {
            // [MQTT-3.2.2-4] / [MQTT-3.2.2-6]: a refusal has session present 0.
            return Err(DecodeError::InvalidFlags {
                packet: reader.packet(),
                problem: "session present is set on a refused connection",
            });
        }
        Ok(ConnAck { session_present, reason_code, properties })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        match version {
            ProtocolVersion::V311 => 2,
            ProtocolVersion::V5 => 2 + self.properties.encoded_len(),
        }
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        out.push(u8::from(self.session_present));
        match version {
            ProtocolVersion::V311 => {
                let code = self
                    .reason_code
                    .to_v311_connack()
                    .ok_or(EncodeError::Unsupported("this CONNACK reason has no MQTT 3.1.1 return code"))?;
                out.push(code);
                Ok(())
            }
            ProtocolVersion::V5 => {
                out.push(self.reason_code.byte());
                self.properties.write(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet};

    #[test]
    fn v311_connack_return_code_4_is_bad_user_name_or_password() {
        // [MQTT-3.2.2.3] table 3.1.
        let (packet, used) = decode(&[0x20, 0x02, 0x00, 0x04], ProtocolVersion::V311, 1024).unwrap().unwrap();
        assert_eq!(used, 4);
        assert_eq!(
            packet,
            Packet::ConnAck(ConnAck {
                session_present: false,
                reason_code: ReasonCode::BadUserNameOrPassword,
                properties: Properties::default()
            })
        );
    }

    #[test]
    fn v311_connack_with_unknown_return_code_is_refused() {
        assert_eq!(
            decode(&[0x20, 0x02, 0x00, 0x06], ProtocolVersion::V311, 1024),
            Err(DecodeError::InvalidReasonCode { packet: crate::packet::PacketType::ConnAck, code: 6 })
        );
    }

    #[test]
    fn v5_connack_with_server_limits_round_trips() {
        let connack = Packet::ConnAck(ConnAck {
            session_present: true,
            reason_code: ReasonCode::Success,
            properties: Properties {
                assigned_client_identifier: Some("auto-1".into()),
                receive_maximum: Some(10),
                topic_alias_maximum: Some(5),
                maximum_qos: Some(crate::QoS::AtLeastOnce),
                server_keep_alive: Some(20),
                retain_available: Some(false),
                ..Properties::default()
            },
        });
        let bytes = connack.to_bytes(ProtocolVersion::V5).unwrap();
        assert_eq!(decode(&bytes, ProtocolVersion::V5, 1024).unwrap(), Some((connack, bytes.len())));
    }

    #[test]
    fn reserved_acknowledge_flags_are_refused() {
        // [MQTT-3.2.2-1]
        assert!(matches!(
            decode(&[0x20, 0x02, 0x02, 0x00], ProtocolVersion::V311, 1024),
            Err(DecodeError::InvalidFlags { .. })
        ));
    }

    #[test]
    fn session_present_on_a_refusal_is_refused() {
        // [MQTT-3.2.2-4]
        assert!(matches!(
            decode(&[0x20, 0x02, 0x01, 0x05], ProtocolVersion::V311, 1024),
            Err(DecodeError::InvalidFlags { .. })
        ));
    }

    #[test]
    fn v5_connack_reason_not_in_table_3_1_is_refused() {
        // 0x8D keep alive timeout belongs to DISCONNECT, not CONNACK.
        assert!(matches!(
            decode(&[0x20, 0x03, 0x00, 0x8D, 0x00], ProtocolVersion::V5, 1024),
            Err(DecodeError::InvalidReasonCode { code: 0x8D, .. })
        ));
    }
}
