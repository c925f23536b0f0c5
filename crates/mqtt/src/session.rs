//! The client session state machine (sans-IO): everything a client must
//! remember and decide between the bytes it receives and the bytes it sends.
//! It owns no socket and reads no clock; see [`Session`] for the call order.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::Duration;

use crate::error::{DecodeError, EncodeError};
use crate::packet::{
    Auth, ConnAck, Connect, Decoder, Disconnect, LastWill, Packet, Publish, PublishAck, SubAck, Subscribe,
    Subscription, UnsubAck, Unsubscribe,
};
use crate::properties::Properties;
use crate::reason::ReasonCode;
use crate::topic::{validate_topic_filter, validate_topic_name, TopicError};
use crate::{ProtocolVersion, QoS};

/// Limits of this client, fixed for the session's lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// The largest packet accepted from the server; announced in 5.0.
    pub maximum_packet_size: u32,
    /// How many publishes wait while offline or while the in-flight window
    /// is full, before the oldest (QoS 0 first) is dropped.
    pub max_queued_messages: usize,
    /// How many QoS 2 publishes the server may have unacknowledged at once (5.0).
    pub receive_maximum: u16,
    /// The highest topic alias the server may use towards us (5.0).
    pub topic_alias_maximum: u16,
    /// How long to wait for CONNACK.
    pub connect_timeout: Duration,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            maximum_packet_size: 16 * 1024 * 1024,
            max_queued_messages: 1000,
            receive_maximum: 100,
            topic_alias_maximum: 64,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// What the client asks for when it connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// MQTT 5.0 or 3.1.1.
    pub protocol_version: ProtocolVersion,
    /// The client identifier; empty asks the server to assign one.
    pub client_id: String,
    /// Start a new session (discarding any stored one).
    pub clean_start: bool,
    /// Keep alive in seconds; 0 turns it off.
    pub keep_alive: u16,
    /// How long the server keeps the session after the connection ends (5.0).
    pub session_expiry_interval: u32,
    /// User name.
    pub username: Option<String>,
    /// Password.
    pub password: Option<Vec<u8>>,
    /// Last Will.
    pub will: Option<LastWill>,
    /// CONNECT user properties (5.0).
    pub user_properties: Vec<(String, String)>,
    /// Extended authentication method (5.0).
    pub authentication_method: Option<String>,
    /// Initial extended authentication data (5.0).
    pub authentication_data: Option<Vec<u8>>,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            protocol_version: ProtocolVersion::V5,
            client_id: String::new(),
            clean_start: true,
            keep_alive: 30,
            session_expiry_interval: 0,
            username: None,
            password: None,
            will: None,
            user_properties: Vec::new(),
            authentication_method: None,
            authentication_data: None,
        }
    }
}

impl ConnectOptions {
    /// Whether the server may keep this session after the connection ends,
    /// so that a reconnect can resume it.
    pub fn session_outlives_connection(&self) -> bool {
        match self.protocol_version {
            ProtocolVersion::V311 => !self.clean_start,
            ProtocolVersion::V5 => self.session_expiry_interval > 0,
        }
    }
}

/// What the server allows, learnt from CONNACK (defaults where it is silent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerLimits {
    /// The keep alive in force, the server's if it set one.
    pub keep_alive: u16,
    /// How many QoS 1 and 2 publishes may be unacknowledged at once.
    pub receive_maximum: u16,
    /// The highest QoS the server accepts.
    pub maximum_qos: QoS,
    /// Whether retained messages are supported.
    pub retain_available: bool,
    /// The largest packet the server accepts.
    pub maximum_packet_size: u32,
    /// The highest topic alias the server accepts from us.
    pub topic_alias_maximum: u16,
    /// Whether wildcard subscriptions are supported.
    pub wildcard_subscription_available: bool,
    /// Whether subscription identifiers are supported.
    pub subscription_identifier_available: bool,
    /// Whether shared subscriptions are supported.
    pub shared_subscription_available: bool,
}

