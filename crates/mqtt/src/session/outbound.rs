//! The sending half of the session's state, as one type that owns it:
//! publishes waiting for a connection or for room in the in-flight window,
//! QoS 1 and 2 publishes in flight, packet identifiers in use, the topic
//! aliases set up on this connection, and which message the server last
//! refused. The session decides when to send; this type keeps the books.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::packet::Publish;
use crate::reason::ReasonCode;
use crate::QoS;

use super::{DropReason, Event, MessageId, SessionError};

/// A publish the caller made, before and after it is sent.
#[derive(Debug, Clone)]
pub(super) struct Outgoing {
    pub(super) id: MessageId,
    /// As the caller gave it: full topic, no packet identifier, no alias.
    pub(super) publish: Publish,
    /// How many times the server disconnected right after this was sent.
    pub(super) refusals: u8,
}

/// A QoS 1 or 2 publish sent and not yet completed.
#[derive(Debug, Clone)]
pub(super) enum InFlight {
    /// Waiting for PUBACK (QoS 1) or PUBREC (QoS 2).
    Published(Box<Outgoing>),
    /// QoS 2 after PUBREC: PUBREL sent, waiting for PUBCOMP.
    Released { id: MessageId },
}

impl InFlight {
    fn message_id(&self) -> MessageId {
        match self {
            InFlight::Published(outgoing) => outgoing.id,
            InFlight::Released { id } => *id,
        }
    }
}

/// How a PUBLISH names its topic on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TopicAlias {
    /// The full topic, no alias.
    None,
    /// An alias already set up: the topic is left out.
    Existing(u16),
    /// The full topic, setting up this new alias.
    New(u16),
}

/// Server DISCONNECT reasons that blame what the client sent, so that the
/// last publish sent may be the cause (5.0 table 3.10.2.1).
pub(super) fn blames_the_client(reason: ReasonCode) -> bool {
    matches!(
        reason,
        ReasonCode::MalformedPacket
            | ReasonCode::ProtocolError
            | ReasonCode::ImplementationSpecificError
            | ReasonCode::NotAuthorized
            | ReasonCode::TopicNameInvalid
            | ReasonCode::TopicAliasInvalid
            | ReasonCode::PacketTooLarge
            | ReasonCode::QuotaExceeded
            | ReasonCode::PayloadFormatInvalid
            | ReasonCode::RetainNotSupported
            | ReasonCode::QoSNotSupported
    )
}

/// The books of everything the client sends.
#[derive(Debug)]
pub(super) struct Outbound {
    next_message_id: u64,
    next_packet_id: u16,
    packet_ids_in_use: HashSet<u16>,
    /// Sent QoS 1 and 2 publishes in send order, with their packet identifiers.
    in_flight: VecDeque<(u16, InFlight)>,
    /// Publishes waiting for a connection or for room in the in-flight window.
    waiting: VecDeque<Outgoing>,
    /// Topic aliases we set up on this connection [MQTT-3.3.2-7].
    aliases: HashMap<String, u16>,
    /// The last QoS 1 or 2 PUBLISH written on this connection.
    last_published: Option<MessageId>,
}

impl Default for Outbound {
    fn default() -> Self {
        Outbound {
            next_message_id: 1,
            next_packet_id: 1,
            packet_ids_in_use: HashSet::new(),
            in_flight: VecDeque::new(),
            waiting: VecDeque::new(),
            aliases: HashMap::new(),
            last_published: None,
        }
    }
}

impl Outbound {
    pub(super) fn queued_len(&self) -> usize {
        self.waiting.len()
    }

    /// The waiting publishes, oldest first.
    pub(super) fn waiting(&self) -> impl Iterator<Item = (MessageId, &Publish)> {
        self.waiting.iter().map(|outgoing| (outgoing.id, &outgoing.publish))
    }

    /// Takes waiting publish `id` out of the queue.
    pub(super) fn remove_waiting(&mut self, id: MessageId) -> Option<Publish> {
        let index = self.waiting.iter().position(|outgoing| outgoing.id == id)?;
        self.waiting.remove(index).map(|outgoing| outgoing.publish)
    }

