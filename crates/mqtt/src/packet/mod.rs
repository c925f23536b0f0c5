//! MQTT control packets: the [`Packet`] enum, the fixed header, and the
//! two-step decoder (first [`check`] that a whole packet is buffered, then
//! parse it). One module per packet type holds its `read`, `write` and
//! `encoded_len`; PUBACK, PUBREC, PUBREL and PUBCOMP share one shape in
//! [`ack`].

pub mod ack;
pub mod auth;
pub mod connack;
pub mod connect;
mod decoder;
pub mod disconnect;
pub mod publish;
pub mod suback;
pub mod subscribe;
pub mod unsuback;
pub mod unsubscribe;
mod validate;

use std::fmt;

use crate::error::{DecodeError, EncodeError};
use crate::primitives::{
    decode_variable_byte_integer, variable_byte_integer_len, write_variable_byte_integer, Reader,
    MAX_VARIABLE_BYTE_INTEGER,
};
use crate::ProtocolVersion;

pub use ack::PublishAck;
pub use auth::Auth;
pub use connack::ConnAck;
pub use connect::{Connect, LastWill};
pub use decoder::Decoder;
pub use disconnect::Disconnect;
pub use publish::Publish;
pub use suback::SubAck;
pub use subscribe::{RetainHandling, Subscribe, Subscription, SubscriptionOptions};
pub use unsuback::UnsubAck;
pub use unsubscribe::Unsubscribe;

/// The control packet types of section 2.1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum PacketType {
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,
    Auth = 15,
}

impl PacketType {
    fn from_nibble(nibble: u8, version: ProtocolVersion) -> Result<Self, DecodeError> {
        Ok(match nibble {
            1 => PacketType::Connect,
            2 => PacketType::ConnAck,
            3 => PacketType::Publish,
            4 => PacketType::PubAck,
            5 => PacketType::PubRec,
            6 => PacketType::PubRel,
            7 => PacketType::PubComp,
            8 => PacketType::Subscribe,
            9 => PacketType::SubAck,
            10 => PacketType::Unsubscribe,
            11 => PacketType::UnsubAck,
            12 => PacketType::PingReq,
            13 => PacketType::PingResp,
            14 => PacketType::Disconnect,
            15 if version == ProtocolVersion::V5 => PacketType::Auth,
            other => return Err(DecodeError::UnknownPacketType(other)),
        })
    }

    /// The flag bits this packet type must carry; PUBLISH has none fixed
    /// [MQTT-2.1.3-1].
    fn required_flags(self) -> Option<u8> {
        match self {
            PacketType::Publish => None,
            PacketType::PubRel | PacketType::Subscribe | PacketType::Unsubscribe => Some(0b0010),
            _ => Some(0),
        }
    }
}

impl fmt::Display for PacketType {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            PacketType::Connect => "CONNECT",
            PacketType::ConnAck => "CONNACK",
            PacketType::Publish => "PUBLISH",
            PacketType::PubAck => "PUBACK",
            PacketType::PubRec => "PUBREC",
            PacketType::PubRel => "PUBREL",
            PacketType::PubComp => "PUBCOMP",
            PacketType::Subscribe => "SUBSCRIBE",
            PacketType::SubAck => "SUBACK",
            PacketType::Unsubscribe => "UNSUBSCRIBE",
            PacketType::UnsubAck => "UNSUBACK",
            PacketType::PingReq => "PINGREQ",
            PacketType::PingResp => "PINGRESP",
            PacketType::Disconnect => "DISCONNECT",
            PacketType::Auth => "AUTH",
        })
    }
}

/// Any MQTT control packet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Packet {
    /// Boxed: with two property blocks it dwarfs the other variants.
    Connect(Box<Connect>),
    ConnAck(ConnAck),
    Publish(Publish),
    PubAck(PublishAck),
    PubRec(PublishAck),
    PubRel(PublishAck),
    PubComp(PublishAck),
    Subscribe(Subscribe),
    SubAck(SubAck),
    Unsubscribe(Unsubscribe),
    UnsubAck(UnsubAck),
    PingReq,
    PingResp,
    Disconnect(Disconnect),
    Auth(Auth),
}

/// What [`check`] learns from a fixed header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedHeader {
    /// The packet type.
    pub packet_type: PacketType,
    /// The four flag bits.
    pub flags: u8,
    /// Bytes taken by the fixed header itself.
    pub header_len: usize,
    /// The remaining length: bytes after the fixed header.
    pub remaining_len: usize,
}

