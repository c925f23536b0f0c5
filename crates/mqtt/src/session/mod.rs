//! The client session state machine (sans-IO): everything a client must
//! remember and decide between the bytes it receives and the bytes it sends.
//! It owns no socket and reads no clock; see [`Session`] for the call order.
//!
//! The parts, in the way quinn-proto splits its connection:
//! - this file: the [`Session`], its call order, and dispatch of packets;
//! - `connection`: CONNECT, decoding, CONNACK, keep alive, the end;
//! - [`options`]: what the caller configures and what CONNACK grants;
//! - [`event`]: what the session reports;
//! - `outbound`: waiting queue, in-flight list, packet identifiers, aliases;
//! - `inbound`: the QoS 2 receive set and the server's topic aliases;
//! - `publishing` and `subscriptions`: the flows that send those packets;
//! - `fit`: keeping every packet within the server's Maximum Packet Size;
//! - `timers`: the named deadlines.

mod connection;
mod event;
mod fit;
mod inbound;
mod options;
mod outbound;
mod publishing;
mod subscriptions;
mod timers;

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

pub use event::{DisconnectReason, DropReason, Event, MessageId, SessionError};
pub use options::{ConnectOptions, ServerLimits, SessionConfig};

use crate::packet::{Auth, Decoder, Disconnect, Packet, PublishAck};
use crate::reason::ReasonCode;
use crate::ProtocolVersion;

use inbound::Inbound;
use outbound::Outbound;
use timers::Timers;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Disconnected,
    AwaitingConnAck,
    Connected,
}

/// Whether waiting publishes may go out. After a CONNACK without a session
/// they wait until the caller has seen [`Event::Connected`] and had the
/// chance to subscribe, so subscriptions go out before queued publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QueueGate {
    Open,
    UntilConnectedTaken,
    ReleaseOnTransmit,
}

/// The client side of an MQTT session.
///
/// # Call order
///
/// 1. Open a transport (a WebSocket with subprotocol `mqtt`, or TCP), then
///    call [`Session::connect`].
/// 2. Whenever bytes arrive, call [`Session::handle_bytes`]; whenever the
///    time from [`Session::poll_timeout`] is reached, call
///    [`Session::handle_timeout`]. Commands ([`Session::publish`],
///    [`Session::subscribe`], [`Session::unsubscribe`], [`Session::auth`],
///    [`Session::disconnect`]) may be called at any time.
/// 3. After every input or command, drain the outputs:
///    [`Session::poll_transmit`] (send what it appended to your buffer),
///    [`Session::poll_event`] until `None`, and read
///    [`Session::poll_timeout`] again. After [`Event::Connected`] with
///    `session_present: false`, subscribe again and then call
///    [`Session::poll_transmit`]: publishes queued while offline are
///    released there, after the SUBSCRIBE.
/// 4. When the transport closes, call [`Session::handle_connection_lost`].
///    After [`Event::Disconnected`], close the transport. To reconnect, open
///    a new transport and call [`Session::connect`] again: unacknowledged
///    publishes are resent (DUP set, original order, full topic) if the
///    server resumed the session, and requeued as new publishes if it did
///    not.
///
/// `now` is any monotonic time since a fixed origin the caller chooses.
///
/// # Keep alive
///
/// PINGREQ goes out when nothing was sent, or nothing received, for the
/// keep alive interval [MQTT-3.1.2-22/23]; so a client that only publishes
/// still probes the server. The connection is declared dead only when a
/// PINGREQ got no packet back within half the keep alive, which is at most
/// 1.5 × keep alive after the server fell silent.
#[derive(Debug)]
pub struct Session {
    config: SessionConfig,
    options: ConnectOptions,
    state: State,
    decoder: Decoder,
    /// Encoded packets not yet taken by [`Session::poll_transmit`].
    transmit: Vec<u8>,
    events: VecDeque<Event>,
    limits: Option<ServerLimits>,
    timers: Timers,
    last_sent: Duration,
    last_received: Duration,
    outbound: Outbound,
    inbound: Inbound,
    queue_gate: QueueGate,
    pending_subscribes: HashMap<u16, Vec<String>>,
    pending_unsubscribes: HashMap<u16, Vec<String>>,
}

