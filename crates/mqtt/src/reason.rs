//! Reason codes: MQTT 5.0's one-byte outcome codes (section 2.4), which also
//! stand for MQTT 3.1.1's CONNACK return codes and SUBACK results, so the
//! session reports one type for both versions.

use std::fmt;

use crate::error::{DecodeError, EncodeError};
use crate::primitives::Reader;
use crate::properties::{Properties, PropertyScope};

macro_rules! reason_codes {
    ($($name:ident = $value:literal, $text:literal;)*) => {
        /// A reason code of MQTT 5.0 section 2.4.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum ReasonCode {
            $($name = $value,)*
        }

        impl ReasonCode {
            /// The code for a byte, if MQTT 5.0 defines one.
            pub fn from_byte(byte: u8) -> Option<Self> {
                match byte {
                    $($value => Some(ReasonCode::$name),)*
                    _ => None,
                }
            }

            /// A sentence a person can read, e.g. "bad user name or password".
            pub fn description(self) -> &'static str {
                match self {
                    $(ReasonCode::$name => $text,)*
                }
            }
        }
    };
}

reason_codes! {
    Success = 0x00, "success";
    GrantedQoS1 = 0x01, "granted QoS 1";
    GrantedQoS2 = 0x02, "granted QoS 2";
    DisconnectWithWillMessage = 0x04, "disconnect with Will message";
    NoMatchingSubscribers = 0x10, "no matching subscribers";
    NoSubscriptionExisted = 0x11, "no subscription existed";
    ContinueAuthentication = 0x18, "continue authentication";
    ReAuthenticate = 0x19, "re-authenticate";
    UnspecifiedError = 0x80, "unspecified error";
    MalformedPacket = 0x81, "malformed packet";
    ProtocolError = 0x82, "protocol error";
    ImplementationSpecificError = 0x83, "implementation specific error";
    UnsupportedProtocolVersion = 0x84, "unsupported protocol version";
    ClientIdentifierNotValid = 0x85, "client identifier not valid";
    BadUserNameOrPassword = 0x86, "bad user name or password";
    NotAuthorized = 0x87, "not authorized";
    ServerUnavailable = 0x88, "server unavailable";
    ServerBusy = 0x89, "server busy";
    Banned = 0x8A, "banned";
    ServerShuttingDown = 0x8B, "server shutting down";
    BadAuthenticationMethod = 0x8C, "bad authentication method";
    KeepAliveTimeout = 0x8D, "keep alive timeout";
    SessionTakenOver = 0x8E, "session taken over by another client";
    TopicFilterInvalid = 0x8F, "topic filter invalid";
    TopicNameInvalid = 0x90, "topic name invalid";
    PacketIdentifierInUse = 0x91, "packet identifier in use";
    PacketIdentifierNotFound = 0x92, "packet identifier not found";
    ReceiveMaximumExceeded = 0x93, "receive maximum exceeded";
    TopicAliasInvalid = 0x94, "topic alias invalid";
    PacketTooLarge = 0x95, "packet too large";
    MessageRateTooHigh = 0x96, "message rate too high";
    QuotaExceeded = 0x97, "quota exceeded";
    AdministrativeAction = 0x98, "administrative action";
    PayloadFormatInvalid = 0x99, "payload format invalid";
    RetainNotSupported = 0x9A, "retain not supported";
    QoSNotSupported = 0x9B, "QoS not supported";
    UseAnotherServer = 0x9C, "use another server";
    ServerMoved = 0x9D, "server moved";
    SharedSubscriptionsNotSupported = 0x9E, "shared subscriptions not supported";
    ConnectionRateExceeded = 0x9F, "connection rate exceeded";
    MaximumConnectTime = 0xA0, "maximum connect time";
    SubscriptionIdentifiersNotSupported = 0xA1, "subscription identifiers not supported";
    WildcardSubscriptionsNotSupported = 0xA2, "wildcard subscriptions not supported";
}

impl ReasonCode {
    /// The byte on the wire.
    pub fn byte(self) -> u8 {
        self as u8
    }

    /// Whether the code reports a failure (0x80 and above) [MQTT-2.4].
    pub fn is_error(self) -> bool {
        self.byte() >= 0x80
    }

