//! The topic explorer's data: a tree of every topic seen on a connection,
//! one node per topic level. Each node counts the messages under it (rolled
//! up to its parents as they arrive, so reading a count is O(1)), remembers
//! when its subtree last changed, and, for a topic that carried messages,
//! the last message in full and a bounded history. History is capped per
//! topic and in bytes over the whole tree; the oldest entries anywhere go
//! first. The number of topics is capped too, so a `#` on a huge broker
//! cannot exhaust the tab: topics beyond the cap are counted, not kept.
//!
//! The view never walks the whole tree per frame: it asks for the rows of
//! the expanded nodes ([`TopicTree::visible_rows`]) and renders only the
//! slice on screen.

use std::collections::VecDeque;

use crate::fast_hash::FastMap;

use bytes::Bytes;
use mqtt::{Properties, Publish};

mod archive;
mod export;
mod order;
mod rows;

pub use archive::{unpack_archive, ArchivedMessage};
pub use export::{history_csv, history_json_lines};
use order::Children;
pub use rows::{Expansion, TreeRow};

/// Index of a node in the tree.
pub type NodeId = usize;

const ROOT: NodeId = 0;

/// How a tree is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeLimits {
    /// Topics kept; messages on further new topics are only counted.
    pub max_topics: usize,
    /// History entries kept per topic.
    pub history_per_topic: usize,
    /// Bytes of history payload kept over the whole tree.
    pub history_bytes: usize,
    /// Bytes of a payload kept in a history entry.
    pub history_payload_bytes: usize,
}

impl Default for TreeLimits {
    fn default() -> Self {
        TreeLimits {
            max_topics: 50_000,
            history_per_topic: 100,
            history_bytes: 8 * 1024 * 1024,
            history_payload_bytes: 1024,
        }
    }
}

/// The last message on a topic, complete.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicMessage {
    /// The payload.
    pub payload: Bytes,
    /// QoS 0, 1 or 2.
    pub qos: crate::Qos,
    /// The retain flag as delivered.
    pub retain: bool,
    /// Milliseconds since the page loaded.
    pub at_ms: f64,
    /// MQTT 5.0 properties; None when there were none (3.1.1, or a bare
    /// 5.0 publish), so a plain message costs no copy of them.
    pub properties: Option<Box<Properties>>,
}

/// One message in a topic's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// Increasing over the whole tree.
    pub sequence: u64,
    /// Milliseconds since the page loaded.
    pub at_ms: f64,
    /// The payload, cut to the tree's `history_payload_bytes`: a copy of
    /// its own, so that it keeps no received frame alive and costs one
    /// allocation (a tree holds up to `topics × history_per_topic` of these).
    pub preview: Box<[u8]>,
    /// The full payload length.
    pub payload_len: usize,
    /// QoS 0, 1 or 2.
    pub qos: crate::Qos,
    /// The retain flag as delivered.
    pub retain: bool,
}

impl HistoryEntry {
    /// The payload as one line of text, cut, saying its length when cut.
    pub fn text(&self) -> String {
        let text = String::from_utf8_lossy(&self.preview);
        if self.payload_len > self.preview.len() {
            format!("{text}… ({} bytes in all)", self.payload_len)
        } else {
            text.into_owned()
        }
    }
}

#[derive(Debug)]
struct Node {
    name: String,
    topic: String,
    parent: Option<NodeId>,
    children: Children,
    /// Messages on this topic and every topic under it.
    subtree_count: u64,
    /// When something under this node last arrived.
    subtree_at_ms: f64,
    /// Messages on this very topic.
    own_count: u64,
    last: Option<TopicMessage>,
    history: VecDeque<HistoryEntry>,
}

impl Node {
    fn new(name: String, topic: String, parent: Option<NodeId>) -> Self {
        Node {
            name,
            topic,
            parent,
            children: Children::default(),
            subtree_count: 0,
            subtree_at_ms: 0.0,
            own_count: 0,
            last: None,
            history: VecDeque::new(),
        }
    }

    /// Whether the broker holds a retained message here, as far as the page
    /// has seen: the last message came retained and was not the empty
    /// payload that deletes a retained message [MQTT-3.3.1-10].
    fn holds_retained(&self) -> bool {
        self.last.as_ref().is_some_and(|last| last.retain && !last.payload.is_empty())
    }
}

