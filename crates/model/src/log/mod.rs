//! The message log: a bounded, newest-last record of messages received and
//! sent, with payloads kept as bytes and shown as text, never as markup;
//! the filter the log view applies (connection, topic pattern, text) and the
//! JSON Lines export of what it shows.

use std::collections::VecDeque;

use std::sync::Arc;

use crate::Qos;

/// Whether a message came in or went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Received from the broker.
    Incoming,
    /// Published by this page.
    Outgoing,
}

/// One logged message.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Increasing number, unique within the page.
    pub sequence: u64,
    /// The connection it belongs to (shared by every entry of that connection).
    pub connection_id: Arc<str>,
    /// In or out.
    pub direction: Direction,
    /// The topic.
    pub topic: String,
    /// The payload, cut to [`PREVIEW_BYTES`] for display.
    pub preview: Vec<u8>,
    /// The full payload length.
    pub payload_len: usize,
    /// QoS 0, 1 or 2.
    pub qos: Qos,
    /// The retain flag.
    pub retain: bool,
    /// Milliseconds since the page loaded.
    pub at_ms: f64,
}

/// How much of a payload the log keeps for display.
pub const PREVIEW_BYTES: usize = 4096;

impl LogEntry {
    /// The payload as text: invalid UTF-8 is replaced, a cut payload says so.
    pub fn payload_text(&self) -> String {
        let mut text = String::from_utf8_lossy(&self.preview).into_owned();
        if self.payload_len > self.preview.len() {
            text.push_str(&format!(" … ({} bytes in all)", self.payload_len));
        }
        text
    }

    /// The payload as the expanded row shows it: JSON indented, when the
    /// whole payload is kept and is JSON; else as [`LogEntry::payload_text`].
    pub fn payload_pretty(&self) -> String {
        let whole = self.payload_len == self.preview.len();
        let parsed = whole.then(|| crate::json_text::parse(&self.preview)).flatten();
        let pretty = parsed
            .filter(|value| value.is_object() || value.is_array())
            .and_then(|value| crate::json_text::pretty(&value).ok());
        pretty.unwrap_or_else(|| self.payload_text())
    }
}

/// A bounded log; the oldest entries fall off the front.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageLog {
    entries: VecDeque<LogEntry>,
    capacity: usize,
    /// The most payload bytes the kept entries may hold together.
    byte_limit: usize,
    /// The payload bytes the kept entries hold.
    bytes: usize,
    next_sequence: u64,
    /// Messages received since the page loaded, including those that fell off.
    pub received_total: u64,
    /// Messages sent since the page loaded.
    pub sent_total: u64,
    /// The id of the connection logged last, shared by its entries.
    last_connection: Option<Arc<str>>,
}

