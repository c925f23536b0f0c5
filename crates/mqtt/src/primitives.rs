//! The data representations of MQTT section 1.5, written once and shared by
//! 3.1.1 and 5.0: two- and four-byte integers, variable byte integers, UTF-8
//! strings, binary data and string pairs. [`Reader`] reads them from one
//! complete packet body without ever looking past its end; the `write_*`
//! functions append them to a `Vec<u8>`.

use bytes::Bytes;

use crate::error::{DecodeError, EncodeError};
use crate::packet::PacketType;

/// The largest value a variable byte integer can hold [MQTT-1.5.5].
pub const MAX_VARIABLE_BYTE_INTEGER: u32 = 268_435_455;

/// A bounds-checked cursor over one packet's bytes.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
    packet: PacketType,
    /// The shared buffer `bytes` lies in, if any, so payloads can share it.
    owner: Option<&'a Bytes>,
}

impl<'a> Reader<'a> {
    /// A reader over `bytes`, which belong to a packet of type `packet`.
    pub fn new(bytes: &'a [u8], packet: PacketType) -> Self {
        Reader { bytes, position: 0, packet, owner: None }
    }

    /// A reader over `bytes`, a part of `owner`: [`Reader::rest_shared`]
    /// then returns payloads without copying.
    pub fn shared(bytes: &'a [u8], owner: &'a Bytes, packet: PacketType) -> Self {
        Reader { bytes, position: 0, packet, owner: Some(owner) }
    }

    /// The packet type this reader reports in its errors.
    pub fn packet(&self) -> PacketType {
        self.packet
    }

    /// How many bytes are left.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.position
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    fn end(&self, field: &'static str) -> DecodeError {
        DecodeError::UnexpectedEnd { packet: self.packet, field }
    }

    /// Takes the next `len` bytes.
    pub fn bytes(&mut self, len: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        if self.remaining() < len {
            return Err(self.end(field));
        }
        let taken = &self.bytes[self.position..self.position + len];
        self.position += len;
        Ok(taken)
    }

    /// Takes every byte that is left.
    pub fn rest(&mut self) -> &'a [u8] {
        let taken = &self.bytes[self.position..];
        self.position = self.bytes.len();
        taken
    }

    /// Takes every byte that is left as [`Bytes`]: shared with the received
    /// buffer when there is one, copied otherwise.
    pub fn rest_shared(&mut self) -> Bytes {
        let rest = self.rest();
        match self.owner {
            Some(owner) if !rest.is_empty() => owner.slice_ref(rest),
            _ => Bytes::copy_from_slice(rest),
        }
    }

    /// A new reader over the next `len` bytes, sharing this one's owner.
    pub fn sub_reader(&mut self, len: usize, field: &'static str) -> Result<Reader<'a>, DecodeError> {
        let bytes = self.bytes(len, field)?;
        Ok(Reader { bytes, position: 0, packet: self.packet, owner: self.owner })
    }

    /// A one-byte integer.
    pub fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        Ok(self.bytes(1, field)?[0])
    }

    /// A two-byte big-endian integer [MQTT-1.5.2].
    pub fn u16(&mut self, field: &'static str) -> Result<u16, DecodeError> {
        let raw = self.bytes(2, field)?;
        Ok(u16::from_be_bytes([raw[0], raw[1]]))
    }

    /// A four-byte big-endian integer [MQTT-1.5.3].
    pub fn u32(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        let raw = self.bytes(4, field)?;
        Ok(u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]))
    }

    /// A packet identifier, which must not be zero [MQTT-2.2.1-3].
    pub fn packet_identifier(&mut self) -> Result<u16, DecodeError> {
        match self.u16("packet identifier")? {
            0 => Err(DecodeError::ZeroPacketIdentifier { packet: self.packet }),
            identifier => Ok(identifier),
        }
    }

    /// A variable byte integer [MQTT-1.5.5].
    pub fn variable_byte_integer(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        match decode_variable_byte_integer(&self.bytes[self.position..], field)? {
            Some((value, used)) => {
                self.position += used;
                Ok(value)
            }
            None => Err(self.end(field)),
        }
    }

    /// Length-prefixed binary data [MQTT-1.5.6].
    pub fn binary(&mut self, field: &'static str) -> Result<&'a [u8], DecodeError> {
        let len = self.u16(field)? as usize;
        self.bytes(len, field)
    }

    /// A length-prefixed UTF-8 string, checked per [MQTT-1.5.4-1] and [MQTT-1.5.4-2].
    pub fn string(&mut self, field: &'static str) -> Result<String, DecodeError> {
        self.text(field).map(str::to_owned)
    }

    /// Like [`Reader::string`], borrowed from the packet, for a caller that
    /// checks more before it copies.
    pub fn text(&mut self, field: &'static str) -> Result<&'a str, DecodeError> {
        let text = self.utf8(field)?;
        // A plain loop: strings here are short, where memchr's setup costs more than the scan.
        if text.bytes().any(|byte| byte == 0) {
            return Err(DecodeError::NullCharacter { field });
        }
        Ok(text)
    }

    /// A length-prefixed string checked for UTF-8 only [MQTT-1.5.4-1], for
    /// a caller whose own check covers U+0000 (a topic name's single pass).
    pub fn utf8(&mut self, field: &'static str) -> Result<&'a str, DecodeError> {
        let raw = self.binary(field)?;
        std::str::from_utf8(raw).map_err(|_| DecodeError::InvalidUtf8 { field })
    }

    /// Fails if any byte is left over.
    pub fn finish(&self) -> Result<(), DecodeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes { packet: self.packet, extra: self.remaining() })
        }
    }
}

