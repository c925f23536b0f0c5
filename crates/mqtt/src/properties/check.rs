//! The encoder's side of the property rules: before a property block is
//! written, [`Properties::check`] refuses whatever [`Properties::read`]
//! would refuse (a property the packet may not carry, a zero Topic Alias, a
//! Subscription Identifier out of range…), naming the property.

use crate::error::EncodeError;
use crate::packet::PacketType;
use crate::primitives::MAX_VARIABLE_BYTE_INTEGER;
use crate::topic::validate_topic_name;
use crate::QoS;

use super::{definition, scope_bit, Properties, PropertyScope};

impl Properties {
    /// The identifiers of the properties that are set, in table 2-4 order.
    pub(crate) fn present(&self) -> impl Iterator<Item = u8> + '_ {
        [
            (0x01, self.payload_format_indicator.is_some()),
            (0x02, self.message_expiry_interval.is_some()),
            (0x03, self.content_type.is_some()),
            (0x08, self.response_topic.is_some()),
            (0x09, self.correlation_data.is_some()),
            (0x0B, !self.subscription_identifiers.is_empty()),
            (0x11, self.session_expiry_interval.is_some()),
            (0x12, self.assigned_client_identifier.is_some()),
            (0x13, self.server_keep_alive.is_some()),
            (0x15, self.authentication_method.is_some()),
            (0x16, self.authentication_data.is_some()),
            (0x17, self.request_problem_information.is_some()),
            (0x18, self.will_delay_interval.is_some()),
            (0x19, self.request_response_information.is_some()),
            (0x1A, self.response_information.is_some()),
            (0x1C, self.server_reference.is_some()),
            (0x1F, self.reason_string.is_some()),
            (0x21, self.receive_maximum.is_some()),
            (0x22, self.topic_alias_maximum.is_some()),
            (0x23, self.topic_alias.is_some()),
            (0x24, self.maximum_qos.is_some()),
            (0x25, self.retain_available.is_some()),
            (0x26, !self.user_properties.is_empty()),
            (0x27, self.maximum_packet_size.is_some()),
            (0x28, self.wildcard_subscription_available.is_some()),
            (0x29, self.subscription_identifier_available.is_some()),
            (0x2A, self.shared_subscription_available.is_some()),
        ]
        .into_iter()
        .filter_map(|(identifier, set)| set.then_some(identifier))
    }

    /// Refuses a block that [`Properties::read`] would refuse in `scope`.
    pub fn check(&self, scope: PropertyScope) -> Result<(), EncodeError> {
        if self.is_empty() {
            return Ok(());
        }
        let allowed = scope_bit(scope);
        for identifier in self.present() {
            let Some((name, scopes)) = definition(identifier) else { continue };
            if scopes & allowed == 0 {
                let packet = match scope {
                    PropertyScope::Packet(packet) => packet,
                    PropertyScope::Will => PacketType::Connect,
                };
                return Err(EncodeError::PropertyNotAllowed { packet, name });
            }
        }
        let invalid = |field, problem| Err(EncodeError::InvalidValue { field, problem });
        for identifier in &self.subscription_identifiers {
            if *identifier == 0 || *identifier > MAX_VARIABLE_BYTE_INTEGER {
                return invalid("subscription identifier", "must be 1 to 268,435,455");
            }
        }
        if scope == PropertyScope::Packet(PacketType::Subscribe) && self.subscription_identifiers.len() > 1 {
            return invalid("subscription identifier", "may appear only once in SUBSCRIBE");
        }
        if self.topic_alias == Some(0) {
            // [MQTT-3.3.2-8]
            return invalid("topic alias", "must not be 0");
        }
        if self.receive_maximum == Some(0) {
            return invalid("receive maximum", "must not be 0");
        }
        if self.maximum_packet_size == Some(0) {
            return invalid("maximum packet size", "must not be 0");
        }
        if self.maximum_qos == Some(QoS::ExactlyOnce) {
            // 5.0 section 3.2.2.3.4: 0 or 1; a server supporting QoS 2 leaves the property out.
            return invalid("maximum QoS", "must be 0 or 1 (leave it out for QoS 2)");
        }
        if let Some(topic) = &self.response_topic {
            // [MQTT-3.3.2-14] the response topic is a topic name, no wildcards.
            validate_topic_name(topic).map_err(|error| EncodeError::InvalidTopic {
                field: "response topic",
                topic: topic.clone(),
                error,
            })?;
        }
        Ok(())
    }
}