impl FixedHeader {
    /// The whole packet's size.
    pub fn packet_len(&self) -> usize {
        self.header_len + self.remaining_len
    }
}

/// Checks whether `buffer` starts with a whole packet, without parsing it.
///
/// Returns `Ok(None)` when more bytes are needed. A packet larger than
/// `maximum_packet_size` is refused as soon as its fixed header is read,
/// before its bytes arrive, so an untrusted length never leads to an
/// allocation.
pub fn check(
    buffer: &[u8],
    version: ProtocolVersion,
    maximum_packet_size: u32,
) -> Result<Option<FixedHeader>, DecodeError> {
    let Some(&first) = buffer.first() else {
        return Ok(None);
    };
    let packet_type = PacketType::from_nibble(first >> 4, version)?;
    let flags = first & 0x0F;
    if let Some(required) = packet_type.required_flags() {
        if flags != required {
            return Err(DecodeError::ReservedFlags { packet: packet_type, flags });
        }
    }
    let Some((remaining_len, used)) = decode_variable_byte_integer(&buffer[1..], "remaining length")? else {
        return Ok(None);
    };
    let header = FixedHeader { packet_type, flags, header_len: 1 + used, remaining_len: remaining_len as usize };
    if header.packet_len() > maximum_packet_size as usize {
        return Err(DecodeError::PacketTooLarge { size: header.packet_len(), maximum: maximum_packet_size });
    }
    if buffer.len() < header.packet_len() {
        return Ok(None);
    }
    Ok(Some(header))
}

/// Decodes the first packet of `buffer` if it is all there, returning it
/// with the number of bytes it took. Nothing is consumed on `Ok(None)`.
pub fn decode(
    buffer: &[u8],
    version: ProtocolVersion,
    maximum_packet_size: u32,
) -> Result<Option<(Packet, usize)>, DecodeError> {
    let Some(header) = check(buffer, version, maximum_packet_size)? else {
        return Ok(None);
    };
    let body = &buffer[header.header_len..header.packet_len()];
    let packet = Packet::read(header.packet_type, header.flags, body, version)?;
    Ok(Some((packet, header.packet_len())))
}

impl Packet {
    /// This packet's type.
    pub fn packet_type(&self) -> PacketType {
        match self {
            Packet::Connect(_) => PacketType::Connect,
            Packet::ConnAck(_) => PacketType::ConnAck,
            Packet::Publish(_) => PacketType::Publish,
            Packet::PubAck(_) => PacketType::PubAck,
            Packet::PubRec(_) => PacketType::PubRec,
            Packet::PubRel(_) => PacketType::PubRel,
            Packet::PubComp(_) => PacketType::PubComp,
            Packet::Subscribe(_) => PacketType::Subscribe,
            Packet::SubAck(_) => PacketType::SubAck,
            Packet::Unsubscribe(_) => PacketType::Unsubscribe,
            Packet::UnsubAck(_) => PacketType::UnsubAck,
            Packet::PingReq => PacketType::PingReq,
            Packet::PingResp => PacketType::PingResp,
            Packet::Disconnect(_) => PacketType::Disconnect,
            Packet::Auth(_) => PacketType::Auth,
        }
    }

    /// Parses a packet body whose fixed header was already checked.
    pub fn read(
        packet_type: PacketType,
        flags: u8,
        body: &[u8],
        version: ProtocolVersion,
    ) -> Result<Self, DecodeError> {
        Self::read_from(Reader::new(body, packet_type), flags, version)
    }

    #[inline]
    fn read_from(mut reader: Reader<'_>, flags: u8, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let packet_type = reader.packet();
        let packet = match packet_type {
            PacketType::Connect => Packet::Connect(Box::new(Connect::read(&mut reader)?)),
            PacketType::ConnAck => Packet::ConnAck(ConnAck::read(&mut reader, version)?),
            PacketType::Publish => Packet::Publish(Publish::read(flags, &mut reader, version)?),
            PacketType::PubAck => Packet::PubAck(PublishAck::read(&mut reader, version)?),
            PacketType::PubRec => Packet::PubRec(PublishAck::read(&mut reader, version)?),
            PacketType::PubRel => Packet::PubRel(PublishAck::read(&mut reader, version)?),
            PacketType::PubComp => Packet::PubComp(PublishAck::read(&mut reader, version)?),
            PacketType::Subscribe => Packet::Subscribe(Subscribe::read(&mut reader, version)?),
            PacketType::SubAck => Packet::SubAck(SubAck::read(&mut reader, version)?),
            PacketType::Unsubscribe => Packet::Unsubscribe(Unsubscribe::read(&mut reader, version)?),
            PacketType::UnsubAck => Packet::UnsubAck(UnsubAck::read(&mut reader, version)?),
            PacketType::PingReq => Packet::PingReq,
            PacketType::PingResp => Packet::PingResp,
            PacketType::Disconnect => Packet::Disconnect(Disconnect::read(&mut reader, version)?),
            PacketType::Auth => Packet::Auth(Auth::read(&mut reader)?),
        };
        reader.finish()?;
        Ok(packet)
    }