/// Decodes a variable byte integer from the start of `bytes`.
///
/// Returns `Ok(None)` when `bytes` ends before the integer does, and the
/// value with the number of bytes it used otherwise.
pub fn decode_variable_byte_integer(bytes: &[u8], field: &'static str) -> Result<Option<(u32, usize)>, DecodeError> {
    let mut value: u32 = 0;
    for (index, byte) in bytes.iter().enumerate() {
        if index == 4 {
            return Err(DecodeError::MalformedVariableByteInteger { field });
        }
        value |= u32::from(byte & 0x7F) << (7 * index);
        if byte & 0x80 == 0 {
            return Ok(Some((value, index + 1)));
        }
    }
    if bytes.len() >= 4 {
        return Err(DecodeError::MalformedVariableByteInteger { field });
    }
    Ok(None)
}

/// How many bytes `value` takes as a variable byte integer.
pub fn variable_byte_integer_len(value: u32) -> usize {
    match value {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    }
}

/// Appends `value` as a variable byte integer.
pub fn write_variable_byte_integer(out: &mut Vec<u8>, value: u32) -> Result<(), EncodeError> {
    if value > MAX_VARIABLE_BYTE_INTEGER {
        return Err(EncodeError::PacketTooLarge(value as usize));
    }
    let mut rest = value;
    loop {
        let mut byte = (rest & 0x7F) as u8;
        rest >>= 7;
        if rest > 0 {
            byte |= 0x80;
        }
        out.push(byte);
        if rest == 0 {
            return Ok(());
        }
    }
}

/// Appends length-prefixed binary data.
pub fn write_binary(out: &mut Vec<u8>, field: &'static str, data: &[u8]) -> Result<(), EncodeError> {
    let len = u16::try_from(data.len()).map_err(|_| EncodeError::FieldTooLong { field, len: data.len() })?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(data);
    Ok(())
}

/// Appends a length-prefixed UTF-8 string.
pub fn write_string(out: &mut Vec<u8>, field: &'static str, text: &str) -> Result<(), EncodeError> {
    write_binary(out, field, text.as_bytes())
}