    pub(super) fn in_flight_len(&self) -> usize {
        self.in_flight.len()
    }

    /// A new network connection: aliases start again [MQTT-3.3.2-7].
    pub(super) fn new_connection(&mut self) {
        self.aliases.clear();
        self.last_published = None;
    }

    pub(super) fn new_message(&mut self, publish: Publish) -> Outgoing {
        let id = MessageId(self.next_message_id);
        self.next_message_id += 1;
        Outgoing { id, publish, refusals: 0 }
    }

    pub(super) fn allocate_packet_id(&mut self) -> Result<u16, SessionError> {
        for _ in 0..u16::MAX {
            let candidate = self.next_packet_id;
            self.next_packet_id = self.next_packet_id.checked_add(1).unwrap_or(1);
            // [MQTT-2.2.1-3] a new packet needs an identifier not in use.
            if self.packet_ids_in_use.insert(candidate) {
                return Ok(candidate);
            }
        }
        Err(SessionError::PacketIdentifiersExhausted)
    }

    #[cfg(test)]
    pub(super) fn set_next_packet_id(&mut self, packet_id: u16) {
        self.next_packet_id = packet_id;
    }

    pub(super) fn release_packet_id(&mut self, packet_id: u16) {
        self.packet_ids_in_use.remove(&packet_id);
    }

    /// Queues a publish; when the queue is full the oldest QoS 0 message
    /// (or else the oldest) is dropped and reported.
    pub(super) fn enqueue(&mut self, outgoing: Outgoing, limit: usize, events: &mut VecDeque<Event>) {
        while self.waiting.len() >= limit.max(1) {
            let oldest_qos0 = self.waiting.iter().position(|queued| queued.publish.qos == QoS::AtMostOnce);
            let Some(dropped) = self.waiting.remove(oldest_qos0.unwrap_or(0)) else { break };
            events.push_back(dropped_event(dropped, DropReason::QueueFull));
        }
        self.waiting.push_back(outgoing);
    }

    /// The next waiting publish that may go now: any QoS 0, a QoS 1 or 2
    /// only while fewer than `receive_maximum` are in flight [MQTT-4.9.0-2].
    pub(super) fn next_sendable(&mut self, receive_maximum: u16) -> Option<Outgoing> {
        let front = self.waiting.front()?;
        if front.publish.qos != QoS::AtMostOnce && self.in_flight.len() >= usize::from(receive_maximum) {
            return None;
        }
        self.waiting.pop_front()
    }

    /// Puts a publish back at the head of the queue (no identifier was free).
    pub(super) fn push_front(&mut self, outgoing: Outgoing) {
        self.waiting.push_front(outgoing);
    }

    /// Drops every waiting publish for which `refusal` gives a reason.
    pub(super) fn drop_waiting_where(
        &mut self,
        refusal: impl Fn(&Publish) -> Option<DropReason>,
        events: &mut VecDeque<Event>,
    ) {
        let waiting = std::mem::take(&mut self.waiting);
        for outgoing in waiting {
            match refusal(&outgoing.publish) {
                Some(reason) => events.push_back(dropped_event(outgoing, reason)),
                None => self.waiting.push_back(outgoing),
            }
        }
    }

    /// How the topic would be named: by an existing alias, a new one while
    /// fewer than `maximum` exist, or in full.
    pub(super) fn alias_for(&self, topic: &str, maximum: u16) -> TopicAlias {
        if let Some(alias) = self.aliases.get(topic) {
            TopicAlias::Existing(*alias)
        } else if self.aliases.len() < usize::from(maximum) {
            TopicAlias::New(self.aliases.len() as u16 + 1)
        } else {
            TopicAlias::None
        }
    }

    /// Records a new alias once the PUBLISH carrying it is written.
    pub(super) fn alias_sent(&mut self, topic: &str, alias: u16) {
        self.aliases.insert(topic.to_owned(), alias);
    }

    pub(super) fn sent_in_flight(&mut self, packet_id: u16, outgoing: Outgoing) {
        self.last_published = Some(outgoing.id);
        self.in_flight.push_back((packet_id, InFlight::Published(Box::new(outgoing))));
    }