impl MessageLog {
    /// An empty log keeping at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        MessageLog {
            entries: VecDeque::new(),
            capacity: capacity.max(1),
            byte_limit: usize::MAX,
            bytes: 0,
            next_sequence: 0,
            received_total: 0,
            sent_total: 0,
            last_connection: None,
        }
    }

    /// The log, keeping at most `bytes` of payload in all as well: the
    /// oldest entries fall off first, whichever bound is reached.
    pub fn with_byte_limit(self, bytes: usize) -> Self {
        MessageLog { byte_limit: bytes.max(PREVIEW_BYTES), ..self }
    }

    /// `connection_id` as the shared text entries hold (one allocation per
    /// connection, not per message).
    fn connection(&mut self, connection_id: &str) -> Arc<str> {
        match &self.last_connection {
            Some(last) if &**last == connection_id => last.clone(),
            _ => self.last_connection.insert(Arc::from(connection_id)).clone(),
        }
    }

    /// Records a message; `payload` is copied up to [`PREVIEW_BYTES`].
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        connection_id: &str,
        direction: Direction,
        topic: &str,
        payload: &[u8],
        qos: Qos,
        retain: bool,
        at_ms: f64,
    ) {
        let connection = self.connection(connection_id);
        self.push(connection, direction, topic.to_owned(), payload, qos, retain, at_ms);
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        connection_id: Arc<str>,
        direction: Direction,
        topic: String,
        payload: &[u8],
        qos: Qos,
        retain: bool,
        at_ms: f64,
    ) {
        match direction {
            Direction::Incoming => self.received_total += 1,
            Direction::Outgoing => self.sent_total += 1,
        }
        let preview = payload[..payload.len().min(PREVIEW_BYTES)].to_vec();
        while self.entries.len() >= self.capacity || self.bytes + preview.len() > self.byte_limit {
            let Some(oldest) = self.entries.pop_front() else { break };
            self.bytes -= oldest.preview.len();
        }
        self.bytes += preview.len();
        self.entries.push_back(LogEntry {
            sequence: self.next_sequence,
            connection_id,
            direction,
            topic,
            preview,
            payload_len: payload.len(),
            qos,
            retain,
            at_ms,
        });
        self.next_sequence += 1;
    }

    /// Counts `count` messages without keeping them: they came in one batch
    /// ahead of at least [`MessageLog::capacity`] newer ones, which would
    /// push them out at once. Sequence numbers stay as if they were kept.
    pub fn count_unkept(&mut self, direction: Direction, count: usize) {
        match direction {
            Direction::Incoming => self.received_total += count as u64,
            Direction::Outgoing => self.sent_total += count as u64,
        }
        self.next_sequence += count as u64;
    }

    /// Records one frame's received messages, taking their topics rather
    /// than copying them: only the newest `capacity` can stay, the rest are
    /// counted.
    pub fn record_received_frame(&mut self, connection_id: &str, messages: Vec<mqtt::Publish>, at_ms: f64) {
        let unkept = messages.len().saturating_sub(self.capacity);
        self.count_unkept(Direction::Incoming, unkept);
        let connection = self.connection(connection_id);
        for publish in messages.into_iter().skip(unkept) {
            let (qos, retain) = (publish.qos.into(), publish.retain);
            self.push(connection.clone(), Direction::Incoming, publish.topic, &publish.payload, qos, retain, at_ms);
        }
    }

    /// How many entries it keeps at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The newest `count` entries, newest first.
    pub fn newest(&self, count: usize) -> impl Iterator<Item = &LogEntry> {
        self.entries.iter().rev().take(count)
    }

    /// Forgets the kept entries (the totals go on counting).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }

    /// The sequence numbers of every kept entry that `filter` lets
    /// through, newest first: what a list that shows a window of them needs.
    pub fn matching_sequences(&self, filter: &LogFilter) -> Vec<u64> {
        self.newest_matching(filter, usize::MAX).map(|entry| entry.sequence).collect()
    }

    /// The kept entry with `sequence`, if it has not fallen off.
    pub fn by_sequence(&self, sequence: u64) -> Option<&LogEntry> {
        let index = self.entries.binary_search_by_key(&sequence, |entry| entry.sequence).ok()?;
        self.entries.get(index)
    }

    /// The payload bytes the kept entries hold.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The newest `count` entries that `filter` lets through, newest first.
    pub fn newest_matching<'a>(&'a self, filter: &'a LogFilter, count: usize) -> impl Iterator<Item = &'a LogEntry> {
        self.entries.iter().rev().filter(|entry| filter.matches(entry)).take(count)
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the log is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Which log entries the view shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogFilter {
    /// Only this connection's messages.
    pub connection: Option<String>,
    /// An MQTT topic filter (`+` and `#` allowed); None shows every topic.
    pub topic_filter: Option<String>,
    /// Text that the topic or the payload must contain (case-insensitive).
    pub text: String,
}

impl LogFilter {
    /// A filter from what the user typed; a malformed topic pattern says why.
    pub fn new(connection: Option<String>, topic_pattern: &str, text: &str) -> Result<LogFilter, crate::FieldError> {
        let pattern = topic_pattern.trim();
        let topic_filter = if pattern.is_empty() {
            None
        } else {
            mqtt::topic::validate_topic_filter(pattern)
                .map_err(|error| crate::FieldError::new(format!("topic pattern {pattern:?}"), error))?;
            Some(pattern.to_owned())
        };
        Ok(LogFilter { connection, topic_filter, text: crate::text::fold_case(text.trim()) })
    }

    /// Whether `entry` passes.
    pub fn matches(&self, entry: &LogEntry) -> bool {
        self.connection.as_ref().is_none_or(|connection| **connection == *entry.connection_id)
            && self.topic_filter.as_ref().is_none_or(|filter| mqtt::topic::filter_matches(filter, &entry.topic))
            && (self.text.is_empty()
                || crate::text::fold_case(&entry.topic).contains(&self.text)
                || crate::text::fold_case(&entry.payload_text()).contains(&self.text))
    }
}

/// One message as the JSON object of an export line: wall-clock time,
/// topic, QoS, retain flag and payload as text (invalid UTF-8 replaced),
/// saying when only its start was kept.
pub fn message_object(
    time_ms: f64,
    topic: &str,
    qos: Qos,
    retain: bool,
    preview: &[u8],
    payload_len: usize,
) -> serde_json::Map<String, serde_json::Value> {
    let mut object = serde_json::Map::new();
    object.insert("time_ms".into(), time_ms.round().into());
    object.insert("topic".into(), topic.into());
    object.insert("qos".into(), qos.as_u8().into());
    object.insert("retain".into(), retain.into());
    object.insert("payload".into(), String::from_utf8_lossy(preview).into());
    object.insert("payload_bytes".into(), payload_len.into());
    object.insert("payload_cut".into(), (payload_len > preview.len()).into());
    object
}

/// `entry` as one line of JSON: [`message_object`] with its connection and
/// direction; the page loaded at `time_origin_ms` since the epoch.
pub fn to_json_line(entry: &LogEntry, time_origin_ms: f64) -> String {
    let mut object = message_object(
        time_origin_ms + entry.at_ms,
        &entry.topic,
        entry.qos,
        entry.retain,
        &entry.preview,
        entry.payload_len,
    );
    object.insert("connection".into(), (*entry.connection_id).into());
    let direction = match entry.direction {
        Direction::Incoming => "in",
        Direction::Outgoing => "out",
    };
    object.insert("direction".into(), direction.into());
    serde_json::Value::Object(object).to_string()
}

#[cfg(test)]
mod tests;
