//! The streaming [`Decoder`]: bytes go in as they arrive, whole packets
//! come out, each checked complete before it is parsed ([`super::check`]).

use bytes::Bytes;

use crate::error::DecodeError;
use crate::primitives::Reader;
use crate::ProtocolVersion;

use super::{check, Packet};

/// A streaming decoder: feed it bytes as they arrive, in chunks of any size,
/// and take whole packets out. WebSocket frames need not line up with
/// packets [MQTT-6.0.0-2]; this is where that is handled.
///
/// Received bytes collect in `pending` until it holds a whole packet; then
/// that buffer is frozen into a shared [`Bytes`] that the packets are parsed
/// from, so PUBLISH payloads are slices of it rather than copies. Only an
/// unfinished packet's tail is ever copied back, so each byte is copied at
/// most twice however the stream is cut.
#[derive(Debug)]
pub struct Decoder {
    pending: Vec<u8>,
    frozen: Bytes,
    /// Bytes of `frozen` already returned as packets.
    position: usize,
    version: ProtocolVersion,
    maximum_packet_size: u32,
}

impl Decoder {
    /// A decoder for `version` refusing packets over `maximum_packet_size` bytes.
    pub fn new(version: ProtocolVersion, maximum_packet_size: u32) -> Self {
        Decoder { pending: Vec::new(), frozen: Bytes::new(), position: 0, version, maximum_packet_size }
    }

    /// Moves what is left of the frozen buffer to the front of `pending`.
    fn thaw(&mut self) {
        if self.position < self.frozen.len() {
            let mut joined = self.frozen[self.position..].to_vec();
            joined.append(&mut self.pending);
            self.pending = joined;
        }
        self.frozen = Bytes::new();
        self.position = 0;
    }

    /// Appends received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.thaw();
        self.pending.extend_from_slice(bytes);
    }

    /// Appends received bytes the caller gives up, without copying them when
    /// nothing else is buffered (the common case: whole packets per frame).
    pub fn push_owned(&mut self, bytes: Vec<u8>) {
        self.thaw();
        if self.pending.is_empty() {
            self.pending = bytes;
        } else {
            self.pending.extend_from_slice(&bytes);
        }
    }

    /// The next whole packet, `Ok(None)` if more bytes are needed. A PUBLISH
    /// payload shares the decoder's buffer rather than being copied.
    pub fn next_packet(&mut self) -> Result<Option<Packet>, DecodeError> {
        if self.position == self.frozen.len() && !self.pending.is_empty() {
            if check(&self.pending, self.version, self.maximum_packet_size)?.is_none() {
                return Ok(None);
            }
            self.frozen = Bytes::from(std::mem::take(&mut self.pending));
            self.position = 0;
        }
        let Some(header) = check(&self.frozen[self.position..], self.version, self.maximum_packet_size)? else {
            // An unfinished packet: keep its bytes where later ones can join them.
            self.thaw();
            return Ok(None);
        };
        let body_start = self.position + header.header_len;
        let end = self.position + header.packet_len();
        self.position = end;
        let reader = Reader::shared(&self.frozen[body_start..end], &self.frozen, header.packet_type);
        Packet::read_from(reader, header.flags, self.version).map(Some)
    }

    /// The first bytes received and not yet returned as packets (the
    /// unread part of the current buffer), to peek at without decoding.
    pub fn unread(&self) -> &[u8] {
        if self.position < self.frozen.len() {
            &self.frozen[self.position..]
        } else {
            &self.pending
        }
    }

    /// Bytes received but not yet returned as packets.
    pub fn buffered(&self) -> usize {
        self.frozen.len() - self.position + self.pending.len()
    }

    /// Forgets buffered bytes, for a new connection.
    pub fn reset(&mut self, version: ProtocolVersion, maximum_packet_size: u32) {
        *self = Decoder::new(version, maximum_packet_size);
    }
}