    fn flags(&self) -> u8 {
        match self {
            Packet::Publish(publish) => publish.flags(),
            other => other.packet_type().required_flags().unwrap_or(0),
        }
    }

    fn body_len(&self, version: ProtocolVersion) -> usize {
        match self {
            Packet::Connect(connect) => connect.body_len(),
            Packet::ConnAck(connack) => connack.body_len(version),
            Packet::Publish(publish) => publish.body_len(version),
            Packet::PubAck(ack) | Packet::PubRec(ack) | Packet::PubRel(ack) | Packet::PubComp(ack) => {
                ack.body_len(version)
            }
            Packet::Subscribe(subscribe) => subscribe.body_len(version),
            Packet::SubAck(suback) => suback.body_len(version),
            Packet::Unsubscribe(unsubscribe) => unsubscribe.body_len(version),
            Packet::UnsubAck(unsuback) => unsuback.body_len(version),
            Packet::PingReq | Packet::PingResp => 0,
            Packet::Disconnect(disconnect) => disconnect.body_len(version),
            Packet::Auth(auth) => auth.body_len(),
        }
    }

    /// The size of the encoded packet, fixed header included.
    pub fn encoded_len(&self, version: ProtocolVersion) -> usize {
        packet_len(self.body_len(version))
    }

    /// Appends the encoded packet to `out`, after [`Packet::check`]: a
    /// packet the decoder would refuse is refused here, and a failed write
    /// leaves `out` as it was.
    ///
    /// CONNECT is encoded at its own protocol version; `version` applies to
    /// every other packet.
    pub fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if let Packet::Publish(publish) = self {
            return publish.write_packet(version, out);
        }
        self.check(version)?;
        let first_byte = ((self.packet_type() as u8) << 4) | self.flags();
        write_framed(first_byte, self.body_len(version), out, |out| match self {
            Packet::Connect(connect) => connect.write(out),
            Packet::ConnAck(connack) => connack.write(version, out),
            Packet::Publish(publish) => publish.write(version, out),
            Packet::PubAck(ack) | Packet::PubRec(ack) | Packet::PubRel(ack) | Packet::PubComp(ack) => {
                ack.write(version, out)
            }
            Packet::Subscribe(subscribe) => subscribe.write(version, out),
            Packet::SubAck(suback) => suback.write(version, out),
            Packet::Unsubscribe(unsubscribe) => unsubscribe.write(version, out),
            Packet::UnsubAck(unsuback) => unsuback.write(version, out),
            Packet::PingReq | Packet::PingResp => Ok(()),
            Packet::Disconnect(disconnect) => disconnect.write(version, out),
            Packet::Auth(auth) => auth.write(out),
        })
    }

    /// The encoded packet as a new vector.
    pub fn to_bytes(&self, version: ProtocolVersion) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.encoded_len(version));
        self.write(version, &mut out)?;
        Ok(out)
    }
}

/// The size of a packet with a body of `body_len` bytes, fixed header included.
pub(crate) fn packet_len(body_len: usize) -> usize {
    1 + variable_byte_integer_len(body_len as u32) + body_len
}

