//! CONNECT (section 3.1): the first packet a client sends, with its Will.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::{prefixed_len, write_binary, write_string, Reader};
use crate::properties::{Properties, PropertyScope};
use crate::topic::validate_topic_name;
use crate::{ProtocolVersion, QoS};

/// A Last Will: the message the server publishes if the client vanishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastWill {
    /// Where the Will is published.
    pub topic: String,
    /// What it says.
    pub payload: Vec<u8>,
    /// Its QoS.
    pub qos: QoS,
    /// Whether it is retained.
    pub retain: bool,
    /// Will properties (5.0): delay, expiry, content type, response topic, …
    pub properties: Properties,
}

/// The CONNECT packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connect {
    /// The protocol level this CONNECT speaks; it is encoded at that level.
    pub protocol_version: ProtocolVersion,
    /// Clean Start (5.0) or Clean Session (3.1.1).
    pub clean_start: bool,
    /// Keep alive in seconds; 0 turns it off.
    pub keep_alive: u16,
    /// The client identifier; may be empty to ask the server for one.
    pub client_id: String,
    /// The Last Will, if any.
    pub will: Option<LastWill>,
    /// User name, if any.
    pub username: Option<String>,
    /// Password, if any.
    pub password: Option<Vec<u8>>,
    /// CONNECT properties (5.0).
    pub properties: Properties,
}

const PROTOCOL_NAME: &str = "MQTT";

impl Connect {
    fn is_v5(&self) -> bool {
        self.protocol_version == ProtocolVersion::V5
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let name = reader.string("protocol name")?;
        if name != PROTOCOL_NAME {
            return Err(DecodeError::InvalidProtocolName(name));
        }
        let level = reader.u8("protocol level")?;
        let protocol_version =
            ProtocolVersion::from_level(level).ok_or(DecodeError::UnsupportedProtocolVersion(level))?;
        let flags = reader.u8("connect flags")?;
        let invalid = |problem| DecodeError::InvalidFlags { packet: reader.packet(), problem };
        if flags & 0x01 != 0 {
            // [MQTT-3.1.2-3] the reserved flag must be 0.
            return Err(invalid("the reserved connect flag is set"));
        }
        let clean_start = flags & 0x02 != 0;
        let has_will = flags & 0x04 != 0;
        let will_qos = QoS::from_bits((flags >> 3) & 0x03, "will QoS")?;
        let will_retain = flags & 0x20 != 0;
        let has_password = flags & 0x40 != 0;
        let has_username = flags & 0x80 != 0;
        if !has_will && (will_qos != QoS::AtMostOnce || will_retain) {
            // [MQTT-3.1.2-11], [MQTT-3.1.2-13]: no Will means Will QoS 0 and Will Retain 0.
            return Err(invalid("Will QoS or Will Retain set without a Will"));
        }
        if protocol_version == ProtocolVersion::V311 && has_password && !has_username {
            // [MQTT-3.1.2-22] in 3.1.1 a password needs a user name.
            return Err(invalid("password flag set without the user name flag"));
        }
        let keep_alive = reader.u16("keep alive")?;
        let properties = if protocol_version == ProtocolVersion::V5 {
            Properties::read(reader, PropertyScope::Packet(reader.packet()))?
        } else {
            Properties::default()
        };
        let client_id = reader.string("client identifier")?;
        let will = if has_will {
            let properties = if protocol_version == ProtocolVersion::V5 {
                Properties::read(reader, PropertyScope::Will)?
            } else {
                Properties::default()
            };
            let topic = reader.string("will topic")?;
            validate_topic_name(&topic).map_err(DecodeError::InvalidTopicName)?;
            let payload = reader.binary("will payload")?.to_vec();
            Some(LastWill { topic, payload, qos: will_qos, retain: will_retain, properties })
        } else {
            None
        };
        let username = if has_username { Some(reader.string("user name")?) } else { None };
        let password = if has_password { Some(reader.binary("password")?.to_vec()) } else { None };
        Ok(Connect { protocol_version, clean_start, keep_alive, client_id, will, username, password, properties })
    }

