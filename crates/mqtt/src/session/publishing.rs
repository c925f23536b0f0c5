//! The publish flows of the [`Session`], both directions: queueing and
//! sending the caller's publishes within the server's limits (QoS, retain,
//! Maximum Packet Size with the topic alias the packet really carries),
//! resending on a resumed session, the acknowledgements, and delivering the
//! server's publishes exactly as their QoS promises.

use std::collections::VecDeque;
use std::time::Duration;

use crate::packet::{Packet, Publish, PublishAck};
use crate::properties::Properties;
use crate::topic::validate_topic_name;
use crate::{EncodeError, ProtocolVersion, QoS};

use super::inbound::Qos2Arrival;
use super::outbound::{dropped_event, InFlight, TopicAlias};
use super::{DropReason, Event, MessageId, ServerLimits, Session, SessionError, State};

/// Why `publish` cannot go to a server with `limits`, if it cannot:
/// [MQTT-3.2.2-11] Maximum QoS, [MQTT-3.2.2-14] Retain Available and
/// [MQTT-3.2.2-15] Maximum Packet Size, measured without a topic alias.
fn refusal(publish: &Publish, limits: &ServerLimits, version: ProtocolVersion) -> Option<SessionError> {
    if publish.qos > limits.maximum_qos {
        return Some(SessionError::QoSNotSupported { requested: publish.qos, maximum: limits.maximum_qos });
    }
    if publish.retain && !limits.retain_available {
        return Some(SessionError::RetainNotSupported);
    }
    let size = publish.encoded_len(version);
    (size > limits.maximum_packet_size as usize)
        .then_some(SessionError::PacketTooLarge { size, maximum: limits.maximum_packet_size })
}

/// Puts the wire form on `publish`: its packet identifier and topic alias,
/// with the topic left out when an existing alias stands for it. Returns the
/// topic taken out, for [`undress`].
fn dress(publish: &mut Publish, packet_id: Option<u16>, alias: TopicAlias) -> Option<String> {
    publish.packet_id = packet_id;
    match alias {
        TopicAlias::None => {
            publish.properties.topic_alias = None;
            None
        }
        TopicAlias::New(alias) => {
            publish.properties.topic_alias = Some(alias);
            None
        }
        TopicAlias::Existing(alias) => {
            publish.properties.topic_alias = Some(alias);
            Some(std::mem::take(&mut publish.topic))
        }
    }
}

/// Gives `publish` back its topic and drops the alias.
fn undress(publish: &mut Publish, taken_topic: Option<String>) {
    if let Some(topic) = taken_topic {
        publish.topic = topic;
    }
    publish.properties.topic_alias = None;
}

impl Session {
    /// Publishes a message now, or queues it while offline or while the
    /// in-flight window is full. The packet identifier and topic alias are
    /// the session's business; any given in `publish` are replaced. Refused
    /// at once when the server's limits, once known, cannot take it; a
    /// message queued before CONNACK that turns out not to fit is dropped
    /// then, with [`Event::PublishDropped`].
    pub fn publish(&mut self, now: Duration, mut publish: Publish) -> Result<MessageId, SessionError> {
        validate_topic_name(&publish.topic)
            .map_err(|error| SessionError::InvalidTopic { topic: publish.topic.clone(), error })?;
        if !publish.properties.subscription_identifiers.is_empty() {
            // [MQTT-3.3.4-6] only the server puts subscription identifiers on a PUBLISH.
            return Err(EncodeError::Unsupported("a client's PUBLISH must not carry a subscription identifier").into());
        }
        publish.dup = false;
        publish.packet_id = None;
        publish.properties.topic_alias = None;
        publish.check_fields(self.options.protocol_version)?;
        if let Some(limits) = &self.limits {
            if let Some(error) = refusal(&publish, limits, self.options.protocol_version) {
                return Err(error);
            }
        }
        let outgoing = self.outbound.new_message(publish);
        let id = outgoing.id;
        self.outbound.enqueue(outgoing, self.config.max_queued_messages, &mut self.events);
        self.flush_waiting(now);
        Ok(id)
    }