    /// Everything in flight, for a resend in the original order
    /// [MQTT-4.6.0-1]; give back what stays with [`Outbound::restore_in_flight`].
    pub(super) fn take_in_flight(&mut self) -> VecDeque<(u16, InFlight)> {
        std::mem::take(&mut self.in_flight)
    }

    pub(super) fn restore_in_flight(&mut self, in_flight: VecDeque<(u16, InFlight)>) {
        self.in_flight = in_flight;
    }

    /// Marks `id` as the last publish written (a resend).
    pub(super) fn resent(&mut self, id: MessageId) {
        self.last_published = Some(id);
    }

    /// PUBACK or PUBREC for a publish of `qos`: its message id, or `None`
    /// when no such publish is in flight.
    pub(super) fn find_published(&self, packet_id: u16, qos: QoS) -> Option<(usize, MessageId)> {
        self.in_flight.iter().enumerate().find_map(|(index, (id, entry))| match entry {
            InFlight::Published(outgoing) if *id == packet_id && outgoing.publish.qos == qos => {
                Some((index, outgoing.id))
            }
            _ => None,
        })
    }

    /// PUBREC accepted a QoS 2 publish: it now waits for PUBCOMP.
    pub(super) fn mark_released(&mut self, index: usize, id: MessageId) {
        self.in_flight[index].1 = InFlight::Released { id };
    }

    /// Ends the exchange at `index`, freeing its packet identifier.
    pub(super) fn complete(&mut self, index: usize) -> Option<MessageId> {
        let (packet_id, entry) = self.in_flight.remove(index)?;
        self.packet_ids_in_use.remove(&packet_id);
        Some(entry.message_id())
    }

    /// PUBCOMP: the released exchange with this identifier.
    pub(super) fn find_released(&self, packet_id: u16) -> Option<usize> {
        self.in_flight.iter().position(|(id, entry)| *id == packet_id && matches!(entry, InFlight::Released { .. }))
    }

    /// The server forgot the session: unacknowledged publishes go back to
    /// the front of the queue as new messages; QoS 2 publishes the server
    /// already received (PUBREC) count as delivered.
    pub(super) fn requeue_in_flight(&mut self, events: &mut VecDeque<Event>) {
        let in_flight = std::mem::take(&mut self.in_flight);
        for (packet_id, entry) in in_flight.into_iter().rev() {
            self.packet_ids_in_use.remove(&packet_id);
            match entry {
                InFlight::Published(outgoing) => self.waiting.push_front(*outgoing),
                InFlight::Released { id } => events.push_back(Event::PublishAcknowledged {
                    id,
                    reason: ReasonCode::Success,
                    reason_string: None,
                }),
            }
        }
    }

    /// The server disconnected with a reason that blames what we sent: the
    /// last publish written gets a strike, and at the second it is dropped
    /// (reported) so that reconnecting does not send it a third time.
    pub(super) fn blame_last_published(&mut self, reason: ReasonCode, events: &mut VecDeque<Event>) {
        let Some(blamed) = self.last_published.take() else { return };
        let position = self
            .in_flight
            .iter()
            .position(|(_, entry)| matches!(entry, InFlight::Published(outgoing) if outgoing.id == blamed));
        let Some(index) = position else { return };
        let InFlight::Published(outgoing) = &mut self.in_flight[index].1 else { return };
        outgoing.refusals += 1;
        if outgoing.refusals >= 2 {
            if let Some((packet_id, InFlight::Published(outgoing))) = self.in_flight.remove(index) {
                self.packet_ids_in_use.remove(&packet_id);
                events.push_back(dropped_event(*outgoing, DropReason::RefusedByServer { reason }));
            }
        }
    }
}

/// The event for a publish given up.
pub(super) fn dropped_event(outgoing: Outgoing, reason: DropReason) -> Event {
    Event::PublishDropped { id: outgoing.id, topic: outgoing.publish.topic, qos: outgoing.publish.qos, reason }
}