    pub(crate) fn body_len(&self) -> usize {
        let mut len = prefixed_len(PROTOCOL_NAME.len()) + 1 + 1 + 2 + prefixed_len(self.client_id.len());
        if self.is_v5() {
            len += self.properties.encoded_len();
        }
        if let Some(will) = &self.will {
            if self.is_v5() {
                len += will.properties.encoded_len();
            }
            len += prefixed_len(will.topic.len()) + prefixed_len(will.payload.len());
        }
        len += self.username.as_ref().map_or(0, |name| prefixed_len(name.len()));
        len += self.password.as_ref().map_or(0, |password| prefixed_len(password.len()));
        len
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if !self.is_v5() && self.password.is_some() && self.username.is_none() {
            return Err(EncodeError::Unsupported("MQTT 3.1.1 allows a password only with a user name"));
        }
        write_string(out, "protocol name", PROTOCOL_NAME)?;
        out.push(self.protocol_version.level());
        let mut flags = 0u8;
        if self.clean_start {
            flags |= 0x02;
        }
        if let Some(will) = &self.will {
            flags |= 0x04 | ((will.qos as u8) << 3);
            if will.retain {
                flags |= 0x20;
            }
        }
        if self.password.is_some() {
            flags |= 0x40;
        }
        if self.username.is_some() {
            flags |= 0x80;
        }
        out.push(flags);
        out.extend_from_slice(&self.keep_alive.to_be_bytes());
        if self.is_v5() {
            self.properties.write(out)?;
        }
        write_string(out, "client identifier", &self.client_id)?;
        if let Some(will) = &self.will {
            if self.is_v5() {
                will.properties.write(out)?;
            }
            write_string(out, "will topic", &will.topic)?;
            write_binary(out, "will payload", &will.payload)?;
        }
        if let Some(username) = &self.username {
            write_string(out, "user name", username)?;
        }
        if let Some(password) = &self.password {
            write_binary(out, "password", password)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet};

    fn minimal(version: ProtocolVersion) -> Connect {
        Connect {
            protocol_version: version,
            clean_start: true,
            keep_alive: 60,
            client_id: "deck".into(),
            will: None,
            username: None,
            password: None,
            properties: Properties::default(),
        }
    }

    #[test]
    fn v311_connect_matches_the_byte_layout_of_section_3_1() {
        // [MQTT-3.1.2-1] protocol name "MQTT", [MQTT-3.1.2-2] level 4.
        let bytes = Packet::Connect(Box::new(minimal(ProtocolVersion::V311))).to_bytes(ProtocolVersion::V311).unwrap();
        assert_eq!(bytes, [0x10, 16, 0, 4, b'M', b'Q', b'T', b'T', 4, 0x02, 0, 60, 0, 4, b'd', b'e', b'c', b'k']);
    }

    #[test]
    fn v5_connect_has_a_property_length_after_keep_alive() {
        let bytes = Packet::Connect(Box::new(minimal(ProtocolVersion::V5))).to_bytes(ProtocolVersion::V5).unwrap();
        assert_eq!(bytes, [0x10, 17, 0, 4, b'M', b'Q', b'T', b'T', 5, 0x02, 0, 60, 0, 0, 4, b'd', b'e', b'c', b'k']);
    }

    #[test]
    fn connect_with_will_credentials_and_properties_round_trips() {
        for version in [ProtocolVersion::V311, ProtocolVersion::V5] {
            let v5 = version == ProtocolVersion::V5;
            let connect = Connect {
                username: Some("user".into()),
                password: Some(b"secret".to_vec()),
                will: Some(LastWill {
                    topic: "deck/status".into(),
                    payload: b"offline".to_vec(),
                    qos: QoS::AtLeastOnce,
                    retain: true,
                    properties: if v5 {
                        Properties {
                            will_delay_interval: Some(5),
                            content_type: Some("text/plain".into()),
                            user_properties: vec![("k".into(), "v".into())],
                            ..Properties::default()
                        }
                    } else {
                        Properties::default()
                    },
                }),
                properties: if v5 {
                    Properties {
                        session_expiry_interval: Some(300),
                        receive_maximum: Some(20),
                        ..Properties::default()
                    }
                } else {
                    Properties::default()
                },
                ..minimal(version)
            };
            let packet = Packet::Connect(Box::new(connect));
            let bytes = packet.to_bytes(version).unwrap();
            assert_eq!(bytes.len(), packet.encoded_len(version));
            assert_eq!(decode(&bytes, version, 1 << 20).unwrap(), Some((packet, bytes.len())));
        }
    }

    #[test]
    fn wrong_protocol_name_is_refused() {
        // [MQTT-3.1.2-1]
        let mut bytes =
            Packet::Connect(Box::new(minimal(ProtocolVersion::V311))).to_bytes(ProtocolVersion::V311).unwrap();
        bytes[4] = b'X';
        assert_eq!(decode(&bytes, ProtocolVersion::V311, 1024), Err(DecodeError::InvalidProtocolName("XQTT".into())));
    }

    #[test]
    fn unsupported_protocol_level_is_refused() {
        // [MQTT-3.1.2-2]
        let mut bytes =
            Packet::Connect(Box::new(minimal(ProtocolVersion::V311))).to_bytes(ProtocolVersion::V311).unwrap();
        bytes[8] = 3;
        assert_eq!(decode(&bytes, ProtocolVersion::V311, 1024), Err(DecodeError::UnsupportedProtocolVersion(3)));
    }

    #[test]
    fn reserved_connect_flag_is_refused() {
        // [MQTT-3.1.2-3]
        let mut bytes =
            Packet::Connect(Box::new(minimal(ProtocolVersion::V311))).to_bytes(ProtocolVersion::V311).unwrap();
        bytes[9] |= 0x01;
        assert!(matches!(decode(&bytes, ProtocolVersion::V311, 1024), Err(DecodeError::InvalidFlags { .. })));
    }

    #[test]
    fn will_qos_without_will_flag_is_refused() {
        // [MQTT-3.1.2-11]
        let mut bytes =
            Packet::Connect(Box::new(minimal(ProtocolVersion::V311))).to_bytes(ProtocolVersion::V311).unwrap();
        bytes[9] |= 0x08;
        assert!(matches!(decode(&bytes, ProtocolVersion::V311, 1024), Err(DecodeError::InvalidFlags { .. })));
    }

    #[test]
    fn will_qos_3_is_refused() {
        // [MQTT-3.1.2-14]
        let mut bytes =
            Packet::Connect(Box::new(minimal(ProtocolVersion::V311))).to_bytes(ProtocolVersion::V311).unwrap();
        bytes[9] |= 0x04 | 0x18;
        assert_eq!(decode(&bytes, ProtocolVersion::V311, 1024), Err(DecodeError::InvalidQoS { field: "will QoS" }));
    }

    #[test]
    fn v311_password_without_user_name_is_refused_both_ways() {
        // [MQTT-3.1.2-22]
        let connect = Connect { password: Some(b"x".to_vec()), ..minimal(ProtocolVersion::V311) };
        assert!(Packet::Connect(Box::new(connect.clone())).to_bytes(ProtocolVersion::V311).is_err());
        let v5_bytes = Packet::Connect(Box::new(Connect { protocol_version: ProtocolVersion::V5, ..connect }))
            .to_bytes(ProtocolVersion::V5);
        assert!(v5_bytes.is_ok(), "5.0 allows a password without a user name");
    }
}
