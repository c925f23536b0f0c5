//! What the caller configures and what the server grants: the client's own
//! fixed limits ([`SessionConfig`]), what it asks for on CONNECT
//! ([`ConnectOptions`]) and what CONNACK allows ([`ServerLimits`]). Plain
//! data; only [`crate::packet`] and [`crate::properties`] are used.

use std::time::Duration;

use crate::packet::LastWill;
use crate::properties::Properties;
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
    pub(super) fn from_connack(properties: &Properties, requested_keep_alive: u16) -> Self {
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