/// What the detail pane shows about one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDetail {
    /// The topic.
    pub topic: String,
    /// Messages on it.
    pub own_count: u64,
    /// Messages under it, its own included.
    pub subtree_count: u64,
    /// The last message, when one came on this very topic.
    pub last: Option<TopicMessage>,
    /// History, newest first.
    pub history: Vec<HistoryEntry>,
}

/// Every topic seen on one connection.
#[derive(Debug)]
pub struct TopicTree {
    nodes: Vec<Node>,
    by_topic: FastMap<String, NodeId>,
    limits: TreeLimits,
    topics: usize,
    /// Messages on topics beyond `max_topics`.
    pub dropped_messages: u64,
    history_bytes: usize,
    /// (node, sequence) of every history entry, oldest first; entries a
    /// per-topic cap already removed are skipped and compacted away.
    history_order: VecDeque<(NodeId, u64)>,
    history_entries: usize,
    next_sequence: u64,
}

/// Characters of the one-line preview in a tree row.
impl TopicTree {
    /// An empty tree with the default limits.
    pub fn new() -> Self {
        Self::with_limits(TreeLimits::default())
    }

    /// An empty tree with `limits`.
    pub fn with_limits(limits: TreeLimits) -> Self {
        TopicTree {
            nodes: vec![Node::new(String::new(), String::new(), None)],
            by_topic: FastMap::default(),
            limits,
            topics: 0,
            dropped_messages: 0,
            history_bytes: 0,
            history_order: VecDeque::new(),
            history_entries: 0,
            next_sequence: 0,
        }
    }

    /// Topics that carried at least one message.
    pub fn topic_count(&self) -> usize {
        self.topics
    }

    /// Messages recorded in the tree.
    pub fn message_count(&self) -> u64 {
        self.nodes[ROOT].subtree_count
    }

    /// Bytes of payload held in history.
    pub fn history_bytes(&self) -> usize {
        self.history_bytes
    }

    /// Records a received message.
    pub fn record(&mut self, publish: &Publish, at_ms: f64) {
        // A small payload is copied so that it does not keep the whole
        // received frame (which may hold many other messages) alive.
        let payload = if publish.payload.len() <= self.limits.history_payload_bytes {
            Bytes::copy_from_slice(&publish.payload)
        } else {
            publish.payload.clone()
        };
        let message = TopicMessage {
            payload,
            qos: publish.qos.into(),
            retain: publish.retain,
            at_ms,
            properties: (!publish.properties.is_empty()).then(|| Box::new(publish.properties.clone())),
        };
        self.insert(&publish.topic, message, publish.payload.len());
    }

    /// Makes `message` the last on `topic` and appends it to the topic's
    /// history; `payload_len` is its full length (more than the payload
    /// held when it comes back from storage, cut).
    fn insert(&mut self, topic: &str, message: TopicMessage, payload_len: usize) {
        let Some(id) = self.node_for(topic) else {
            self.dropped_messages += 1;
            return;
        };
        let preview: Box<[u8]> = message.payload[..message.payload.len().min(self.limits.history_payload_bytes)].into();
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        let at_ms = message.at_ms;
        let node = &mut self.nodes[id];
        if node.last.is_none() {
            self.topics += 1;
        }
        node.own_count += 1;
        let preview_len = preview.len();
        node.history.push_back(HistoryEntry {
            sequence,
            at_ms,
            preview,
            payload_len,
            qos: message.qos,
            retain: message.retain,
        });
        self.history_bytes += preview_len;
        self.history_entries += 1;
        self.history_order.push_back((id, sequence));
        node.last = Some(message);
        if node.history.len() > self.limits.history_per_topic {
            self.drop_oldest_of(id);
        }
        let mut cursor = Some(id);
        while let Some(current) = cursor {
            let node = &mut self.nodes[current];
            node.subtree_count += 1;
            node.subtree_at_ms = at_ms;
            cursor = node.parent;
        }
        self.enforce_history_budget();
    }

