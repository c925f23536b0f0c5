//! What the session tells its caller: [`Event`]s taken with
//! [`Session::poll_event`](super::Session::poll_event), why a connection
//! ended ([`DisconnectReason`]), why a publish was given up ([`DropReason`])
//! and why a command was refused ([`SessionError`]). Plain data.

use crate::error::EncodeError;
use crate::packet::{Auth, Publish};
use crate::reason::ReasonCode;
use crate::topic::TopicError;
use crate::QoS;

use super::ServerLimits;

/// The session's own number for a publish, stable from
/// [`Session::publish`](super::Session::publish) to its acknowledgement
/// (packet identifiers are assigned only when sent).
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
    /// The client called [`Session::disconnect`](super::Session::disconnect).
    ByClient,
    /// A PINGREQ went unanswered (no packet at all arrived) for half the
    /// keep alive after it was sent, so at most 1.5 × keep alive after the
    /// last packet from the server.
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
    /// The transport closed ([`Session::handle_connection_lost`](super::Session::handle_connection_lost)).
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// The offline queue was full and this was the oldest (QoS 0 first).
    QueueFull,
    /// It cannot go to this server, learnt after it was queued (when
    /// CONNACK brought the limits): a QoS above Maximum QoS
    /// [MQTT-3.2.2-11], a retained message without Retain Available
    /// [MQTT-3.2.2-14], larger than Maximum Packet Size even without a topic
    /// alias [MQTT-3.2.2-15], or not encodable at all.
    CannotSend(SessionError),
    /// The server disconnected for this message twice in a row; it is not
    /// sent again, so the connection can carry on.
    RefusedByServer {
        /// The reason code of the server's second DISCONNECT.
        reason: ReasonCode,
    },
}

impl std::fmt::Display for DropReason {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DropReason::QueueFull => formatter.write_str("the offline queue was full and it was the oldest message"),
            DropReason::CannotSend(error) => write!(formatter, "{error}"),
            DropReason::RefusedByServer { reason } => {
                write!(formatter, "the broker disconnected twice because of it ({})", reason.description())
            }
        }
    }
}

/// Something the caller should know; taken with [`Session::poll_event`](super::Session::poll_event).
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
    /// [`Session::poll_transmit`](super::Session::poll_transmit).
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
    /// The filter has a wildcard and the server has Wildcard Subscription
    /// Available 0 [MQTT-3.2.2-16 (5.0 section 3.2.2.3.12)].
    #[error("the broker does not support wildcard subscriptions, so {filter:?} cannot be subscribed")]
    WildcardSubscriptionsNotSupported {
        /// The filter.
        filter: String,
    },
    /// A subscription identifier was given and the server has Subscription
    /// Identifiers Available 0 (5.0 section 3.2.2.3.13).
    #[error("the broker does not support subscription identifiers")]
    SubscriptionIdentifiersNotSupported,
    /// A shared subscription (`$share/…`) and the server has Shared
    /// Subscription Available 0 (5.0 section 3.2.2.3.14).
    #[error("the broker does not support shared subscriptions, so {filter:?} cannot be subscribed")]
    SharedSubscriptionsNotSupported {
        /// The filter.
        filter: String,
    },
    /// Every packet identifier is in use.
    #[error("all 65,535 packet identifiers are in use")]
    PacketIdentifiersExhausted,
    /// The value cannot be encoded.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}
