//! The receiving half of the session's state: QoS 2 packet identifiers
//! received and not yet released, and the topic aliases the server set up
//! on this connection. Plain data; the session decides what to send.

use std::collections::{HashMap, HashSet};

use crate::packet::Publish;
use crate::reason::ReasonCode;

/// What the server sent that we must remember.
#[derive(Debug, Default)]
pub(super) struct Inbound {
    /// QoS 2 packet identifiers received and not yet released [MQTT-4.3.3].
    qos2_received: HashSet<u16>,
    /// Topic aliases the server defined on this connection [MQTT-3.3.2-7].
    aliases: HashMap<u16, String>,
}

/// Why an inbound PUBLISH breaks the protocol: the reason for our
/// DISCONNECT and a description.
pub(super) type Violation = (ReasonCode, String);

/// What to do with a QoS 2 PUBLISH.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Qos2Arrival {
    /// First time: deliver it, then PUBREC.
    New,
    /// A repeat before PUBREL: only PUBREC again [MQTT-4.3.3-9].
    Repeat,
}

impl Inbound {
    /// A new network connection: aliases never outlive one [MQTT-3.3.2-7].
    pub(super) fn new_connection(&mut self) {
        self.aliases.clear();
    }

    /// The server forgot the session, so no QoS 2 exchange is pending.
    pub(super) fn forget_session(&mut self) {
        self.qos2_received.clear();
    }

    /// Resolves or records the PUBLISH's topic alias.
    pub(super) fn resolve_alias(&mut self, publish: &mut Publish, alias_maximum: u16) -> Result<(), Violation> {
        let Some(alias) = publish.properties.topic_alias else { return Ok(()) };
        if alias > alias_maximum {
            // [MQTT-3.3.2-10] an alias above the maximum we announced is a protocol error.
            return Err((
                ReasonCode::TopicAliasInvalid,
                format!("topic alias {alias} exceeds the maximum we announced"),
            ));
        }
        if publish.topic.is_empty() {
            match self.aliases.get(&alias) {
                Some(topic) => publish.topic.clone_from(topic),
                None => return Err((ReasonCode::ProtocolError, format!("topic alias {alias} was never defined"))),
            }
        } else {
            // [MQTT-3.3.2-12] a topic with an alias (re)defines it.
            self.aliases.insert(alias, publish.topic.clone());
        }
        Ok(())
    }

    /// Records a QoS 2 PUBLISH, refusing one beyond our Receive Maximum.
    pub(super) fn qos2_arrived(&mut self, packet_id: u16, receive_maximum: u16) -> Result<Qos2Arrival, Violation> {
        if self.qos2_received.contains(&packet_id) {
            return Ok(Qos2Arrival::Repeat);
        }
        if self.qos2_received.len() >= usize::from(receive_maximum) {
            // [MQTT-3.3.4-9] the server exceeded our receive maximum.
            return Err((ReasonCode::ReceiveMaximumExceeded, "too many unacknowledged QoS 2 messages".into()));
        }
        self.qos2_received.insert(packet_id);
        Ok(Qos2Arrival::New)
    }

    /// PUBREL arrived: whether the identifier was known [MQTT-4.3.3-11].
    pub(super) fn qos2_released(&mut self, packet_id: u16) -> bool {
        self.qos2_received.remove(&packet_id)
    }
}