    /// The node for `topic`, made with its parents when new; None when
    /// the topic cap is reached.
    fn node_for(&mut self, topic: &str) -> Option<NodeId> {
        if let Some(&id) = self.by_topic.get(topic) {
            return Some(id);
        }
        if self.by_topic.len() >= self.limits.max_topics {
            return None;
        }
        let mut current = ROOT;
        let mut end = 0;
        for level in topic.split('/') {
            end += level.len();
            let prefix = &topic[..end];
            current = match self.nodes[current].children.get(level) {
                Some(child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(Node::new(level.to_owned(), prefix.to_owned(), Some(current)));
                    self.nodes[current].children.insert(level, child);
                    child
                }
            };
            end += 1; // the '/'
        }
        self.by_topic.insert(topic.to_owned(), current);
        Some(current)
    }

    fn drop_oldest_of(&mut self, id: NodeId) {
        if let Some(entry) = self.nodes[id].history.pop_front() {
            self.history_bytes -= entry.preview.len();
            self.history_entries -= 1;
        }
    }

    fn enforce_history_budget(&mut self) {
        while self.history_bytes > self.limits.history_bytes {
            let Some((id, sequence)) = self.history_order.pop_front() else { break };
            if self.nodes[id].history.front().is_some_and(|entry| entry.sequence == sequence) {
                self.drop_oldest_of(id);
            }
        }
        // Entries removed by the per-topic cap are still listed; compact
        // once they outnumber the live ones, so the list stays bounded.
        if self.history_order.len() > 2 * self.history_entries + 1024 {
            let nodes = &self.nodes;
            self.history_order
                .retain(|&(id, sequence)| nodes[id].history.front().is_some_and(|oldest| oldest.sequence <= sequence));
        }
    }

    /// What the detail pane shows for `topic`, with at most `history` entries.
    pub fn detail(&self, topic: &str, history: usize) -> Option<TopicDetail> {
        let id = self.find(topic)?;
        let node = &self.nodes[id];
        Some(TopicDetail {
            topic: node.topic.clone(),
            own_count: node.own_count,
            subtree_count: node.subtree_count,
            last: node.last.clone(),
            history: node.history.iter().rev().take(history).cloned().collect(),
        })
    }

    /// The node of `topic`: a topic that carried messages, or a level above some.
    pub fn find(&self, topic: &str) -> Option<NodeId> {
        if let Some(&id) = self.by_topic.get(topic) {
            return Some(id);
        }
        topic.split('/').try_fold(ROOT, |current, level| self.nodes[current].children.get(level))
    }

    /// Topics at or under `topic` on which the broker holds a retained message.
    pub fn retained_under(&self, topic: &str) -> Vec<String> {
        let mut found = Vec::new();
        self.for_each_retained_under(topic, |node| found.push(node.topic.clone()));
        found.sort();
        found
    }

    /// How many topics at or under `topic` hold a retained message; no allocation.
    pub fn retained_count_under(&self, topic: &str) -> usize {
        let mut count = 0;
        self.for_each_retained_under(topic, |_| count += 1);
        count
    }

    fn for_each_retained_under(&self, topic: &str, mut visit: impl FnMut(&Node)) {
        let Some(start) = self.find(topic) else { return };
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            let node = &self.nodes[id];
            if node.holds_retained() {
                visit(node);
            }
            stack.extend(node.children.values());
        }
    }

    /// The last payload on `topic` as text, if one came.
    pub fn last_text(&self, topic: &str) -> Option<String> {
        let node = &self.nodes[*self.by_topic.get(topic)?];
        node.last.as_ref().map(|last| String::from_utf8_lossy(&last.payload).into_owned())
    }
}

impl Default for TopicTree {
    fn default() -> Self {
        Self::new()
    }
}

/// How much of a payload a tree row previews.
const PREVIEW_CHARS: usize = 80;

fn one_line_preview(payload: &[u8]) -> String {
    // A character takes at most 4 bytes: this head holds the first PREVIEW_CHARS.
    let head = &payload[..payload.len().min(PREVIEW_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut chars = text.chars().map(|c| if c.is_control() { ' ' } else { c });
    let mut line: String = chars.by_ref().take(PREVIEW_CHARS).collect();
    if chars.next().is_some() || head.len() < payload.len() {
        line.push('…');
    }
    line
}

mod suggest;
#[cfg(test)]
mod tests;
