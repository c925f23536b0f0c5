//! MQTT 5.0 properties (section 2.2.2): one [`Properties`] value that every
//! packet and the Will use, read with per-packet validation (which
//! properties are allowed where, which may repeat) and written in a fixed
//! order. MQTT 3.1.1 packets simply carry the empty value.

use crate::error::{DecodeError, EncodeError};
use crate::packet::PacketType;
use crate::primitives::{
    prefixed_len, variable_byte_integer_len, write_binary, write_string, write_variable_byte_integer, Reader,
};
use crate::QoS;

mod check;

/// Where a property block sits: in a packet, or in CONNECT's Will.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyScope {
    /// The properties of a packet's variable header.
    Packet(PacketType),
    /// The Will properties of a CONNECT payload [MQTT-3.1.3.2].
    Will,
}

/// Every MQTT 5.0 property; absent ones are `None` or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Properties {
    /// 0x01: whether the payload is UTF-8 text (`true`) or unspecified bytes.
    pub payload_format_indicator: Option<bool>,
    /// 0x02: lifetime of the message in seconds.
    pub message_expiry_interval: Option<u32>,
    /// 0x03: MIME type of the payload.
    pub content_type: Option<String>,
    /// 0x08: topic for a response.
    pub response_topic: Option<String>,
    /// 0x09: data that pairs a response with its request.
    pub correlation_data: Option<Vec<u8>>,
    /// 0x0B: subscription identifiers (one in SUBSCRIBE, any number in PUBLISH).
    pub subscription_identifiers: Vec<u32>,
    /// 0x11: how long the session outlives the connection, in seconds.
    pub session_expiry_interval: Option<u32>,
    /// 0x12: the client identifier the server assigned.
    pub assigned_client_identifier: Option<String>,
    /// 0x13: the keep alive the server wants instead of the client's.
    pub server_keep_alive: Option<u16>,
    /// 0x15: name of the extended authentication method.
    pub authentication_method: Option<String>,
    /// 0x16: data of the extended authentication exchange.
    pub authentication_data: Option<Vec<u8>>,
    /// 0x17: whether reason strings and user properties may be sent on failures.
    pub request_problem_information: Option<bool>,
    /// 0x18: seconds the server waits before publishing the Will.
    pub will_delay_interval: Option<u32>,
    /// 0x19: whether the client asks for response information.
    pub request_response_information: Option<bool>,
    /// 0x1A: basis for response topics.
    pub response_information: Option<String>,
    /// 0x1C: another server to use.
    pub server_reference: Option<String>,
    /// 0x1F: human-readable diagnostics.
    pub reason_string: Option<String>,
    /// 0x21: how many QoS 1 and 2 publishes the sender accepts at once.
    pub receive_maximum: Option<u16>,
    /// 0x22: the highest topic alias the sender accepts.
    pub topic_alias_maximum: Option<u16>,
    /// 0x23: a topic alias.
    pub topic_alias: Option<u16>,
    /// 0x24: the highest QoS the server supports (0 or 1; absent means 2).
    pub maximum_qos: Option<QoS>,
    /// 0x25: whether the server supports retained messages.
    pub retain_available: Option<bool>,
    /// 0x26: user properties, in order, repeats allowed [MQTT-3.3.2-18].
    pub user_properties: Vec<(String, String)>,
    /// 0x27: the largest packet the sender accepts.
    pub maximum_packet_size: Option<u32>,
    /// 0x28: whether the server supports wildcard subscriptions.
    pub wildcard_subscription_available: Option<bool>,
    /// 0x29: whether the server supports subscription identifiers.
    pub subscription_identifier_available: Option<bool>,
    /// 0x2A: whether the server supports shared subscriptions.
    pub shared_subscription_available: Option<bool>,
}

