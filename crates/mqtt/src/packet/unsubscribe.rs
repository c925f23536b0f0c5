//! UNSUBSCRIBE (section 3.10): topic filters to remove.

use crate::error::{DecodeError, EncodeError};
use crate::primitives::{prefixed_len, write_string, Reader};
use crate::properties::{Properties, PropertyScope};
use crate::topic::validate_topic_filter;
use crate::ProtocolVersion;

/// The UNSUBSCRIBE packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    /// The packet identifier, matched by UNSUBACK.
    pub packet_id: u16,
    /// UNSUBSCRIBE properties (5.0): user properties.
    pub properties: Properties,
    /// At least one topic filter [MQTT-3.10.3-2].
    pub filters: Vec<String>,
}

impl Unsubscribe {
    pub(crate) fn read(reader: &mut Reader<'_>, version: ProtocolVersion) -> Result<Self, DecodeError> {
        let packet_id = reader.packet_identifier()?;
        let properties = match version {
            ProtocolVersion::V5 => Properties::read(reader, PropertyScope::Packet(reader.packet()))?,
            ProtocolVersion::V311 => Properties::default(),
        };
        let mut filters = Vec::new();
        while !reader.is_empty() {
            let filter = reader.string("topic filter")?;
            validate_topic_filter(&filter).map_err(DecodeError::InvalidTopicFilter)?;
            filters.push(filter);
        }
        if filters.is_empty() {
            return Err(DecodeError::NoTopicFilters { packet: reader.packet() });
        }
        Ok(Unsubscribe { packet_id, properties, filters })
    }

    pub(crate) fn body_len(&self, version: ProtocolVersion) -> usize {
        let properties = if version == ProtocolVersion::V5 { self.properties.encoded_len() } else { 0 };
        2 + properties + self.filters.iter().map(|filter| prefixed_len(filter.len())).sum::<usize>()
    }

    pub(crate) fn write(&self, version: ProtocolVersion, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.filters.is_empty() {
            return Err(EncodeError::Unsupported("UNSUBSCRIBE needs at least one topic filter"));
        }
        out.extend_from_slice(&self.packet_id.to_be_bytes());
        if version == ProtocolVersion::V5 {
            self.properties.write(out)?;
        }
        for filter in &self.filters {
            write_string(out, "topic filter", filter)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::packet::{decode, Packet, PacketType};

    #[test]
    fn v311_unsubscribe_matches_the_byte_layout_of_section_3_10() {
        // [MQTT-3.10.1-1] flags 0010.
        let packet = Packet::Unsubscribe(Unsubscribe {
            packet_id: 4,
            properties: Properties::default(),
            filters: vec!["a/b".into()],
        });
        assert_eq!(packet.to_bytes(ProtocolVersion::V311).unwrap(), [0xA2, 7, 0, 4, 0, 3, b'a', b'/', b'b']);
    }

    #[test]
    fn v5_unsubscribe_round_trips() {
        let packet = Packet::Unsubscribe(Unsubscribe {
            packet_id: 4,
            properties: Properties { user_properties: vec![("why".into(), "done".into())], ..Properties::default() },
            filters: vec!["a/#".into(), "b/+".into()],
        });
        let bytes = packet.to_bytes(ProtocolVersion::V5).unwrap();
        assert_eq!(decode(&bytes, ProtocolVersion::V5, 1024).unwrap(), Some((packet, bytes.len())));
    }

    #[test]
    fn unsubscribe_without_filters_is_refused() {
        // [MQTT-3.10.3-2]
        assert_eq!(
            decode(&[0xA2, 2, 0, 4], ProtocolVersion::V311, 1024),
            Err(DecodeError::NoTopicFilters { packet: PacketType::Unsubscribe })
        );
    }
}