impl Session {
    /// A disconnected session.
    pub fn new(config: SessionConfig) -> Self {
        let decoder = Decoder::new(ProtocolVersion::V5, config.maximum_packet_size);
        Session {
            config,
            options: ConnectOptions::default(),
            state: State::Disconnected,
            decoder,
            transmit: Vec::new(),
            events: VecDeque::new(),
            limits: None,
            timers: Timers::default(),
            last_sent: Duration::ZERO,
            last_received: Duration::ZERO,
            outbound: Outbound::default(),
            inbound: Inbound::default(),
            queue_gate: QueueGate::Open,
            pending_subscribes: HashMap::new(),
            pending_unsubscribes: HashMap::new(),
        }
    }

    /// Whether CONNACK accepted the current connection.
    pub fn is_connected(&self) -> bool {
        self.state == State::Connected
    }

    /// Whether a connection is being set up or is up.
    pub fn is_active(&self) -> bool {
        self.state != State::Disconnected
    }

    /// The protocol version of the current or last connection.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.options.protocol_version
    }

    /// What the server allows, once connected.
    pub fn server_limits(&self) -> Option<&ServerLimits> {
        self.limits.as_ref()
    }

    /// Publishes waiting to be sent.
    pub fn queued_len(&self) -> usize {
        self.outbound.queued_len()
    }

    /// The publishes waiting to be sent (for a connection, or for room in
    /// the in-flight window), oldest first, with the ids `publish` gave.
    pub fn queued(&self) -> impl Iterator<Item = (MessageId, &crate::packet::Publish)> {
        self.outbound.waiting()
    }

    /// Takes waiting publish `id` out of the queue, so it is never sent;
    /// `None` when it no longer waits (sent, or dropped). A publish already
    /// written to the connection cannot be called back.
    pub fn cancel_queued(&mut self, id: MessageId) -> Option<crate::packet::Publish> {
        self.outbound.remove_waiting(id)
    }

    /// QoS 1 and 2 publishes sent and not yet acknowledged.
    pub fn in_flight_len(&self) -> usize {
        self.outbound.in_flight_len()
    }

    /// Feeds bytes received from the transport.
    pub fn handle_bytes(&mut self, now: Duration, bytes: &[u8]) {
        if self.state == State::Disconnected {
            return;
        }
        self.decoder.push(bytes);
        self.decode_buffered(now);
    }

    /// Like [`Session::handle_bytes`], taking the buffer so that payloads
    /// share it instead of being copied.
    pub fn handle_owned_bytes(&mut self, now: Duration, bytes: Vec<u8>) {
        if self.state == State::Disconnected {
            return;
        }
        self.decoder.push_owned(bytes);
        self.decode_buffered(now);
    }

    /// When [`Session::handle_timeout`] should next be called, if ever.
    pub fn poll_timeout(&self) -> Option<Duration> {
        self.timers.next()
    }

    /// Appends every packet encoded so far to `out`, the caller's buffer
    /// (reused from call to call, so the hot path allocates nothing), and
    /// returns whether it appended anything. Publishes held after a CONNACK
    /// without a session are released here.
    pub fn poll_transmit(&mut self, now: Duration, out: &mut Vec<u8>) -> bool {
        if self.queue_gate == QueueGate::ReleaseOnTransmit {
            self.queue_gate = QueueGate::Open;
            self.flush_waiting(now);
        }
        if self.transmit.is_empty() {
            return false;
        }
        if out.is_empty() {
            // Swap rather than copy: each side keeps a buffer with capacity.
            std::mem::swap(out, &mut self.transmit);
        } else {
            out.extend_from_slice(&self.transmit);
            self.transmit.clear();
        }
        true
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event> {
        let event = self.events.pop_front()?;
        if matches!(event, Event::Connected { .. }) && self.queue_gate == QueueGate::UntilConnectedTaken {
            self.queue_gate = QueueGate::ReleaseOnTransmit;
        }
        Some(event)
    }

    /// Sends AUTH (5.0), continuing an exchange the server started.
    pub fn auth(&mut self, now: Duration, auth: Auth) -> Result<(), SessionError> {
        if self.state == State::Disconnected {
            return Err(SessionError::NotConnected);
        }
        self.send(now, Packet::Auth(auth))
    }

    /// Ends the connection with DISCONNECT. In 5.0, reason
    /// [`ReasonCode::DisconnectWithWillMessage`] asks the server to publish
    /// the Will.
    pub fn disconnect(&mut self, now: Duration, reason: ReasonCode) -> Result<(), SessionError> {
        if self.state == State::Disconnected {
            return Err(SessionError::NotConnected);
        }
        // 3.1.1's DISCONNECT has no reason code.
        let reason = if self.options.protocol_version == ProtocolVersion::V5 { reason } else { ReasonCode::Success };
        self.send(now, Packet::Disconnect(Disconnect::with_reason(reason)))?;
        self.end(DisconnectReason::ByClient);
        Ok(())
    }

    /// The reason for a PUBREL or PUBCOMP: 3.1.1 has no way to say that the
    /// identifier was unknown.
    fn identifier_result(&self, known: bool) -> ReasonCode {
        if known || self.options.protocol_version == ProtocolVersion::V311 {
            ReasonCode::Success
        } else {
            ReasonCode::PacketIdentifierNotFound
        }
    }

    fn require_connected(&self) -> Result<(), SessionError> {
        if self.state == State::Connected {
            Ok(())
        } else {
            Err(SessionError::NotConnected)
        }
    }

    fn maximum_packet_size(&self) -> u32 {
        self.limits.as_ref().map_or(u32::MAX, |limits| limits.maximum_packet_size)
    }

    /// Encodes a packet for the transport, within the server's Maximum
    /// Packet Size; a failed encoding leaves nothing behind.
    fn send(&mut self, now: Duration, mut packet: Packet) -> Result<(), SessionError> {
        let version = self.options.protocol_version;
        fit::fit_packet(&mut packet, version, self.maximum_packet_size())?;
        packet.write(version, &mut self.transmit)?;
        self.packet_sent(now);
        Ok(())
    }

    fn packet_sent(&mut self, now: Duration) {
        self.last_sent = now;
        self.rearm_keep_alive();
    }

    fn handle_packet(&mut self, now: Duration, packet: Packet) {
        if self.state == State::AwaitingConnAck {
            match packet {
                Packet::ConnAck(connack) => self.handle_connack(now, connack),
                Packet::Auth(auth) => self.events.push_back(Event::Auth(auth)),
                Packet::Disconnect(disconnect) => self.handle_server_disconnect(disconnect),
                other => self.fail(
                    now,
                    ReasonCode::ProtocolError,
                    format!("expected CONNACK, received {}", other.packet_type()),
                ),
            }
            return;
        }
        match packet {
            Packet::Publish(publish) => self.handle_publish(now, publish),
            Packet::PubAck(ack) => self.handle_publish_result(now, ack, crate::QoS::AtLeastOnce),
            Packet::PubRec(ack) => self.handle_publish_result(now, ack, crate::QoS::ExactlyOnce),
            Packet::PubRel(ack) => {
                // [MQTT-4.3.3-11] answer PUBREL with PUBCOMP; the message was delivered on PUBLISH.
                let known = self.inbound.qos2_released(ack.packet_id);
                let reason = self.identifier_result(known);
                let _ = self
                    .send(now, Packet::PubComp(PublishAck { reason_code: reason, ..PublishAck::new(ack.packet_id) }));
            }
            Packet::PubComp(ack) => self.handle_pubcomp(now, ack),
            Packet::SubAck(suback) => self.handle_suback(suback),
            Packet::UnsubAck(unsuback) => self.handle_unsuback(unsuback),
            Packet::PingResp => {}
            Packet::Disconnect(disconnect) => self.handle_server_disconnect(disconnect),
            Packet::Auth(auth) => self.events.push_back(Event::Auth(auth)),
            other @ (Packet::Connect(_)
            | Packet::ConnAck(_)
            | Packet::Subscribe(_)
            | Packet::Unsubscribe(_)
            | Packet::PingReq) => {
                self.fail(now, ReasonCode::ProtocolError, format!("a server must not send {}", other.packet_type()))
            }
        }
    }
}

#[cfg(test)]
mod tests;