/// Writes a fixed header and the body `write_body` produces; on any error
/// `out` is left as it was [the caller's buffer is never half-written].
pub(crate) fn write_framed(
    first_byte: u8,
    body_len: usize,
    out: &mut Vec<u8>,
    write_body: impl FnOnce(&mut Vec<u8>) -> Result<(), EncodeError>,
) -> Result<(), EncodeError> {
    if body_len > MAX_VARIABLE_BYTE_INTEGER as usize {
        return Err(EncodeError::PacketTooLarge(body_len));
    }
    let start = out.len();
    out.reserve(5 + body_len);
    out.push(first_byte);
    let result = write_variable_byte_integer(out, body_len as u32).and_then(|()| write_body(out));
    match result {
        Ok(()) => {
            debug_assert_eq!(out.len() - start, packet_len(body_len), "body_len disagrees with write");
            Ok(())
        }
        Err(error) => {
            out.truncate(start);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V5: ProtocolVersion = ProtocolVersion::V5;
    const V4: ProtocolVersion = ProtocolVersion::V311;

    #[test]
    fn pingreq_and_pingresp_are_two_bytes() {
        // [MQTT-3.12.1] and [MQTT-3.13.1]: fixed header only.
        assert_eq!(Packet::PingReq.to_bytes(V4).unwrap(), [0xC0, 0x00]);
        assert_eq!(Packet::PingResp.to_bytes(V5).unwrap(), [0xD0, 0x00]);
        assert_eq!(decode(&[0xD0, 0x00], V4, 1024).unwrap(), Some((Packet::PingResp, 2)));
    }

    #[test]
    fn pingresp_with_a_body_is_malformed() {
        assert_eq!(
            decode(&[0xD0, 0x01, 0x00], V4, 1024),
            Err(DecodeError::TrailingBytes { packet: PacketType::PingResp, extra: 1 })
        );
    }

    #[test]
    fn reserved_flag_bits_must_match_the_table() {
        // [MQTT-2.1.3-1] reserved flags: PINGRESP must be 0000, PUBREL/SUBSCRIBE/UNSUBSCRIBE 0010.
        assert_eq!(
            decode(&[0xD1, 0x00], V4, 1024),
            Err(DecodeError::ReservedFlags { packet: PacketType::PingResp, flags: 1 })
        );
        assert_eq!(
            decode(&[0x60, 0x02, 0x00, 0x01], V4, 1024),
            Err(DecodeError::ReservedFlags { packet: PacketType::PubRel, flags: 0 })
        );
    }

    #[test]
    fn packet_types_0_and_15_are_refused_in_3_1_1() {
        // [MQTT-2.2.1] types 0 and (in 3.1.1) 15 are reserved.
        assert_eq!(decode(&[0x00, 0x00], V4, 1024), Err(DecodeError::UnknownPacketType(0)));
        assert_eq!(decode(&[0xF0, 0x00], V4, 1024), Err(DecodeError::UnknownPacketType(15)));
        assert!(decode(&[0xF0, 0x00], V5, 1024).unwrap().is_some());
    }

    #[test]
    fn packet_over_the_maximum_size_is_refused_before_its_bytes_arrive() {
        // A header announcing about 200 MB: refused after 5 bytes, without waiting or allocating.
        let header = [0x30, 0xFF, 0xFF, 0xFF, 0x5F];
        let announced = 127 + 127 * 128 + 127 * 16_384 + 95 * 2_097_152;
        assert_eq!(
            check(&header, V4, 1_000_000),
            Err(DecodeError::PacketTooLarge { size: announced + 5, maximum: 1_000_000 })
        );
    }

    #[test]
    fn remaining_length_of_five_bytes_is_malformed() {
        // [MQTT-1.5.5-1] / [MQTT-2.1.4]: at most four bytes of remaining length.
        assert_eq!(
            check(&[0x30, 0x80, 0x80, 0x80, 0x80, 0x01], V4, u32::MAX),
            Err(DecodeError::MalformedVariableByteInteger { field: "remaining length" })
        );
    }

    #[test]
    fn decoder_returns_packets_split_and_joined_across_chunks() {
        // [MQTT-6.0.0-2] packets need not line up with WebSocket frames.
        let mut stream = Vec::new();
        Packet::PingResp.write(V4, &mut stream).unwrap();
        let publish = Packet::Publish(Publish::new("a/b", b"hello".to_vec()));
        publish.write(V4, &mut stream).unwrap();
        Packet::PingResp.write(V4, &mut stream).unwrap();
        let mut decoder = Decoder::new(V4, 1024);
        let mut packets = Vec::new();
        for byte in &stream {
            decoder.push(std::slice::from_ref(byte));
            while let Some(packet) = decoder.next_packet().unwrap() {
                packets.push(packet);
            }
        }
        assert_eq!(packets, vec![Packet::PingResp, publish, Packet::PingResp]);
        assert_eq!(decoder.buffered(), 0);
    }
}