impl ServerLimits {
    fn from_connack(properties: &Properties, requested_keep_alive: u16) -> Self {
        ServerLimits {
            keep_alive: properties.server_keep_alive.unwrap_or(requested_keep_alive),
            receive_maximum: properties.receive_maximum.unwrap_or(u16::MAX),
            maximum_qos: properties.maximum_qos.unwrap_or(QoS::ExactlyOnce),
            retain_available: properties.retain_available.unwrap_or(true),
            maximum_packet_size: properties.maximum_packet_size.unwrap_or(u32::MAX),
            topic_alias_maximum: properties.topic_alias_maximum.unwrap_or(0),
            wildcard_subscription_available: properties.wildcard_subscription_available.unwrap_or(true),
            subscription_identifier_available: properties.subscription_identifier_available.unwrap_or(true),
            shared_subscription_available: properties.shared_subscription_available.unwrap_or(true),
        }
    }
}

/// The session's own number for a publish, stable from [`Session::publish`]
/// to its acknowledgement (packet identifiers are assigned only when sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(pub u64);

/// Why a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisconnectReason {
    /// The server refused the connection in CONNACK.
    Refused {
        /// The reason code.
        reason: ReasonCode,
        /// The server's reason string, if any.
        reason_string: Option<String>,
    },
    /// The server sent DISCONNECT.
    ByServer {
        /// The reason code.
        reason: ReasonCode,
        /// The server's reason string, if any.
        reason_string: Option<String>,
        /// Another server to use, if the server named one.
        server_reference: Option<String>,
    },
    /// The client called [`Session::disconnect`].
    ByClient,
    /// Nothing arrived for 1.5 × keep alive.
    KeepAliveTimeout,
    /// CONNACK did not arrive within the connect timeout.
    ConnAckTimeout,
    /// The server broke the protocol; the session sent DISCONNECT (5.0).
    ProtocolViolation {
        /// The reason code sent to the server.
        reason: ReasonCode,
        /// What was wrong.
        description: String,
    },
    /// The transport closed ([`Session::handle_connection_lost`]).
    ConnectionLost,
}

impl std::fmt::Display for DisconnectReason {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let with_text =
            |formatter: &mut std::fmt::Formatter<'_>, prefix: &str, reason: &ReasonCode, text: &Option<String>| {
                write!(formatter, "{prefix}: {}", reason.description())?;
                if let Some(text) = text {
                    write!(formatter, " ({text})")?;
                }
                Ok(())
            };
        match self {
            DisconnectReason::Refused { reason, reason_string } => {
                with_text(formatter, "the broker refused the connection", reason, reason_string)
            }
            DisconnectReason::ByServer { reason, reason_string, .. } => {
                with_text(formatter, "the broker disconnected", reason, reason_string)
            }
            DisconnectReason::ByClient => formatter.write_str("disconnected"),
            DisconnectReason::KeepAliveTimeout => {
                formatter.write_str("the broker stopped answering (keep alive timeout)")
            }
            DisconnectReason::ConnAckTimeout => formatter.write_str("the broker did not answer CONNECT in time"),
            DisconnectReason::ProtocolViolation { description, .. } => {
                write!(formatter, "the broker broke the MQTT protocol: {description}")
            }
            DisconnectReason::ConnectionLost => formatter.write_str("the connection was lost"),
        }
    }
}

/// Why a publish was given up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// The offline queue was full and this was the oldest (QoS 0 first).
    QueueFull,
}

/// Something the caller should know; taken with [`Session::poll_event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// CONNACK accepted the connection. When `session_present` is false the
    /// server has no subscriptions for us: subscribe again.
    Connected {
        /// Whether the server resumed a stored session.
        session_present: bool,
        /// The client identifier the server assigned, if it did.
        assigned_client_id: Option<String>,
        /// What the server allows.
        limits: ServerLimits,
    },
    /// An application message from the server, topic alias already resolved.
    Message(Publish),
    /// A QoS 0 publish was written to the transport.
    PublishSent(MessageId),
    /// The server acknowledged a QoS 1 (PUBACK) or QoS 2 (PUBCOMP, or a
    /// failing PUBREC) publish.
    PublishAcknowledged {
        /// Which publish.
        id: MessageId,
        /// The server's reason code (success in 3.1.1).
        reason: ReasonCode,
        /// The server's reason string, if any.
        reason_string: Option<String>,
    },
    /// A queued publish was given up, never silently.
    PublishDropped {
        /// Which publish.
        id: MessageId,
        /// Its topic.
        topic: String,
        /// Its QoS.
        qos: QoS,
        /// Why.
        reason: DropReason,
    },
    /// SUBACK: one result per filter, the granted QoS or a failure code.
    Subscribed {
        /// The SUBSCRIBE's packet identifier.
        packet_id: u16,
        /// Each filter with its result, in request order.
        results: Vec<(String, Result<QoS, ReasonCode>)>,
    },
    /// UNSUBACK: one result per filter (always success in 3.1.1).
    Unsubscribed {
        /// The UNSUBSCRIBE's packet identifier.
        packet_id: u16,
        /// Each filter with its result, in request order.
        results: Vec<(String, ReasonCode)>,
    },
    /// The server sent AUTH (5.0 extended authentication).
    Auth(Auth),
    /// The connection ended; close the transport after the last
    /// [`Session::poll_transmit`].
    Disconnected(DisconnectReason),
}

