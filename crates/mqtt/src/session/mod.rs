//! The client session state machine (sans-IO): everything a client must
//! remember and decide between the bytes it receives and the bytes it sends.
//! It owns no socket and reads no clock; see [`Session`] for the call order.
//!
//! The parts, in the way quinn-proto splits its connection:
//! - this file: the [`Session`], its call order, and dispatch of packets;
//! - [`options`]: what the caller configures and what CONNACK grants;
//! - [`event`]: what the session reports;
//! - `outbound`: waiting queue, in-flight list, packet identifiers, aliases;
//! - `inbound`: the QoS 2 receive set and the server's topic aliases;
//! - `publishing` and `subscriptions`: the flows that send those packets;
//! - `fit`: keeping every packet within the server's Maximum Packet Size;
//! - `timers`: the named deadlines.

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

use crate::error::DecodeError;
use crate::packet::{Auth, ConnAck, Connect, Decoder, Disconnect, Packet, PublishAck};
use crate::properties::Properties;
use crate::reason::ReasonCode;
use crate::topic::validate_topic_name;
use crate::ProtocolVersion;

use inbound::Inbound;
use outbound::Outbound;
use timers::{Timer, Timers};

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

    /// QoS 1 and 2 publishes sent and not yet acknowledged.
    pub fn in_flight_len(&self) -> usize {
        self.outbound.in_flight_len()
    }

    /// Starts a connection over a transport the caller just opened.
    pub fn connect(&mut self, now: Duration, options: ConnectOptions) -> Result<(), SessionError> {
        if self.state != State::Disconnected {
            return Err(SessionError::AlreadyConnected);
        }
        let v5 = options.protocol_version == ProtocolVersion::V5;
        let properties = if v5 {
            Properties {
                session_expiry_interval: Some(options.session_expiry_interval).filter(|seconds| *seconds > 0),
                receive_maximum: Some(self.config.receive_maximum).filter(|maximum| *maximum != u16::MAX),
                maximum_packet_size: Some(self.config.maximum_packet_size),
                topic_alias_maximum: Some(self.config.topic_alias_maximum).filter(|maximum| *maximum > 0),
                user_properties: options.user_properties.clone(),
                authentication_method: options.authentication_method.clone(),
                authentication_data: options.authentication_data.clone(),
                ..Properties::default()
            }
        } else {
            Properties::default()
        };
        let mut will = options.will.clone();
        if let Some(will) = &mut will {
            validate_topic_name(&will.topic)
                .map_err(|error| SessionError::InvalidTopic { topic: will.topic.clone(), error })?;
            if !v5 {
                will.properties = Properties::default();
            }
        }
        let connect = Packet::Connect(Box::new(Connect {
            protocol_version: options.protocol_version,
            clean_start: options.clean_start,
            keep_alive: options.keep_alive,
            client_id: options.client_id.clone(),
            will,
            username: options.username.clone(),
            password: options.password.clone(),
            properties,
        }));
        self.transmit.clear();
        connect.write(options.protocol_version, &mut self.transmit)?;
        self.decoder.reset(options.protocol_version, self.config.maximum_packet_size);
        self.options = options;
        self.limits = None;
        self.inbound.new_connection();
        self.outbound.new_connection();
        self.queue_gate = QueueGate::Open;
        self.state = State::AwaitingConnAck;
        self.timers.stop_all();
        self.timers.set(Timer::ConnAck, now + self.config.connect_timeout);
        self.last_sent = now;
        self.last_received = now;
        Ok(())
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

    fn decode_buffered(&mut self, now: Duration) {
        if self.state == State::AwaitingConnAck && self.answered_in_mqtt_3_1_1() {
            return;
        }
        loop {
            match self.decoder.next_packet() {
                Ok(Some(packet)) => {
                    self.packet_received(now);
                    self.handle_packet(now, packet);
                    if self.state == State::Disconnected {
                        return;
                    }
                }
                Ok(None) => return,
                Err(error) => {
                    let reason = match error {
                        DecodeError::PacketTooLarge { .. } => ReasonCode::PacketTooLarge,
                        _ => ReasonCode::MalformedPacket,
                    };
                    self.fail(now, reason, error.to_string());
                    return;
                }
            }
        }
    }

    /// A 3.1.1-only broker answers a 5.0 CONNECT with a 3.1.1 CONNACK: two
    /// bytes of remaining length, which no 5.0 CONNACK has (it always
    /// carries a property length). Reported as an unsupported protocol
    /// version, so the caller can say so or fall back to 3.1.1.
    fn answered_in_mqtt_3_1_1(&mut self) -> bool {
        if self.options.protocol_version != ProtocolVersion::V5 {
            return false;
        }
        let &[0x20, 0x02, _, return_code, ..] = self.decoder.unread() else { return false };
        self.end(DisconnectReason::Refused {
            reason: ReasonCode::UnsupportedProtocolVersion,
            reason_string: Some(format!(
                "the broker answered in MQTT 3.1.1 (return code {return_code}): it does not support MQTT 5.0; use 3.1.1"
            )),
        });
        true
    }

    /// Any packet from the server answers an outstanding PINGREQ.
    fn packet_received(&mut self, now: Duration) {
        self.last_received = now;
        self.timers.stop(Timer::PingResponse);
        self.rearm_keep_alive();
    }

    /// Tells the session the transport closed.
    pub fn handle_connection_lost(&mut self, _now: Duration) {
        if self.state != State::Disconnected {
            self.end(DisconnectReason::ConnectionLost);
        }
    }

    /// Acts on timers: keep alive PINGREQ, a dead connection, a late CONNACK.
    pub fn handle_timeout(&mut self, now: Duration) {
        if self.timers.expired(Timer::ConnAck, now) {
            self.end(DisconnectReason::ConnAckTimeout);
        } else if self.timers.expired(Timer::PingResponse, now) {
            self.end(DisconnectReason::KeepAliveTimeout);
        } else if self.timers.expired(Timer::KeepAlive, now) {
            let Some(keep_alive) = self.keep_alive() else { return };
            // [MQTT-3.1.2-23] send within each keep alive; also probe a server that fell silent.
            self.timers.stop(Timer::KeepAlive);
            self.timers.set(Timer::PingResponse, now + keep_alive / 2);
            let _ = self.send(now, Packet::PingReq);
        }
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

    fn keep_alive(&self) -> Option<Duration> {
        let seconds = self.limits.as_ref().map_or(self.options.keep_alive, |limits| limits.keep_alive);
        (seconds > 0).then(|| Duration::from_secs(u64::from(seconds)))
    }

    /// PINGREQ is due keep alive after the last packet sent or received,
    /// whichever is older; not while a PINGREQ is already out.
    fn rearm_keep_alive(&mut self) {
        if self.state != State::Connected || self.timers.is_running(Timer::PingResponse) {
            return;
        }
        if let Some(keep_alive) = self.keep_alive() {
            self.timers.set(Timer::KeepAlive, self.last_sent.min(self.last_received) + keep_alive);
        }
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

    fn handle_connack(&mut self, now: Duration, connack: ConnAck) {
        if connack.reason_code.is_error() {
            self.end(DisconnectReason::Refused {
                reason: connack.reason_code,
                reason_string: connack.properties.reason_string,
            });
            return;
        }
        let limits = ServerLimits::from_connack(&connack.properties, self.options.keep_alive);
        self.limits = Some(limits.clone());
        self.state = State::Connected;
        self.timers.stop(Timer::ConnAck);
        self.rearm_keep_alive();
        // A session we asked to discard is never present, whatever the server says [MQTT-3.2.2-2].
        let resumed = connack.session_present
            && !(self.options.clean_start && self.options.protocol_version == ProtocolVersion::V311);
        self.events.push_back(Event::Connected {
            session_present: resumed,
            assigned_client_id: connack.properties.assigned_client_identifier,
            limits,
        });
        if resumed {
            self.resend_in_flight(now);
        } else {
            self.inbound.forget_session();
            self.outbound.requeue_in_flight(&mut self.events);
            self.queue_gate = QueueGate::UntilConnectedTaken;
        }
        self.drop_waiting_beyond_limits();
        self.flush_waiting(now);
    }

    fn handle_server_disconnect(&mut self, disconnect: Disconnect) {
        if outbound::blames_the_client(disconnect.reason_code) {
            self.outbound.blame_last_published(disconnect.reason_code, &mut self.events);
        }
        self.end(DisconnectReason::ByServer {
            reason: disconnect.reason_code,
            reason_string: disconnect.properties.reason_string,
            server_reference: disconnect.properties.server_reference,
        });
    }

    /// The server broke the protocol: tell it why (5.0) and end the connection.
    fn fail(&mut self, now: Duration, reason: ReasonCode, description: String) {
        if self.options.protocol_version == ProtocolVersion::V5 {
            let _ = self.send(now, Packet::Disconnect(Disconnect::with_reason(reason)));
        }
        self.end(DisconnectReason::ProtocolViolation { reason, description });
    }

    fn end(&mut self, reason: DisconnectReason) {
        self.state = State::Disconnected;
        self.timers.stop_all();
        for packet_id in self.pending_subscribes.keys().chain(self.pending_unsubscribes.keys()) {
            self.outbound.release_packet_id(*packet_id);
        }
        self.pending_subscribes.clear();
        self.pending_unsubscribes.clear();
        if !self.options.session_outlives_connection() {
            self.inbound.forget_session();
            self.outbound.requeue_in_flight(&mut self.events);
        }
        self.events.push_back(Event::Disconnected(reason));
    }
}

#[cfg(test)]
mod tests;
