//! The explorer's history as the browser stores it: what a tree recorded
//! since the last save, packed as bytes, and read back into a tree after a
//! reload. A message is packed as (little-endian) the connection and the
//! topic (each a u16 length and UTF-8), its arrival time (f64, ms since
//! the epoch), a flags byte (QoS in bits 0–1, retain in bit 2), the full
//! payload length (u32) and the payload as held (a u16 length and the
//! bytes, cut to the tree's `history_payload_bytes`). Messages follow one
//! another with nothing between, so saves can be joined; a damaged or cut
//! record ends the reading, and what came before it is kept.

use bytes::Bytes;

use super::{TopicMessage, TopicTree};
use crate::Qos;

/// One message read back from storage.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedMessage<'a> {
    /// The connection whose tree it belongs to.
    pub connection: &'a str,
    /// Its topic.
    pub topic: &'a str,
    /// When it arrived, in ms since the epoch.
    pub epoch_ms: f64,
    /// QoS as delivered.
    pub qos: Qos,
    /// The retain flag as delivered.
    pub retain: bool,
    /// The full payload length.
    pub payload_len: usize,
    /// The payload as held (cut to the tree's limit).
    pub payload: &'a [u8],
}

impl TopicTree {
    /// Where the next recorded message's sequence starts: a save that went
    /// up to here has nothing more to write.
    pub fn sequence_end(&self) -> u64 {
        self.next_sequence
    }

    /// Packs every history entry recorded from sequence `since` on (and
    /// still held), oldest first, onto `out`; times are shifted by
    /// `origin_ms` to ms since the epoch. Returns where the next save starts.
    pub fn archive_since(&self, connection: &str, since: u64, origin_ms: f64, out: &mut Vec<u8>) -> u64 {
        // Both lists are in sequence order: the new part is found by halving.
        let first_new = self.history_order.partition_point(|&(_, sequence)| sequence < since);
        for &(id, sequence) in self.history_order.range(first_new..) {
            let node = &self.nodes[id];
            let Ok(held) = node.history.binary_search_by_key(&sequence, |entry| entry.sequence) else { continue };
            let entry = &node.history[held];
            push_text(out, connection);
            push_text(out, &node.topic);
            out.extend_from_slice(&(entry.at_ms + origin_ms).to_le_bytes());
            out.push(entry.qos.as_u8() | u8::from(entry.retain) << 2);
            out.extend_from_slice(&u32::try_from(entry.payload_len).unwrap_or(u32::MAX).to_le_bytes());
            push_bytes(out, &entry.preview);
        }
        self.next_sequence
    }

    /// Records a message read back from storage as it arrived then
    /// (`origin_ms` converts its time back to ms since the page loaded).
    pub fn restore(&mut self, message: &ArchivedMessage, origin_ms: f64) {
        let held = TopicMessage {
            payload: Bytes::copy_from_slice(message.payload),
            qos: message.qos,
            retain: message.retain,
            at_ms: message.epoch_ms - origin_ms,
            properties: None,
        };
        self.insert(message.topic, held, message.payload_len.max(message.payload.len()));
    }
}

fn push_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let held = &bytes[..bytes.len().min(usize::from(u16::MAX))];
    out.extend_from_slice(&(held.len() as u16).to_le_bytes());
    out.extend_from_slice(held);
}

fn push_text(out: &mut Vec<u8>, text: &str) {
    push_bytes(out, text.as_bytes());
}

/// The messages packed in `bytes` by [`TopicTree::archive_since`], oldest
/// first, up to the first damaged record.
pub fn unpack_archive(bytes: &[u8]) -> impl Iterator<Item = ArchivedMessage<'_>> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        let (message, after) = unpack_one(rest)?;
        rest = after;
        Some(message)
    })
}

fn unpack_one(bytes: &[u8]) -> Option<(ArchivedMessage<'_>, &[u8])> {
    let (connection, rest) = take_text(bytes)?;
    let (topic, rest) = take_text(rest)?;
    let (time, rest) = rest.split_first_chunk::<8>()?;
    let (&flags, rest) = rest.split_first()?;
    let (length, rest) = rest.split_first_chunk::<4>()?;
    let (payload, rest) = take_bytes(rest)?;
    let message = ArchivedMessage {
        connection,
        topic,
        epoch_ms: f64::from_le_bytes(*time),
        qos: Qos::try_from(flags & 0b11).ok()?,
        retain: flags & 0b100 != 0,
        payload_len: u32::from_le_bytes(*length) as usize,
        payload,
    };
    Some((message, rest))
}