/// Why a command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The command needs a connection.
    #[error("not connected to the broker")]
    NotConnected,
    /// `connect` was called while a connection is up or being set up.
    #[error("already connected or connecting")]
    AlreadyConnected,
    /// The topic name is invalid.
    #[error("topic {topic:?} is invalid: {error}")]
    InvalidTopic {
        /// The topic.
        topic: String,
        /// Why.
        error: TopicError,
    },
    /// A topic filter is invalid.
    #[error("topic filter {filter:?} is invalid: {error}")]
    InvalidFilter {
        /// The filter.
        filter: String,
        /// Why.
        error: TopicError,
    },
    /// SUBSCRIBE or UNSUBSCRIBE without a filter.
    #[error("no topic filter given")]
    NoFilters,
    /// The server does not accept this QoS.
    #[error("the broker accepts at most QoS {maximum:?}, not {requested:?}")]
    QoSNotSupported {
        /// Requested QoS.
        requested: QoS,
        /// The server's maximum.
        maximum: QoS,
    },
    /// The server does not support retained messages.
    #[error("the broker does not support retained messages")]
    RetainNotSupported,
    /// The packet is larger than the server accepts.
    #[error("the message is {size} bytes; the broker accepts at most {maximum}")]
    PacketTooLarge {
        /// The packet's size.
        size: usize,
        /// The server's maximum packet size.
        maximum: u32,
    },
    /// Every packet identifier is in use.
    #[error("all 65,535 packet identifiers are in use")]
    PacketIdentifiersExhausted,
    /// The value cannot be encoded.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Disconnected,
    AwaitingConnAck { since: Duration },
    Connected,
}

/// A publish the caller made, before and after it is sent.
#[derive(Debug, Clone)]
struct Outgoing {
    id: MessageId,
    publish: Publish,
}

/// A QoS 1 or 2 publish sent and not yet completed.
#[derive(Debug, Clone)]
enum InFlight {
    /// Waiting for PUBACK (QoS 1) or PUBREC (QoS 2).
    Published(Box<Outgoing>),
    /// QoS 2 after PUBREC: PUBREL sent, waiting for PUBCOMP.
    Released { id: MessageId },
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
///    [`Session::poll_transmit`] until `None` (send each buffer in order),
///    [`Session::poll_event`] until `None`, and read
///    [`Session::poll_timeout`] again.
/// 4. When the transport closes, call [`Session::handle_connection_lost`].
///    After [`Event::Disconnected`], close the transport. To reconnect, open
///    a new transport and call [`Session::connect`] again: unacknowledged
///    publishes are resent (DUP set, original order) if the server resumed
///    the session, and requeued as new publishes if it did not.
///
/// `now` is any monotonic time since a fixed origin the caller chooses.
#[derive(Debug)]
pub struct Session {
    config: SessionConfig,
    options: ConnectOptions,
    state: State,
    decoder: Decoder,
    transmit: Vec<u8>,
    events: VecDeque<Event>,
    limits: Option<ServerLimits>,
    last_sent: Duration,
    last_received: Duration,
    next_message_id: u64,
    next_packet_id: u16,
    packet_ids_in_use: HashSet<u16>,
    /// Sent QoS 1 and 2 publishes in send order, with their packet identifiers.
    in_flight: VecDeque<(u16, InFlight)>,
    /// Publishes waiting for a connection or for room in the in-flight window.
    waiting: VecDeque<Outgoing>,
    /// QoS 2 packet identifiers received and not yet released [MQTT-4.3.3].
    incoming_qos2: HashSet<u16>,
    pending_subscribes: HashMap<u16, Vec<String>>,
    pending_unsubscribes: HashMap<u16, Vec<String>>,
    inbound_aliases: HashMap<u16, String>,
    outbound_aliases: HashMap<String, u16>,
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
            last_sent: Duration::ZERO,
            last_received: Duration::ZERO,
            next_message_id: 1,
            next_packet_id: 1,
            packet_ids_in_use: HashSet::new(),
            in_flight: VecDeque::new(),
            waiting: VecDeque::new(),
            incoming_qos2: HashSet::new(),
            pending_subscribes: HashMap::new(),
            pending_unsubscribes: HashMap::new(),
            inbound_aliases: HashMap::new(),
            outbound_aliases: HashMap::new(),
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
        self.waiting.len()
    }