    /// CONNACK brought the limits: queued publishes that can never go to
    /// this server are dropped and reported instead of sent.
    pub(super) fn drop_waiting_beyond_limits(&mut self) {
        let Some(limits) = &self.limits else { return };
        let version = self.options.protocol_version;
        self.outbound.drop_waiting_where(
            |publish| refusal(publish, limits, version).map(DropReason::CannotSend),
            &mut self.events,
        );
    }

    /// Sends waiting publishes while connected and the window allows.
    pub(super) fn flush_waiting(&mut self, now: Duration) {
        while self.state == State::Connected && self.queue_gate == super::QueueGate::Open {
            let receive_maximum = self.limits.as_ref().map_or(u16::MAX, |limits| limits.receive_maximum);
            let Some(outgoing) = self.outbound.next_sendable(receive_maximum) else { return };
            if !self.transmit_publish(now, outgoing) {
                return;
            }
        }
    }

    /// Encodes a new publish with a fresh packet identifier (QoS 1 and 2)
    /// and a topic alias where the server allows one and the packet still
    /// fits; a message the server refused before goes with its full topic.
    /// Returns false when nothing more can be sent now.
    fn transmit_publish(&mut self, now: Duration, mut outgoing: super::outbound::Outgoing) -> bool {
        let version = self.options.protocol_version;
        let maximum = self.maximum_packet_size();
        let alias_maximum = self.limits.as_ref().map_or(0, |limits| limits.topic_alias_maximum);
        let packet_id = match outgoing.publish.qos {
            QoS::AtMostOnce => None,
            _ => match self.outbound.allocate_packet_id() {
                Ok(packet_id) => Some(packet_id),
                Err(_) => {
                    self.outbound.push_front(outgoing);
                    return false;
                }
            },
        };
        if version == ProtocolVersion::V311 {
            // 3.1.1 has no properties: a message made for 5.0 goes without them.
            outgoing.publish.properties = Properties::default();
        }
        let mut alias = if version == ProtocolVersion::V5 && outgoing.refusals == 0 {
            self.outbound.alias_for(&outgoing.publish.topic, alias_maximum)
        } else {
            TopicAlias::None
        };
        let failure = loop {
            let taken_topic = dress(&mut outgoing.publish, packet_id, alias);
            let size = outgoing.publish.encoded_len(version);
            let written =
                (size <= maximum as usize).then(|| outgoing.publish.write_checked_packet(version, &mut self.transmit));
            undress(&mut outgoing.publish, taken_topic);
            match written {
                Some(Ok(())) => break None,
                Some(Err(error)) => break Some(DropReason::CannotSend(error.into())),
                // [MQTT-3.2.2-15] a new alias adds bytes: try again without it.
                None if matches!(alias, TopicAlias::New(_)) => alias = TopicAlias::None,
                None => break Some(DropReason::CannotSend(SessionError::PacketTooLarge { size, maximum })),
            }
        };
        if let Some(reason) = failure {
            if let Some(packet_id) = packet_id {
                self.outbound.release_packet_id(packet_id);
            }
            self.events.push_back(dropped_event(outgoing, reason));
            return true;
        }
        self.packet_sent(now);
        if let TopicAlias::New(alias) = alias {
            self.outbound.alias_sent(&outgoing.publish.topic, alias);
        }
        match packet_id {
            Some(packet_id) => self.outbound.sent_in_flight(packet_id, outgoing),
            None => self.events.push_back(Event::PublishSent(outgoing.id)),
        }
        true
    }