/// Which packets may carry a property, as a bit set over [`scope_bit`].
const CONNECT: u16 = 1 << 0;
const CONNACK: u16 = 1 << 1;
const PUBLISH: u16 = 1 << 2;
const WILL: u16 = 1 << 3;
const PUBLISH_ACKS: u16 = 1 << 4;
const SUBSCRIBE: u16 = 1 << 5;
const SUBACK: u16 = 1 << 6;
const UNSUBSCRIBE: u16 = 1 << 7;
const UNSUBACK: u16 = 1 << 8;
const DISCONNECT: u16 = 1 << 9;
const AUTH: u16 = 1 << 10;
const RESPONSES: u16 = CONNACK | PUBLISH_ACKS | SUBACK | UNSUBACK | DISCONNECT | AUTH;
const EVERYWHERE: u16 =
    CONNECT | CONNACK | PUBLISH | WILL | PUBLISH_ACKS | SUBSCRIBE | SUBACK | UNSUBSCRIBE | UNSUBACK | DISCONNECT | AUTH;

fn scope_bit(scope: PropertyScope) -> u16 {
    match scope {
        PropertyScope::Will => WILL,
        PropertyScope::Packet(packet) => match packet {
            PacketType::Connect => CONNECT,
            PacketType::ConnAck => CONNACK,
            PacketType::Publish => PUBLISH,
            PacketType::PubAck | PacketType::PubRec | PacketType::PubRel | PacketType::PubComp => PUBLISH_ACKS,
            PacketType::Subscribe => SUBSCRIBE,
            PacketType::SubAck => SUBACK,
            PacketType::Unsubscribe => UNSUBSCRIBE,
            PacketType::UnsubAck => UNSUBACK,
            PacketType::Disconnect => DISCONNECT,
            PacketType::Auth => AUTH,
            PacketType::PingReq | PacketType::PingResp => 0,
        },
    }
}

/// Name and permitted scopes of a property identifier (table 2-4).
fn definition(identifier: u8) -> Option<(&'static str, u16)> {
    Some(match identifier {
        0x01 => ("payload format indicator", PUBLISH | WILL),
        0x02 => ("message expiry interval", PUBLISH | WILL),
        0x03 => ("content type", PUBLISH | WILL),
        0x08 => ("response topic", PUBLISH | WILL),
        0x09 => ("correlation data", PUBLISH | WILL),
        0x0B => ("subscription identifier", PUBLISH | SUBSCRIBE),
        0x11 => ("session expiry interval", CONNECT | CONNACK | DISCONNECT),
        0x12 => ("assigned client identifier", CONNACK),
        0x13 => ("server keep alive", CONNACK),
        0x15 => ("authentication method", CONNECT | CONNACK | AUTH),
        0x16 => ("authentication data", CONNECT | CONNACK | AUTH),
        0x17 => ("request problem information", CONNECT),
        0x18 => ("will delay interval", WILL),
        0x19 => ("request response information", CONNECT),
        0x1A => ("response information", CONNACK),
        0x1C => ("server reference", CONNACK | DISCONNECT),
        0x1F => ("reason string", RESPONSES),
        0x21 => ("receive maximum", CONNECT | CONNACK),
        0x22 => ("topic alias maximum", CONNECT | CONNACK),
        0x23 => ("topic alias", PUBLISH),
        0x24 => ("maximum QoS", CONNACK),
        0x25 => ("retain available", CONNACK),
        0x26 => ("user property", EVERYWHERE),
        0x27 => ("maximum packet size", CONNECT | CONNACK),
        0x28 => ("wildcard subscription available", CONNACK),
        0x29 => ("subscription identifier available", CONNACK),
        0x2A => ("shared subscription available", CONNACK),
        _ => return None,
    })
}

fn set_once<T>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), DecodeError> {
    if slot.is_some() {
        return Err(DecodeError::DuplicateProperty(name));
    }
    *slot = Some(value);
    Ok(())
}

fn flag(reader: &mut Reader<'_>, name: &'static str) -> Result<bool, DecodeError> {
    match reader.u8(name)? {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(DecodeError::InvalidPropertyValue { name, problem: "must be 0 or 1" }),
    }
}