    /// QoS 1 and 2 publishes sent and not yet acknowledged.
    pub fn in_flight_len(&self) -> usize {
        self.in_flight.len()
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
        let connect = Connect {
            protocol_version: options.protocol_version,
            clean_start: options.clean_start,
            keep_alive: options.keep_alive,
            client_id: options.client_id.clone(),
            will,
            username: options.username.clone(),
            password: options.password.clone(),
            properties,
        };
        self.decoder.reset(options.protocol_version, self.config.maximum_packet_size);
        self.transmit.clear();
        self.options = options;
        self.limits = None;
        self.inbound_aliases.clear();
        self.outbound_aliases.clear();
        self.state = State::AwaitingConnAck { since: now };
        self.last_received = now;
        self.send(now, &Packet::Connect(Box::new(connect)))?;
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
        loop {
            match self.decoder.next_packet() {
                Ok(Some(packet)) => {
                    self.last_received = now;
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

    /// Tells the session the transport closed.
    pub fn handle_connection_lost(&mut self, _now: Duration) {
        if self.state != State::Disconnected {
            self.end(DisconnectReason::ConnectionLost);
        }
    }

    /// Acts on timers: keep alive PINGREQ, a dead connection, a late CONNACK.
    pub fn handle_timeout(&mut self, now: Duration) {
        match self.state {
            State::Disconnected => {}
            State::AwaitingConnAck { since } => {
                if now >= since + self.config.connect_timeout {
                    self.end(DisconnectReason::ConnAckTimeout);
                }
            }
            State::Connected => {
                let Some(keep_alive) = self.keep_alive() else { return };
                if now >= self.last_received + keep_alive * 3 / 2 {
                    self.end(DisconnectReason::KeepAliveTimeout);
                } else if now >= self.last_sent + keep_alive {
                    // [MQTT-3.1.2-23] send something within each keep alive interval.
                    let _ = self.send(now, &Packet::PingReq);
                }
            }
        }
    }

    /// When [`Session::handle_timeout`] should next be called, if ever.
    pub fn poll_timeout(&self) -> Option<Duration> {
        match self.state {
            State::Disconnected => None,
            State::AwaitingConnAck { since } => Some(since + self.config.connect_timeout),
            State::Connected => {
                let keep_alive = self.keep_alive()?;
                Some((self.last_sent + keep_alive).min(self.last_received + keep_alive * 3 / 2))
            }
        }
    }

    /// Bytes to send, all packets queued so far in one buffer.
    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        if self.transmit.is_empty() {
            None
        } else {
            Some(std::mem::take(&mut self.transmit))
        }
    }

    /// The next event.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// Publishes a message now, or queues it while offline or while the
    /// in-flight window is full. The packet identifier and topic alias are
    /// the session's business; any given in `publish` are replaced.
    pub fn publish(&mut self, now: Duration, mut publish: Publish) -> Result<MessageId, SessionError> {
        validate_topic_name(&publish.topic)
            .map_err(|error| SessionError::InvalidTopic { topic: publish.topic.clone(), error })?;
        if let Some(limits) = &self.limits {
            if publish.qos > limits.maximum_qos {
                // [MQTT-3.2.2-11] do not send a QoS above the server's maximum.
                return Err(SessionError::QoSNotSupported { requested: publish.qos, maximum: limits.maximum_qos });
            }
            if publish.retain && !limits.retain_available {
                // [MQTT-3.2.2-14]
                return Err(SessionError::RetainNotSupported);
            }
        }
        publish.dup = false;
        publish.packet_id = if publish.qos == QoS::AtMostOnce { None } else { Some(u16::MAX) };
        publish.properties.topic_alias = None;
        let size = Packet::Publish(publish.clone()).encoded_len(self.options.protocol_version);
        let maximum = self.limits.as_ref().map_or(u32::MAX, |limits| limits.maximum_packet_size);
        if size > maximum as usize {
            // [MQTT-3.1.2-24] do not send a packet over the server's maximum packet size.
            return Err(SessionError::PacketTooLarge { size, maximum });
        }
        publish.packet_id = None;
        let id = MessageId(self.next_message_id);
        self.next_message_id += 1;
        self.enqueue(Outgoing { id, publish });
        self.flush_waiting(now);
        Ok(id)
    }

    /// Sends SUBSCRIBE; the answer comes as [`Event::Subscribed`].
    pub fn subscribe(
        &mut self,
        now: Duration,
        subscriptions: Vec<Subscription>,
        properties: Properties,
    ) -> Result<u16, SessionError> {
        if subscriptions.is_empty() {
            return Err(SessionError::NoFilters);
        }
        for subscription in &subscriptions {
            validate_topic_filter(&subscription.filter)
                .map_err(|error| SessionError::InvalidFilter { filter: subscription.filter.clone(), error })?;
        }
        self.require_connected()?;
        let packet_id = self.allocate_packet_id()?;
        let filters = subscriptions.iter().map(|subscription| subscription.filter.clone()).collect();
        let properties = self.v5_only(properties);
        let result = self.send(now, &Packet::Subscribe(Subscribe { packet_id, properties, subscriptions }));
        self.track_request(result, packet_id, filters, true)
    }

    /// Sends UNSUBSCRIBE; the answer comes as [`Event::Unsubscribed`].
    pub fn unsubscribe(
        &mut self,
        now: Duration,
        filters: Vec<String>,
        properties: Properties,
    ) -> Result<u16, SessionError> {
        if filters.is_empty() {
            return Err(SessionError::NoFilters);
        }
        for filter in &filters {
            validate_topic_filter(filter)
                .map_err(|error| SessionError::InvalidFilter { filter: filter.clone(), error })?;
        }
        self.require_connected()?;
        let packet_id = self.allocate_packet_id()?;
        let properties = self.v5_only(properties);
        let result =
            self.send(now, &Packet::Unsubscribe(Unsubscribe { packet_id, properties, filters: filters.clone() }));
        self.track_request(result, packet_id, filters, false)
    }

    /// Sends AUTH (5.0), continuing an exchange the server started.
    pub fn auth(&mut self, now: Duration, auth: Auth) -> Result<(), SessionError> {
        if self.state == State::Disconnected {
            return Err(SessionError::NotConnected);
        }
        self.send(now, &Packet::Auth(auth))
    }

    /// Ends the connection with DISCONNECT. In 5.0, reason
    /// [`ReasonCode::DisconnectWithWillMessage`] asks the server to publish
    /// the Will.
    pub fn disconnect(&mut self, now: Duration, reason: ReasonCode) -> Result<(), SessionError> {
        if self.state == State::Disconnected {
            return Err(SessionError::NotConnected);
        }
        self.send(now, &Packet::Disconnect(Disconnect::with_reason(reason)))?;
        self.end(DisconnectReason::ByClient);
        Ok(())
    }

    fn keep_alive(&self) -> Option<Duration> {
        let seconds = self.limits.as_ref().map_or(self.options.keep_alive, |limits| limits.keep_alive);
        (seconds > 0).then(|| Duration::from_secs(u64::from(seconds)))
    }

    fn require_connected(&self) -> Result<(), SessionError> {
        if self.state == State::Connected {
            Ok(())
        } else {
            Err(SessionError::NotConnected)
        }
    }

    fn v5_only(&self, properties: Properties) -> Properties {
        if self.options.protocol_version == ProtocolVersion::V5 {
            properties
        } else {
            Properties::default()
        }
    }

    fn track_request(
        &mut self,
        sent: Result<(), SessionError>,
        packet_id: u16,
        filters: Vec<String>,
        subscribe: bool,
    ) -> Result<u16, SessionError> {
        if let Err(error) = sent {
            self.packet_ids_in_use.remove(&packet_id);
            return Err(error);
        }
        let pending = if subscribe { &mut self.pending_subscribes } else { &mut self.pending_unsubscribes };
        pending.insert(packet_id, filters);
        Ok(packet_id)
    }

    fn send(&mut self, now: Duration, packet: &Packet) -> Result<(), SessionError> {
        packet.write(self.options.protocol_version, &mut self.transmit)?;
        self.last_sent = now;
        Ok(())
    }

    fn allocate_packet_id(&mut self) -> Result<u16, SessionError> {
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

    fn enqueue(&mut self, outgoing: Outgoing) {
        let limit = self.config.max_queued_messages.max(1);
        while self.waiting.len() >= limit {
            let oldest_qos0 = self.waiting.iter().position(|queued| queued.publish.qos == QoS::AtMostOnce);
            let Some(dropped) = self.waiting.remove(oldest_qos0.unwrap_or(0)) else { break };
            self.events.push_back(Event::PublishDropped {
                id: dropped.id,
                topic: dropped.publish.topic,
                qos: dropped.publish.qos,
                reason: DropReason::QueueFull,
            });
        }
        self.waiting.push_back(outgoing);
    }

    fn window_open(&self) -> bool {
        let receive_maximum = self.limits.as_ref().map_or(u16::MAX, |limits| limits.receive_maximum);
        self.in_flight.len() < usize::from(receive_maximum)
    }

    /// Sends waiting publishes while connected and the window allows.
    fn flush_waiting(&mut self, now: Duration) {
        while self.state == State::Connected {
            let Some(front) = self.waiting.front() else { return };
            if front.publish.qos != QoS::AtMostOnce && !self.window_open() {
                return;
            }
            let Some(outgoing) = self.waiting.pop_front() else { return };
            let Ok(packet_id) = self.transmit_publish(now, &outgoing) else {
                self.waiting.push_front(outgoing);
                return;
            };
            match packet_id {
                Some(packet_id) => self.in_flight.push_back((packet_id, InFlight::Published(Box::new(outgoing)))),
                None => self.events.push_back(Event::PublishSent(outgoing.id)),
            }
        }
    }

    /// Encodes a new publish with a fresh packet identifier (QoS 1 and 2)
    /// and a topic alias where the server allows one.
    fn transmit_publish(&mut self, now: Duration, outgoing: &Outgoing) -> Result<Option<u16>, SessionError> {
        let mut publish = outgoing.publish.clone();
        publish.packet_id = match publish.qos {
            QoS::AtMostOnce => None,
            _ => Some(self.allocate_packet_id()?),
        };
        self.apply_outbound_alias(&mut publish);
        self.send(now, &Packet::Publish(publish.clone()))?;
        Ok(publish.packet_id)
    }

    fn apply_outbound_alias(&mut self, publish: &mut Publish) {
        let maximum = self.limits.as_ref().map_or(0, |limits| limits.topic_alias_maximum);
        if maximum == 0 || self.options.protocol_version != ProtocolVersion::V5 {
            return;
        }
        if let Some(alias) = self.outbound_aliases.get(&publish.topic) {
            publish.properties.topic_alias = Some(*alias);
            publish.topic.clear();
        } else if self.outbound_aliases.len() < usize::from(maximum) {
            let alias = self.outbound_aliases.len() as u16 + 1;
            self.outbound_aliases.insert(publish.topic.clone(), alias);
            publish.properties.topic_alias = Some(alias);
        }
    }

    fn handle_packet(&mut self, now: Duration, packet: Packet) {
        if let State::AwaitingConnAck { .. } = self.state {
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
            Packet::PubAck(ack) => self.handle_publish_result(now, ack, QoS::AtLeastOnce),
            Packet::PubRec(ack) => self.handle_publish_result(now, ack, QoS::ExactlyOnce),
            Packet::PubRel(ack) => {
                // [MQTT-4.3.3-11] answer PUBREL with PUBCOMP; the message was delivered on PUBLISH.
                let known = self.incoming_qos2.remove(&ack.packet_id);
                let reason = if known { ReasonCode::Success } else { ReasonCode::PacketIdentifierNotFound };
                let _ = self
                    .send(now, &Packet::PubComp(PublishAck { reason_code: reason, ..PublishAck::new(ack.packet_id) }));
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
            self.requeue_in_flight();
        }
        self.flush_waiting(now);
    }

    /// [MQTT-4.4.0-1]: on a resumed session, resend unacknowledged PUBLISH
    /// (with DUP) and PUBREL, in their original order [MQTT-4.6.0-1].
    fn resend_in_flight(&mut self, now: Duration) {
        let in_flight = std::mem::take(&mut self.in_flight);
        for (packet_id, entry) in &in_flight {
            let packet = match entry {
                InFlight::Published(outgoing) => {
                    let mut publish = outgoing.publish.clone();
                    publish.dup = true;
                    publish.packet_id = Some(*packet_id);
                    self.apply_outbound_alias(&mut publish);
                    Packet::Publish(publish)
                }
                InFlight::Released { .. } => Packet::PubRel(PublishAck::new(*packet_id)),
            };
            let _ = self.send(now, &packet);
        }
        self.in_flight = in_flight;
    }

    /// The server forgot the session: unacknowledged publishes go back to
    /// the front of the queue as new messages; QoS 2 publishes the server
    /// already received (PUBREC) count as delivered.
    fn requeue_in_flight(&mut self) {
        self.incoming_qos2.clear();
        let in_flight = std::mem::take(&mut self.in_flight);
        for (packet_id, entry) in in_flight.into_iter().rev() {
            self.packet_ids_in_use.remove(&packet_id);
            match entry {
                InFlight::Published(outgoing) => self.waiting.push_front(*outgoing),
                InFlight::Released { id } => self.events.push_back(Event::PublishAcknowledged {
                    id,
                    reason: ReasonCode::Success,
                    reason_string: None,
                }),
            }
        }
    }

    fn handle_publish(&mut self, now: Duration, mut publish: Publish) {
        if let Some(alias) = publish.properties.topic_alias {
            if alias > self.config.topic_alias_maximum {
                // [MQTT-3.3.2-10] an alias above our maximum is a protocol error.
                self.fail(
                    now,
                    ReasonCode::TopicAliasInvalid,
                    format!("topic alias {alias} exceeds the maximum we announced"),
                );
                return;
            }
            if publish.topic.is_empty() {
                match self.inbound_aliases.get(&alias) {
                    Some(topic) => publish.topic = topic.clone(),
                    None => {
                        self.fail(now, ReasonCode::ProtocolError, format!("topic alias {alias} was never defined"));
                        return;
                    }
                }
            } else {
                self.inbound_aliases.insert(alias, publish.topic.clone());
            }
        }
        match (publish.qos, publish.packet_id) {
            (QoS::AtMostOnce, _) => self.events.push_back(Event::Message(publish)),
            (QoS::AtLeastOnce, Some(packet_id)) => {
                let _ = self.send(now, &Packet::PubAck(PublishAck::new(packet_id)));
                self.events.push_back(Event::Message(publish));
            }
            (QoS::ExactlyOnce, Some(packet_id)) => {
                // [MQTT-4.3.3-9] deliver once; a repeat (DUP) before PUBREL is only acknowledged.
                if !self.incoming_qos2.contains(&packet_id) {
                    if self.incoming_qos2.len() >= usize::from(self.config.receive_maximum) {
                        // [MQTT-3.3.4-9] the server exceeded our receive maximum.
                        self.fail(
                            now,
                            ReasonCode::ReceiveMaximumExceeded,
                            "too many unacknowledged QoS 2 messages".into(),
                        );
                        return;
                    }
                    self.incoming_qos2.insert(packet_id);
                    self.events.push_back(Event::Message(publish));
                }
                let _ = self.send(now, &Packet::PubRec(PublishAck::new(packet_id)));
            }
            (_, None) => {}
        }
    }

    fn position_in_flight(&self, packet_id: u16, wanted: impl Fn(&InFlight) -> bool) -> Option<usize> {
        self.in_flight.iter().position(|(id, entry)| *id == packet_id && wanted(entry))
    }

    fn handle_publish_result(&mut self, now: Duration, ack: PublishAck, qos: QoS) {
        let found = self.position_in_flight(
            ack.packet_id,
            |entry| matches!(entry, InFlight::Published(outgoing) if outgoing.publish.qos == qos),
        );
        let Some(index) = found else {
            if qos == QoS::ExactlyOnce {
                let release =
                    PublishAck { reason_code: ReasonCode::PacketIdentifierNotFound, ..PublishAck::new(ack.packet_id) };
                let _ = self.send(now, &Packet::PubRel(release));
            }
            return;
        };
        let id = match &self.in_flight[index].1 {
            InFlight::Published(outgoing) => outgoing.id,
            InFlight::Released { id } => *id,
        };
        if qos == QoS::ExactlyOnce && !ack.reason_code.is_error() {
            // [MQTT-4.3.3-4] answer PUBREC with PUBREL and wait for PUBCOMP.
            self.in_flight[index].1 = InFlight::Released { id };
            let _ = self.send(now, &Packet::PubRel(PublishAck::new(ack.packet_id)));
            return;
        }
        self.in_flight.remove(index);
        self.packet_ids_in_use.remove(&ack.packet_id);
        self.events.push_back(Event::PublishAcknowledged {
            id,
            reason: ack.reason_code,
            reason_string: ack.properties.reason_string,
        });
        self.flush_waiting(now);
    }

    fn handle_pubcomp(&mut self, now: Duration, ack: PublishAck) {
        let Some(index) = self.position_in_flight(ack.packet_id, |entry| matches!(entry, InFlight::Released { .. }))
        else {
            return;
        };
        if let Some((_, InFlight::Released { id })) = self.in_flight.remove(index) {
            self.packet_ids_in_use.remove(&ack.packet_id);
            self.events.push_back(Event::PublishAcknowledged {
                id,
                reason: ack.reason_code,
                reason_string: ack.properties.reason_string,
            });
        }
        self.flush_waiting(now);
    }

    fn handle_suback(&mut self, suback: SubAck) {
        let Some(filters) = self.pending_subscribes.remove(&suback.packet_id) else { return };
        self.packet_ids_in_use.remove(&suback.packet_id);
        let results = filters
            .into_iter()
            .enumerate()
            .map(|(index, filter)| {
                let result = match suback.reason_codes.get(index) {
                    Some(ReasonCode::Success) => Ok(QoS::AtMostOnce),
                    Some(ReasonCode::GrantedQoS1) => Ok(QoS::AtLeastOnce),
                    Some(ReasonCode::GrantedQoS2) => Ok(QoS::ExactlyOnce),
                    Some(failure) => Err(*failure),
                    None => Err(ReasonCode::ProtocolError),
                };
                (filter, result)
            })
            .collect();
        self.events.push_back(Event::Subscribed { packet_id: suback.packet_id, results });
    }

    fn handle_unsuback(&mut self, unsuback: UnsubAck) {
        let Some(filters) = self.pending_unsubscribes.remove(&unsuback.packet_id) else { return };
        self.packet_ids_in_use.remove(&unsuback.packet_id);
        let results = filters
            .into_iter()
            .enumerate()
            .map(|(index, filter)| (filter, unsuback.reason_codes.get(index).copied().unwrap_or(ReasonCode::Success)))
            .collect();
        self.events.push_back(Event::Unsubscribed { packet_id: unsuback.packet_id, results });
    }

    fn handle_server_disconnect(&mut self, disconnect: Disconnect) {
        self.end(DisconnectReason::ByServer {
            reason: disconnect.reason_code,
            reason_string: disconnect.properties.reason_string,
            server_reference: disconnect.properties.server_reference,
        });
    }

    /// The server broke the protocol: tell it why (5.0) and end the connection.
    fn fail(&mut self, now: Duration, reason: ReasonCode, description: String) {
        if self.options.protocol_version == ProtocolVersion::V5 {
            let _ = self.send(now, &Packet::Disconnect(Disconnect::with_reason(reason)));
        }
        self.end(DisconnectReason::ProtocolViolation { reason, description });
    }

    fn end(&mut self, reason: DisconnectReason) {
        self.state = State::Disconnected;
        for packet_id in self.pending_subscribes.keys().chain(self.pending_unsubscribes.keys()) {
            self.packet_ids_in_use.remove(packet_id);
        }
        self.pending_subscribes.clear();
        self.pending_unsubscribes.clear();
        if !self.options.session_outlives_connection() {
            self.requeue_in_flight();
        }
        self.events.push_back(Event::Disconnected(reason));
    }
}

#[cfg(test)]
mod tests;
