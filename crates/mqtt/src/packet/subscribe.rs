//! SUBSCRIBE (section 3.8): topic filters with their subscription options.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::{prefixed_len, write_string, Reader};
use crate::properties::{Properties, PropertyScope};
use crate::topic::validate_topic_filter;
use crate::{ProtocolVersion, QoS};

/// When the server sends retained messages for a new subscription (5.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetainHandling {
    /// Send retained messages at the time of the subscribe.
    #[default]
    SendOnSubscribe = 0,
    /// Send them only if the subscription did not exist before.
    SendOnNewSubscribe = 1,
    /// Do not send them.
    DoNotSend = 2,
}

/// The options byte of one subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubscriptionOptions {
    /// The highest QoS the client wants.
    pub qos: QoS,
    /// Do not receive one's own publishes (5.0).
    pub no_local: bool,
    /// Keep the RETAIN flag as published (5.0).
    pub retain_as_published: bool,
    /// When to send retained messages (5.0).
    pub retain_handling: RetainHandling,
}

/// One topic filter and its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The topic filter.
    pub filter: String,
    /// Its options.
    pub options: SubscriptionOptions,
}

/// The SUBSCRIBE packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribe {
    /// The packet identifier, matched by SUBACK.
    pub packet_id: u16,
    /// SUBSCRIBE properties (5.0): subscription identifier, user properties.
    pub properties: Properties,
    /// At least one subscription [MQTT-3.8.3-3].
    pub subscriptions: Vec<Subscription>,
}

impl Subscription {
    /// The same filter with only its QoS, as MQTT 3.1.1 can express it.
    pub fn qos_only(self) -> Self {
        let options = SubscriptionOptions { qos: self.options.qos, ..SubscriptionOptions::default() };
        Subscription { filter: self.filter, options }
    }
}

impl SubscriptionOptions {
    fn read(byte: u8, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let reserved = match version {
            // [MQTT-3.8.3-4] in 3.1.1 the upper six bits are reserved.
            ProtocolVersion::V311 => 0xFC,
            // [MQTT-3.8.3-5] in 5.0 bits 6 and 7 are reserved.
            ProtocolVersion::V5 => 0xC0,
        };
        if byte & reserved != 0 {
            return Err(DecodeError::InvalidSubscriptionOptions(byte));
        }
        let retain_handling = match (byte >> 4) & 0x03 {
            0 => RetainHandling::SendOnSubscribe,
            1 => RetainHandling::SendOnNewSubscribe,
            2 => RetainHandling::DoNotSend,
            _ => return Err(DecodeError::InvalidSubscriptionOptions(byte)),
        };
        Ok(SubscriptionOptions {
            qos: QoS::from_bits(byte & 0x03, "subscription QoS")?,
            no_local: byte & 0x04 != 0,
            retain_as_published: byte & 0x08 != 0,
            retain_handling,
        })
    }

    fn byte(self, version: ProtocolVersion) -> u8 {
        let qos = self.qos as u8;
        match version {
            ProtocolVersion::V311 => qos,
            ProtocolVersion::V5 => {
                qos | (u8::from(self.no_local) << 2)
                    | (u8::from(self.retain_as_published) << 3)
                    | ((self.retain_handling as u8) << 4)
            }
        }
    }
}