    /// [MQTT-4.4.0-1]: on a resumed session, resend unacknowledged PUBLISH
    /// (DUP set, same packet identifier) and PUBREL, in their original order
    /// [MQTT-4.6.0-1]. A resend names its topic in full and never sets up an
    /// alias: aliases do not outlive a connection [MQTT-3.3.2-7], and some
    /// brokers skip registering an alias on a duplicate they already hold.
    pub(super) fn resend_in_flight(&mut self, now: Duration) {
        let version = self.options.protocol_version;
        let maximum = self.maximum_packet_size();
        let in_flight = self.outbound.take_in_flight();
        let mut kept = VecDeque::with_capacity(in_flight.len());
        for (packet_id, entry) in in_flight {
            match entry {
                InFlight::Published(mut outgoing) => {
                    outgoing.publish.dup = true;
                    outgoing.publish.packet_id = Some(packet_id);
                    let size = outgoing.publish.encoded_len(version);
                    let written = if size <= maximum as usize {
                        outgoing.publish.write_checked_packet(version, &mut self.transmit).map_err(SessionError::from)
                    } else {
                        Err(SessionError::PacketTooLarge { size, maximum })
                    };
                    outgoing.publish.dup = false;
                    match written {
                        Ok(()) => {
                            self.packet_sent(now);
                            self.outbound.resent(outgoing.id);
                            kept.push_back((packet_id, InFlight::Published(outgoing)));
                        }
                        Err(reason) => {
                            self.outbound.release_packet_id(packet_id);
                            self.events.push_back(dropped_event(*outgoing, DropReason::CannotSend(reason)));
                        }
                    }
                }
                released @ InFlight::Released { .. } => {
                    let _ = self.send(now, Packet::PubRel(PublishAck::new(packet_id)));
                    kept.push_back((packet_id, released));
                }
            }
        }
        self.outbound.restore_in_flight(kept);
    }

    pub(super) fn handle_publish(&mut self, now: Duration, mut publish: Publish) {
        if let Err((reason, description)) = self.inbound.resolve_alias(&mut publish, self.config.topic_alias_maximum) {
            self.fail(now, reason, description);
            return;
        }
        match (publish.qos, publish.packet_id) {
            (QoS::AtMostOnce, _) => self.events.push_back(Event::Message(publish)),
            (QoS::AtLeastOnce, Some(packet_id)) => {
                let _ = self.send(now, Packet::PubAck(PublishAck::new(packet_id)));
                self.events.push_back(Event::Message(publish));
            }
            (QoS::ExactlyOnce, Some(packet_id)) => {
                match self.inbound.qos2_arrived(packet_id, self.config.receive_maximum) {
                    Err((reason, description)) => return self.fail(now, reason, description),
                    // [MQTT-4.3.3-9] deliver once; a repeat (DUP) before PUBREL is only acknowledged.
                    Ok(Qos2Arrival::New) => self.events.push_back(Event::Message(publish)),
                    Ok(Qos2Arrival::Repeat) => {}
                }
                let _ = self.send(now, Packet::PubRec(PublishAck::new(packet_id)));
            }
            (_, None) => {}
        }
    }

    pub(super) fn handle_publish_result(&mut self, now: Duration, ack: PublishAck, qos: QoS) {
        let Some((index, id)) = self.outbound.find_published(ack.packet_id, qos) else {
            if qos == QoS::ExactlyOnce {
                let release =
                    PublishAck { reason_code: self.identifier_result(false), ..PublishAck::new(ack.packet_id) };
                let _ = self.send(now, Packet::PubRel(release));
            }
            return;
        };
        if qos == QoS::ExactlyOnce && !ack.reason_code.is_error() {
            // [MQTT-4.3.3-4] answer PUBREC with PUBREL and wait for PUBCOMP.
            self.outbound.mark_released(index, id);
            let _ = self.send(now, Packet::PubRel(PublishAck::new(ack.packet_id)));
            return;
        }
        self.outbound.complete(index);
        self.events.push_back(Event::PublishAcknowledged {
            id,
            reason: ack.reason_code,
            reason_string: ack.properties.reason_string,
        });
        self.flush_waiting(now);
    }

    pub(super) fn handle_pubcomp(&mut self, now: Duration, ack: PublishAck) {
        let Some(index) = self.outbound.find_released(ack.packet_id) else { return };
        if let Some(id) = self.outbound.complete(index) {
            self.events.push_back(Event::PublishAcknowledged {
                id,
                reason: ack.reason_code,
                reason_string: ack.properties.reason_string,
            });
        }
        self.flush_waiting(now);
    }
}