/// How many bytes a length-prefixed string or binary field of `len` bytes takes.
pub fn prefixed_len(len: usize) -> usize {
    2 + len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(value: u32) -> Vec<u8> {
        let mut out = Vec::new();
        write_variable_byte_integer(&mut out, value).unwrap();
        out
    }

    #[test]
    fn variable_byte_integer_boundaries_match_the_table_in_section_1_5_5() {
        // [MQTT-1.5.5] table 1.1: the boundaries of 1..4 byte encodings.
        let cases: [(u32, &[u8]); 8] = [
            (0, &[0x00]),
            (127, &[0x7F]),
            (128, &[0x80, 0x01]),
            (16_383, &[0xFF, 0x7F]),
            (16_384, &[0x80, 0x80, 0x01]),
            (2_097_151, &[0xFF, 0xFF, 0x7F]),
            (2_097_152, &[0x80, 0x80, 0x80, 0x01]),
            (268_435_455, &[0xFF, 0xFF, 0xFF, 0x7F]),
        ];
        for (value, bytes) in cases {
            assert_eq!(encode(value), bytes, "encoding {value}");
            assert_eq!(variable_byte_integer_len(value), bytes.len());
            assert_eq!(decode_variable_byte_integer(bytes, "test").unwrap(), Some((value, bytes.len())));
        }
    }

    #[test]
    fn variable_byte_integer_longer_than_four_bytes_is_malformed() {
        // [MQTT-1.5.5-1] at most four bytes.
        let error = decode_variable_byte_integer(&[0x80, 0x80, 0x80, 0x80, 0x01], "remaining length");
        assert_eq!(error, Err(DecodeError::MalformedVariableByteInteger { field: "remaining length" }));
        assert_eq!(
            decode_variable_byte_integer(&[0xFF, 0xFF, 0xFF, 0xFF], "x"),
            Err(DecodeError::MalformedVariableByteInteger { field: "x" })
        );
    }

    #[test]
    fn incomplete_variable_byte_integer_asks_for_more_bytes() {
        assert_eq!(decode_variable_byte_integer(&[0x80, 0x80], "x"), Ok(None));
        assert_eq!(decode_variable_byte_integer(&[], "x"), Ok(None));
    }

    #[test]
    fn variable_byte_integer_over_the_maximum_is_refused_on_encode() {
        let mut out = Vec::new();
        assert!(write_variable_byte_integer(&mut out, MAX_VARIABLE_BYTE_INTEGER + 1).is_err());
    }

    #[test]
    fn string_with_invalid_utf8_is_refused() {
        // [MQTT-1.5.4-1] well-formed UTF-8 only.
        let bytes = [0x00, 0x02, 0xC3, 0x28];
        let mut reader = Reader::new(&bytes, PacketType::Publish);
        assert_eq!(reader.string("topic name"), Err(DecodeError::InvalidUtf8 { field: "topic name" }));
    }

    #[test]
    fn string_with_null_character_is_refused() {
        // [MQTT-1.5.4-2] no U+0000.
        let bytes = [0x00, 0x03, b'a', 0x00, b'b'];
        let mut reader = Reader::new(&bytes, PacketType::Publish);
        assert_eq!(reader.string("topic name"), Err(DecodeError::NullCharacter { field: "topic name" }));
    }

    #[test]
    fn string_longer_than_the_packet_reports_the_field() {
        let bytes = [0x00, 0x09, b'a'];
        let mut reader = Reader::new(&bytes, PacketType::Connect);
        assert_eq!(
            reader.string("client identifier"),
            Err(DecodeError::UnexpectedEnd { packet: PacketType::Connect, field: "client identifier" })
        );
    }

    #[test]
    fn string_over_65535_bytes_is_refused_on_encode() {
        let long = "x".repeat(70_000);
        let mut out = Vec::new();
        assert_eq!(
            write_string(&mut out, "topic name", &long),
            Err(EncodeError::FieldTooLong { field: "topic name", len: 70_000 })
        );
    }
}
