//! The life of one connection of the [`Session`]: CONNECT, decoding what
//! arrives (and recognising a 3.1.1-only broker's answer), CONNACK and the
//! limits it brings, keep alive probes, and the ways a connection ends.

use std::time::Duration;

use crate::error::DecodeError;
use crate::packet::{ConnAck, Connect, Disconnect, Packet};
use crate::properties::Properties;
use crate::reason::ReasonCode;
use crate::topic::validate_topic_name;
use crate::ProtocolVersion;

use super::timers::Timer;
use super::{outbound, ConnectOptions, DisconnectReason, Event, QueueGate, ServerLimits, Session, SessionError, State};

impl Session {
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
    pub(super) fn decode_buffered(&mut self, now: Duration) {
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
    pub(super) fn keep_alive(&self) -> Option<Duration> {
        let seconds = self.limits.as_ref().map_or(self.options.keep_alive, |limits| limits.keep_alive);
        (seconds > 0).then(|| Duration::from_secs(u64::from(seconds)))
    }
    /// PINGREQ is due keep alive after the last packet sent or received,
    /// whichever is older; not while a PINGREQ is already out.
    pub(super) fn rearm_keep_alive(&mut self) {
        if self.state != State::Connected || self.timers.is_running(Timer::PingResponse) {
            return;
        }
        if let Some(keep_alive) = self.keep_alive() {
            self.timers.set(Timer::KeepAlive, self.last_sent.min(self.last_received) + keep_alive);
        }
    }
    pub(super) fn handle_connack(&mut self, now: Duration, connack: ConnAck) {
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
    pub(super) fn handle_server_disconnect(&mut self, disconnect: Disconnect) {
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
    pub(super) fn fail(&mut self, now: Duration, reason: ReasonCode, description: String) {
        if self.options.protocol_version == ProtocolVersion::V5 {
            let _ = self.send(now, Packet::Disconnect(Disconnect::with_reason(reason)));
        }
        self.end(DisconnectReason::ProtocolViolation { reason, description });
    }
    pub(super) fn end(&mut self, reason: DisconnectReason) {
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