    /// The MQTT 3.1.1 CONNACK return code for this reason, if it has one
    /// [MQTT-3.2.2.3].
    pub fn to_v311_connack(self) -> Option<u8> {
        Some(match self {
            ReasonCode::Success => 0,
            ReasonCode::UnsupportedProtocolVersion => 1,
            ReasonCode::ClientIdentifierNotValid => 2,
            ReasonCode::ServerUnavailable => 3,
            ReasonCode::BadUserNameOrPassword => 4,
            ReasonCode::NotAuthorized => 5,
            _ => return None,
        })
    }

    /// The reason for an MQTT 3.1.1 CONNACK return code [MQTT-3.2.2.3].
    pub fn from_v311_connack(code: u8) -> Option<Self> {
        Some(match code {
            0 => ReasonCode::Success,
            1 => ReasonCode::UnsupportedProtocolVersion,
            2 => ReasonCode::ClientIdentifierNotValid,
            3 => ReasonCode::ServerUnavailable,
            4 => ReasonCode::BadUserNameOrPassword,
            5 => ReasonCode::NotAuthorized,
            _ => return None,
        })
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} ({:#04x})", self.description(), self.byte())
    }
}

/// Reads a reason code that must be one of `allowed` in this packet.
pub(crate) fn read_reason_code(reader: &mut Reader<'_>, allowed: &[u8]) -> Result<ReasonCode, DecodeError> {
    let code = reader.u8("reason code")?;
    match ReasonCode::from_byte(code) {
        Some(reason) if allowed.contains(&code) => Ok(reason),
        _ => Err(DecodeError::InvalidReasonCode { packet: reader.packet(), code }),
    }
}

/// Reads the optional reason code and properties that end PUBACK, PUBREC,
/// PUBREL, PUBCOMP, DISCONNECT and AUTH in MQTT 5.0: both may be left out
/// when the reason is success and there are no properties
/// [MQTT-3.4.2.1], [MQTT-3.14.2.1], [MQTT-3.15.2.1].
pub(crate) fn read_optional_reason_and_properties(
    reader: &mut Reader<'_>,
    allowed: &[u8],
) -> Result<(ReasonCode, Properties), DecodeError> {
    if reader.is_empty() {
        return Ok((ReasonCode::Success, Properties::default()));
    }
    let reason = read_reason_code(reader, allowed)?;
    let properties = if reader.is_empty() {
        Properties::default()
    } else {
        Properties::read(reader, PropertyScope::Packet(reader.packet()))?
    };
    Ok((reason, properties))
}

/// The length of what [`write_optional_reason_and_properties`] writes.
pub(crate) fn optional_reason_and_properties_len(reason: ReasonCode, properties: &Properties) -> usize {
    match (reason, properties.is_empty()) {
        (ReasonCode::Success, true) => 0,
        (_, true) => 1,
        (_, false) => 1 + properties.encoded_len(),
    }
}

/// Writes the reason code and properties, leaving out whatever may be left out.
pub(crate) fn write_optional_reason_and_properties(
    out: &mut Vec<u8>,
    reason: ReasonCode,
    properties: &Properties,
) -> Result<(), EncodeError> {
    match (reason, properties.is_empty()) {
        (ReasonCode::Success, true) => Ok(()),
        (_, true) => {
            out.push(reason.byte());
            Ok(())
        }
        (_, false) => {
            out.push(reason.byte());
            properties.write(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_defined_byte_round_trips_and_undefined_bytes_are_refused() {
        let mut defined = 0;
        for byte in 0..=255u8 {
            if let Some(code) = ReasonCode::from_byte(byte) {
                assert_eq!(code.byte(), byte);
                defined += 1;
            }
        }
        // MQTT 5.0 section 2.4 table 2-6 defines 43 distinct byte values.
        assert_eq!(defined, 43);
        assert_eq!(ReasonCode::from_byte(0x03), None);
    }

    #[test]
    fn v311_connack_return_codes_map_both_ways() {
        // [MQTT-3.2.2.3] table 3.1: return codes 0..=5.
        for code in 0..=5 {
            let reason = ReasonCode::from_v311_connack(code).unwrap();
            assert_eq!(reason.to_v311_connack(), Some(code));
        }
        assert_eq!(ReasonCode::from_v311_connack(6), None);
        assert_eq!(ReasonCode::BadUserNameOrPassword.description(), "bad user name or password");
    }
}