impl Subscribe {
    pub(crate) fn read(reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let packet_id = reader.packet_identifier()?;
        let properties = match version {
            ProtocolVersion::V5 => Properties::read(reader, PropertyScope::Packet(reader.packet()))?,
            ProtocolVersion::V311 => Properties::default(),
        };
        let mut subscriptions = Vec::new();
        while !reader.is_empty() {
            let filter = reader.string("topic filter")?;
            validate_topic_filter(&filter).map_err(DecodeError::InvalidTopicFilter)?;
            let options = SubscriptionOptions::read(reader.u8("subscription options")?, version)?;
            subscriptions.push(Subscription { filter, options });
        }
        if subscriptions.is_empty() {
            return Err(DecodeError::NoTopicFilters { packet: reader.packet() });
        }
        Ok(Subscribe { packet_id, properties, subscriptions })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        let properties = if version == ProtocolVersion::V5 { self.properties.encoded_len() } else { 0 };
        2 + properties
            + self.subscriptions.iter().map(|subscription| prefixed_len(subscription.filter.len()) + 1).sum::<usize>()
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.subscriptions.is_empty() {
            return Err(EncodeError::Unsupported("SUBSCRIBE needs at least one topic filter"));
        }
        out.extend_from_slice(&self.packet_id.to_be_bytes());
        if version == ProtocolVersion::V5 {
            self.properties.write(out)?;
        }
        for subscription in &self.subscriptions {
            write_string(out, "topic filter", &subscription.filter)?;
            out.push(subscription.options.byte(version));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet, PacketType};
    use crate::topic::TopicError;

    const V4: ProtocolVersion = ProtocolVersion::V311;
    const V5: ProtocolVersion = ProtocolVersion::V5;

    fn subscription(filter: &str, qos: QoS) -> Subscription {
        Subscription { filter: filter.into(), options: SubscriptionOptions { qos, ..SubscriptionOptions::default() } }
    }

    #[test]
    fn v311_subscribe_matches_the_byte_layout_of_section_3_8() {
        // [MQTT-3.8.1-1] flags 0010.
        let packet = Packet::Subscribe(Subscribe {
            packet_id: 1,
            properties: Properties::default(),
            subscriptions: vec![subscription("a/#", QoS::AtLeastOnce)],
        });
        assert_eq!(packet.to_bytes(V4).unwrap(), [0x82, 8, 0, 1, 0, 3, b'a', b'/', b'#', 1]);
    }

    #[test]
    fn v5_subscription_options_and_identifier_round_trip() {
        let packet = Packet::Subscribe(Subscribe {
            packet_id: 2,
            properties: Properties { subscription_identifiers: vec![42], ..Properties::default() },
            subscriptions: vec![Subscription {
                filter: "home/+/temp".into(),
                options: SubscriptionOptions {
                    qos: QoS::ExactlyOnce,
                    no_local: true,
                    retain_as_published: true,
                    retain_handling: RetainHandling::DoNotSend,
                },
            }],
        });
        let bytes = packet.to_bytes(V5).unwrap();
        assert_eq!(*bytes.last().unwrap(), 0b0010_1110);
        assert_eq!(decode(&bytes, V5, 1024).unwrap(), Some((packet, bytes.len())));
    }

    #[test]
    fn subscribe_without_topic_filters_is_refused() {
        // [MQTT-3.8.3-3]
        assert_eq!(
            decode(&[0x82, 2, 0, 1], V4, 1024),
            Err(DecodeError::NoTopicFilters { packet: PacketType::Subscribe })
        );
    }

    #[test]
    fn reserved_subscription_option_bits_are_refused() {
        // [MQTT-3.8.3-4] (3.1.1) and [MQTT-3.8.3-5] (5.0), and retain handling 3.
        assert_eq!(
            decode(&[0x82, 6, 0, 1, 0, 1, b'a', 0x04], V4, 1024),
            Err(DecodeError::InvalidSubscriptionOptions(0x04))
        );
        assert_eq!(
            decode(&[0x82, 7, 0, 1, 0, 0, 1, b'a', 0x40], V5, 1024),
            Err(DecodeError::InvalidSubscriptionOptions(0x40))
        );
        assert_eq!(
            decode(&[0x82, 7, 0, 1, 0, 0, 1, b'a', 0x30], V5, 1024),
            Err(DecodeError::InvalidSubscriptionOptions(0x30))
        );
    }

    #[test]
    fn invalid_topic_filter_is_refused() {
        // [MQTT-4.7.1-2]
        assert_eq!(
            decode(&[0x82, 7, 0, 1, 0, 2, b'#', b'a', 0], V4, 1024),
            Err(DecodeError::InvalidTopicFilter(TopicError::MisplacedMultiLevelWildcard))
        );
    }
}