impl Properties {
    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        // Field by field, stopping at the first one set, rather than building a
        // default to compare with: this runs for every packet encoded. The
        // test `is_empty_sees_every_property` keeps it in step with `present`.
        self.payload_format_indicator.is_none()
            && self.message_expiry_interval.is_none()
            && self.content_type.is_none()
            && self.response_topic.is_none()
            && self.correlation_data.is_none()
            && self.subscription_identifiers.is_empty()
            && self.session_expiry_interval.is_none()
            && self.assigned_client_identifier.is_none()
            && self.server_keep_alive.is_none()
            && self.authentication_method.is_none()
            && self.authentication_data.is_none()
            && self.request_problem_information.is_none()
            && self.will_delay_interval.is_none()
            && self.request_response_information.is_none()
            && self.response_information.is_none()
            && self.server_reference.is_none()
            && self.reason_string.is_none()
            && self.receive_maximum.is_none()
            && self.topic_alias_maximum.is_none()
            && self.topic_alias.is_none()
            && self.maximum_qos.is_none()
            && self.retain_available.is_none()
            && self.user_properties.is_empty()
            && self.maximum_packet_size.is_none()
            && self.wildcard_subscription_available.is_none()
            && self.subscription_identifier_available.is_none()
            && self.shared_subscription_available.is_none()
    }

    /// Reads a property length and the properties after it, allowing only
    /// what `scope` permits.
    #[inline]
    pub fn read(reader: &mut Reader<'_>, scope: PropertyScope) -> Result<Self, DecodeError> {
        let length = reader.variable_byte_integer("property length")? as usize;
        if length == 0 {
            return Ok(Properties::default());
        }
        Self::read_block(reader, length, scope)
    }

    /// The properties after a non-zero property length.
    fn read_block(reader: &mut Reader<'_>, length: usize, scope: PropertyScope) -> Result<Self, DecodeError> {
        let mut block = reader.sub_reader(length, "properties")?;
        let mut properties = Properties::default();
        let allowed = scope_bit(scope);
        while !block.is_empty() {
            // The identifier is a variable byte integer, but all defined ones fit one byte.
            let identifier = block.variable_byte_integer("property identifier")?;
            let identifier = u8::try_from(identifier).map_err(|_| DecodeError::UnknownProperty(0xFF))?;
            let (name, scopes) = definition(identifier).ok_or(DecodeError::UnknownProperty(identifier))?;
            if scopes & allowed == 0 {
                let packet = match scope {
                    PropertyScope::Packet(packet) => packet,
                    PropertyScope::Will => PacketType::Connect,
                };
                return Err(DecodeError::PropertyNotAllowed { packet, name });
            }
            properties.read_one(&mut block, identifier, name, scope)?;
        }
        Ok(properties)
    }

    fn read_one(
        &mut self,
        reader: &mut Reader<'_>,
        identifier: u8,
        name: &'static str,
        scope: PropertyScope,
    ) -> Result<(), DecodeError> {
        match identifier {
            0x01 => set_once(&mut self.payload_format_indicator, flag(reader, name)?, name),
            0x02 => set_once(&mut self.message_expiry_interval, reader.u32(name)?, name),
            0x03 => set_once(&mut self.content_type, reader.string(name)?, name),
            0x08 => {
                let topic = reader.string(name)?;
                crate::topic::validate_topic_name(&topic).map_err(DecodeError::InvalidTopicName)?;
                set_once(&mut self.response_topic, topic, name)
            }
            0x09 => set_once(&mut self.correlation_data, reader.binary(name)?.to_vec(), name),
            0x0B => {
                let value = reader.variable_byte_integer(name)?;
                if value == 0 {
                    return Err(DecodeError::InvalidPropertyValue { name, problem: "must not be 0" });
                }
                if scope == PropertyScope::Packet(PacketType::Subscribe) && !self.subscription_identifiers.is_empty() {
                    return Err(DecodeError::DuplicateProperty(name));
                }
                self.subscription_identifiers.push(value);
                Ok(())
            }
            0x11 => set_once(&mut self.session_expiry_interval, reader.u32(name)?, name),
            0x12 => set_once(&mut self.assigned_client_identifier, reader.string(name)?, name),
            0x13 => set_once(&mut self.server_keep_alive, reader.u16(name)?, name),
            0x15 => set_once(&mut self.authentication_method, reader.string(name)?, name),
            0x16 => set_once(&mut self.authentication_data, reader.binary(name)?.to_vec(), name),
            0x17 => set_once(&mut self.request_problem_information, flag(reader, name)?, name),
            0x18 => set_once(&mut self.will_delay_interval, reader.u32(name)?, name),
            0x19 => set_once(&mut self.request_response_information, flag(reader, name)?, name),
            0x1A => set_once(&mut self.response_information, reader.string(name)?, name),
            0x1C => set_once(&mut self.server_reference, reader.string(name)?, name),
            0x1F => set_once(&mut self.reason_string, reader.string(name)?, name),
            0x21 => {
                let value = reader.u16(name)?;
                if value == 0 {
                    return Err(DecodeError::InvalidPropertyValue { name, problem: "must not be 0" });
                }
                set_once(&mut self.receive_maximum, value, name)
            }
            0x22 => set_once(&mut self.topic_alias_maximum, reader.u16(name)?, name),
            0x23 => {
                let value = reader.u16(name)?;
                if value == 0 {
                    // [MQTT-3.3.2-8] a topic alias of 0 is not permitted.
                    return Err(DecodeError::InvalidPropertyValue { name, problem: "must not be 0" });
                }
                set_once(&mut self.topic_alias, value, name)
            }
            0x24 => {
                let qos = match reader.u8(name)? {
                    0 => QoS::AtMostOnce,
                    1 => QoS::AtLeastOnce,
                    _ => return Err(DecodeError::InvalidPropertyValue { name, problem: "must be 0 or 1" }),
                };
                set_once(&mut self.maximum_qos, qos, name)
            }
            0x25 => set_once(&mut self.retain_available, flag(reader, name)?, name),
            0x26 => {
                let key = reader.string(name)?;
                let value = reader.string(name)?;
                self.user_properties.push((key, value));
                Ok(())
            }
            0x27 => {
                let value = reader.u32(name)?;
                if value == 0 {
                    return Err(DecodeError::InvalidPropertyValue { name, problem: "must not be 0" });
                }
                set_once(&mut self.maximum_packet_size, value, name)
            }
            0x28 => set_once(&mut self.wildcard_subscription_available, flag(reader, name)?, name),
            0x29 => set_once(&mut self.subscription_identifier_available, flag(reader, name)?, name),
            0x2A => set_once(&mut self.shared_subscription_available, flag(reader, name)?, name),
            _ => Err(DecodeError::UnknownProperty(identifier)),
        }
    }

    /// The size of the properties without their length prefix.
    pub fn body_len(&self) -> usize {
        let byte = |present: bool| if present { 2 } else { 0 };
        let u16_len = |value: Option<u16>| if value.is_some() { 3 } else { 0 };
        let u32_len = |value: Option<u32>| if value.is_some() { 5 } else { 0 };
        let text = |value: &Option<String>| value.as_ref().map_or(0, |text| 1 + prefixed_len(text.len()));
        let data = |value: &Option<Vec<u8>>| value.as_ref().map_or(0, |data| 1 + prefixed_len(data.len()));
        byte(self.payload_format_indicator.is_some())
            + u32_len(self.message_expiry_interval)
            + text(&self.content_type)
            + text(&self.response_topic)
            + data(&self.correlation_data)
            + self.subscription_identifiers.iter().map(|id| 1 + variable_byte_integer_len(*id)).sum::<usize>()
            + u32_len(self.session_expiry_interval)
            + text(&self.assigned_client_identifier)
            + u16_len(self.server_keep_alive)
            + text(&self.authentication_method)
            + data(&self.authentication_data)
            + byte(self.request_problem_information.is_some())
            + u32_len(self.will_delay_interval)
            + byte(self.request_response_information.is_some())
            + text(&self.response_information)
            + text(&self.server_reference)
            + text(&self.reason_string)
            + u16_len(self.receive_maximum)
            + u16_len(self.topic_alias_maximum)
            + u16_len(self.topic_alias)
            + byte(self.maximum_qos.is_some())
            + byte(self.retain_available.is_some())
            + self
                .user_properties
                .iter()
                .map(|(key, value)| 1 + prefixed_len(key.len()) + prefixed_len(value.len()))
                .sum::<usize>()
            + u32_len(self.maximum_packet_size)
            + byte(self.wildcard_subscription_available.is_some())
            + byte(self.subscription_identifier_available.is_some())
            + byte(self.shared_subscription_available.is_some())
    }

    /// The size of the properties with their length prefix.
    pub fn encoded_len(&self) -> usize {
        let body = self.body_len();
        variable_byte_integer_len(body as u32) + body
    }

    /// Writes the property length and the properties.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        write_variable_byte_integer(out, self.body_len() as u32)?;
        let flag_byte = |out: &mut Vec<u8>, identifier: u8, value: Option<bool>| {
            if let Some(value) = value {
                out.extend_from_slice(&[identifier, u8::from(value)]);
            }
        };
        let two = |out: &mut Vec<u8>, identifier: u8, value: Option<u16>| {
            if let Some(value) = value {
                out.push(identifier);
                out.extend_from_slice(&value.to_be_bytes());
            }
        };
        let four = |out: &mut Vec<u8>, identifier: u8, value: Option<u32>| {
            if let Some(value) = value {
                out.push(identifier);
                out.extend_from_slice(&value.to_be_bytes());
            }
        };
        let text = |out: &mut Vec<u8>, identifier: u8, name: &'static str, value: &Option<String>| {
            if let Some(value) = value {
                out.push(identifier);
                write_string(out, name, value)?;
            }
            Ok::<(), EncodeError>(())
        };
        let data = |out: &mut Vec<u8>, identifier: u8, name: &'static str, value: &Option<Vec<u8>>| {
            if let Some(value) = value {
                out.push(identifier);
                write_binary(out, name, value)?;
            }
            Ok::<(), EncodeError>(())
        };
        flag_byte(out, 0x01, self.payload_format_indicator);
        four(out, 0x02, self.message_expiry_interval);
        text(out, 0x03, "content type", &self.content_type)?;
        text(out, 0x08, "response topic", &self.response_topic)?;
        data(out, 0x09, "correlation data", &self.correlation_data)?;
        for identifier in &self.subscription_identifiers {
            out.push(0x0B);
            write_variable_byte_integer(out, *identifier)?;
        }
        four(out, 0x11, self.session_expiry_interval);
        text(out, 0x12, "assigned client identifier", &self.assigned_client_identifier)?;
        two(out, 0x13, self.server_keep_alive);
        text(out, 0x15, "authentication method", &self.authentication_method)?;
        data(out, 0x16, "authentication data", &self.authentication_data)?;
        flag_byte(out, 0x17, self.request_problem_information);
        four(out, 0x18, self.will_delay_interval);
        flag_byte(out, 0x19, self.request_response_information);
        text(out, 0x1A, "response information", &self.response_information)?;
        text(out, 0x1C, "server reference", &self.server_reference)?;
        text(out, 0x1F, "reason string", &self.reason_string)?;
        two(out, 0x21, self.receive_maximum);
        two(out, 0x22, self.topic_alias_maximum);
        two(out, 0x23, self.topic_alias);
        if let Some(qos) = self.maximum_qos {
            out.extend_from_slice(&[0x24, qos as u8]);
        }
        flag_byte(out, 0x25, self.retain_available);
        for (key, value) in &self.user_properties {
            out.push(0x26);
            write_string(out, "user property name", key)?;
            write_string(out, "user property value", value)?;
        }
        four(out, 0x27, self.maximum_packet_size);
        flag_byte(out, 0x28, self.wildcard_subscription_available);
        flag_byte(out, 0x29, self.subscription_identifier_available);
        flag_byte(out, 0x2A, self.shared_subscription_available);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