fn take_bytes(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (length, rest) = bytes.split_first_chunk::<2>()?;
    let length = usize::from(u16::from_le_bytes(*length));
    (rest.len() >= length).then(|| rest.split_at(length))
}

fn take_text(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let (text, rest) = take_bytes(bytes)?;
    Some((std::str::from_utf8(text).ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topic_tree::TreeLimits;
    use mqtt::{Publish, QoS};

    fn publish(topic: &str, payload: &[u8], qos: QoS, retain: bool) -> Publish {
        Publish { qos, retain, ..Publish::new(topic, payload.to_vec()) }
    }

    #[test]
    fn a_save_holds_only_what_came_since_the_last_and_reads_back_into_a_tree() {
        let limits = TreeLimits { history_payload_bytes: 8, ..TreeLimits::default() };
        let mut tree = TopicTree::with_limits(limits);
        tree.record(&publish("lab/pump", b"{\"on\":1}", QoS::AtLeastOnce, false), 100.0);
        let mut first = Vec::new();
        let next = tree.archive_since("home", 0, 1_000_000.0, &mut first);
        assert_eq!(next, 1);
        tree.record(&publish("lab/pump", b"a payload longer than eight", QoS::AtMostOnce, true), 250.0);
        tree.record(&publish("lab/état", b"OFF", QoS::ExactlyOnce, false), 300.0);
        let mut second = Vec::new();
        assert_eq!(tree.archive_since("home", next, 1_000_000.0, &mut second), 3);
        let mut nothing = Vec::new();
        tree.archive_since("home", 3, 1_000_000.0, &mut nothing);
        assert!(nothing.is_empty(), "a save with nothing new writes nothing");

        let joined = [first, second].concat();
        let messages: Vec<_> = unpack_archive(&joined).collect();
        assert_eq!(messages.len(), 3);
        assert_eq!(
            messages[1],
            ArchivedMessage {
                connection: "home",
                topic: "lab/pump",
                epoch_ms: 1_000_250.0,
                qos: Qos::AtMostOnce,
                retain: true,
                payload_len: 27,
                payload: b"a payloa",
            }
        );
        assert_eq!((messages[2].topic, messages[2].qos), ("lab/état", Qos::ExactlyOnce));

        // After a reload: the page's clock started 5 s later.
        let mut restored = TopicTree::with_limits(limits);
        for message in &messages {
            restored.restore(message, 1_005_000.0);
        }
        let detail = restored.detail("lab/pump", 10).unwrap();
        assert_eq!(detail.history.len(), 2);
        assert_eq!(detail.history[0].at_ms, -4_750.0, "newest first, at its own time");
        assert_eq!(detail.history[0].text(), "a payloa… (27 bytes in all)");
        assert!(detail.history[0].retain);
        assert_eq!(restored.topic_count(), 2);
        let mut again = Vec::new();
        restored.archive_since("home", restored.sequence_end(), 0.0, &mut again);
        assert!(again.is_empty(), "what was restored is not saved again");
    }

    #[test]
    fn a_damaged_record_ends_the_reading_and_keeps_what_came_before() {
        let mut tree = TopicTree::new();
        tree.record(&publish("a", b"1", QoS::AtMostOnce, false), 1.0);
        tree.record(&publish("b", b"2", QoS::AtMostOnce, false), 2.0);
        let mut bytes = Vec::new();
        tree.archive_since("c", 0, 0.0, &mut bytes);
        assert_eq!(unpack_archive(&bytes[..bytes.len() - 1]).count(), 1, "a cut record is dropped");
        let mut bad_qos = bytes.clone();
        bad_qos[2 + 1 + 2 + 1 + 8] = 3;
        assert_eq!(unpack_archive(&bad_qos).count(), 0, "QoS 3 is no message");
        assert_eq!(unpack_archive(b"\xff\xff").count(), 0);
        assert_eq!(unpack_archive(&[]).count(), 0);
    }

    #[test]
    fn entries_a_cap_removed_are_not_saved() {
        let mut tree = TopicTree::with_limits(TreeLimits { history_per_topic: 2, ..TreeLimits::default() });
        for (index, payload) in [b"1", b"2", b"3"].iter().enumerate() {
            tree.record(&publish("t", *payload, QoS::AtMostOnce, false), index as f64);
        }
        let mut bytes = Vec::new();
        tree.archive_since("c", 0, 0.0, &mut bytes);
        let payloads: Vec<_> = unpack_archive(&bytes).map(|message| message.payload).collect();
        assert_eq!(payloads, [b"2", b"3"]);
    }
}
