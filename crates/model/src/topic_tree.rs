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

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use bytes::Bytes;
use mqtt::{Properties, Publish};

use super::value::{parse_number, read_payload, JsonPath};
use super::{SeriesSpec, Widget, WidgetKind};

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
    /// MQTT 5.0 properties (empty for 3.1.1).
    pub properties: Properties,
}

/// One message in a topic's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// Increasing over the whole tree.
    pub sequence: u64,
    /// Milliseconds since the page loaded.
    pub at_ms: f64,
    /// The payload, cut to the tree's `history_payload_bytes`.
    pub preview: Bytes,
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

/// A topic level's name, ordered the way people read numbered names:
/// `s2` before `s10`, `room 9` before `room 10`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LevelName(String);

impl Ord for LevelName {
    fn cmp(&self, other: &Self) -> Ordering {
        natural_order(&self.0, &other.0).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for LevelName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares runs of digits by their value and everything else as text.
fn natural_order(left: &str, right: &str) -> Ordering {
    let (mut left, mut right) = (left.as_bytes(), right.as_bytes());
    loop {
        match (left.first(), right.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(a), Some(b)) if a.is_ascii_digit() && b.is_ascii_digit() => {
                let (left_digits, left_rest) = split_digits(left);
                let (right_digits, right_rest) = split_digits(right);
                let (a, b) = (trim_zeros(left_digits), trim_zeros(right_digits));
                let order = a.len().cmp(&b.len()).then_with(|| a.cmp(b));
                if order != Ordering::Equal {
                    return order;
                }
                (left, right) = (left_rest, right_rest);
            }
            (Some(a), Some(b)) => {
                if a != b {
                    return a.cmp(b);
                }
                (left, right) = (&left[1..], &right[1..]);
            }
        }
    }
}

fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    bytes.split_at(bytes.iter().position(|byte| !byte.is_ascii_digit()).unwrap_or(bytes.len()))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    &digits[digits.iter().position(|&digit| digit != b'0').unwrap_or(digits.len())..]
}

#[derive(Debug)]
struct Node {
    name: String,
    topic: String,
    parent: Option<NodeId>,
    children: BTreeMap<LevelName, NodeId>,
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
            children: BTreeMap::new(),
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

/// Which nodes are open: all or none by default, with exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Open unless toggled.
    pub all_open: bool,
    /// Topics whose state is the opposite of the default.
    pub toggled: HashSet<String>,
}

impl Expansion {
    /// Whether the node for `topic` shows its children.
    pub fn is_open(&self, topic: &str) -> bool {
        self.all_open != self.toggled.contains(topic)
    }

    /// Opens or closes `topic`.
    pub fn toggle(&mut self, topic: &str) {
        if !self.toggled.remove(topic) {
            self.toggled.insert(topic.to_owned());
        }
    }

    /// Opens or closes everything.
    pub fn set_all(&mut self, open: bool) {
        self.all_open = open;
        self.toggled.clear();
    }
}

/// One line of the tree as the view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    /// The full topic of the node (levels joined by `/`).
    pub topic: String,
    /// This level's name.
    pub name: String,
    /// Levels from the top, 0 for the first.
    pub depth: usize,
    /// Messages under the node, its own included.
    pub count: u64,
    /// Whether it has levels below.
    pub has_children: bool,
    /// Whether those are shown.
    pub open: bool,
    /// Whether the broker holds a retained message on this very topic.
    pub retained: bool,
    /// The last payload on this very topic, one line, cut.
    pub preview: Option<String>,
    /// When something under it last arrived.
    pub at_ms: f64,
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
    by_topic: HashMap<String, NodeId>,
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
const PREVIEW_CHARS: usize = 80;

impl TopicTree {
    /// An empty tree with the default limits.
    pub fn new() -> Self {
        Self::with_limits(TreeLimits::default())
    }

    /// An empty tree with `limits`.
    pub fn with_limits(limits: TreeLimits) -> Self {
        TopicTree {
            nodes: vec![Node::new(String::new(), String::new(), None)],
            by_topic: HashMap::new(),
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
        let Some(id) = self.node_for(&publish.topic) else {
            self.dropped_messages += 1;
            return;
        };
        // A small payload is copied so that it does not keep the whole
        // received frame (which may hold many other messages) alive.
        let payload = if publish.payload.len() <= self.limits.history_payload_bytes {
            Bytes::copy_from_slice(&publish.payload)
        } else {
            publish.payload.clone()
        };
        let preview = payload.slice(..payload.len().min(self.limits.history_payload_bytes));
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        let node = &mut self.nodes[id];
        if node.last.is_none() {
            self.topics += 1;
        }
        node.own_count += 1;
        node.history.push_back(HistoryEntry {
            sequence,
            at_ms,
            preview: if preview.len() == payload.len() { payload.clone() } else { Bytes::copy_from_slice(&preview) },
            payload_len: payload.len(),
            qos: publish.qos.into(),
            retain: publish.retain,
        });
        self.history_bytes += preview.len();
        self.history_entries += 1;
        self.history_order.push_back((id, sequence));
        node.last = Some(TopicMessage {
            payload,
            qos: publish.qos.into(),
            retain: publish.retain,
            at_ms,
            properties: publish.properties.clone(),
        });
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
            current = match self.nodes[current].children.get(&LevelName(level.to_owned())) {
                Some(&child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(Node::new(level.to_owned(), prefix.to_owned(), Some(current)));
                    self.nodes[current].children.insert(LevelName(level.to_owned()), child);
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

    /// The rows of the open part of the tree, `range` of them, and how many
    /// there are in all. With a non-empty `search`, only topics containing
    /// it (and the levels leading to them) are listed, all open.
    pub fn visible_rows(
        &self,
        expansion: &Expansion,
        search: &str,
        range: std::ops::Range<usize>,
    ) -> (usize, Vec<TreeRow>) {
        let search = search.trim();
        let wanted = (!search.is_empty()).then(|| self.nodes_matching(search));
        let mut rows = Vec::new();
        let mut total = 0;
        let mut stack: Vec<(NodeId, usize)> = self.nodes[ROOT].children.values().rev().map(|&id| (id, 0)).collect();
        while let Some((id, depth)) = stack.pop() {
            let node = &self.nodes[id];
            if wanted.as_ref().is_some_and(|wanted| !wanted.contains(&id)) {
                continue;
            }
            let open = wanted.is_some() || expansion.is_open(&node.topic);
            if range.contains(&total) {
                rows.push(self.row(id, depth, open));
            }
            total += 1;
            if open {
                stack.extend(node.children.values().rev().map(|&child| (child, depth + 1)));
            }
        }
        (total, rows)
    }

    /// Nodes whose topic contains `search` (case-insensitively), with their ancestors.
    fn nodes_matching(&self, search: &str) -> HashSet<NodeId> {
        let search = search.to_lowercase();
        let mut wanted = HashSet::new();
        for (topic, &id) in &self.by_topic {
            if topic.to_lowercase().contains(&search) {
                let mut cursor = Some(id);
                while let Some(current) = cursor.filter(|&current| current != ROOT) {
                    if !wanted.insert(current) {
                        break;
                    }
                    cursor = self.nodes[current].parent;
                }
            }
        }
        wanted
    }

    fn row(&self, id: NodeId, depth: usize, open: bool) -> TreeRow {
        let node = &self.nodes[id];
        TreeRow {
            topic: node.topic.clone(),
            name: node.name.clone(),
            depth,
            count: node.subtree_count,
            has_children: !node.children.is_empty(),
            open,
            retained: node.holds_retained(),
            preview: node.last.as_ref().map(|last| one_line_preview(&last.payload)),
            at_ms: node.subtree_at_ms,
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
    fn find(&self, topic: &str) -> Option<NodeId> {
        if let Some(&id) = self.by_topic.get(topic) {
            return Some(id);
        }
        topic
            .split('/')
            .try_fold(ROOT, |current, level| self.nodes[current].children.get(&LevelName(level.to_owned())).copied())
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
            stack.extend(node.children.values().copied());
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

/// The widget kind a pinned topic suggests: a number gets a gauge, an
/// ON/OFF or true/false a switch, anything else text.
pub fn suggest_widget_kind(payload: &[u8], path: Option<&JsonPath>) -> WidgetKind {
    let reading = read_payload(payload, path);
    if reading.as_number().is_some() {
        return WidgetKind::Gauge;
    }
    match on_off_pair(&reading.display_text()) {
        Some(_) => WidgetKind::Switch,
        None => WidgetKind::Text,
    }
}

/// The (on, off) payloads of a two-state value, spelled as the device spells them.
pub fn on_off_pair(value: &str) -> Option<(String, String)> {
    let value = value.trim();
    let pairs = [("ON", "OFF"), ("on", "off"), ("On", "Off"), ("true", "false"), ("TRUE", "FALSE"), ("True", "False")];
    pairs.iter().find(|(on, off)| value == *on || value == *off).map(|(on, off)| ((*on).to_owned(), (*off).to_owned()))
}

/// A widget of `kind` for `topic` (read through `value_path`), set up from
/// the last payload seen there: a gauge gets a range that holds the value,
/// a switch the value's own ON/OFF spelling and a command topic beside the
/// state topic (`…/state` → `…/set`, else `…/set` appended), a chart one line.
pub fn pinned_widget(
    id: String,
    kind: WidgetKind,
    connection: &str,
    topic: &str,
    value_path: Option<&str>,
    payload: &[u8],
) -> Widget {
    let mut widget = Widget::new(id, kind, connection.to_owned());
    let path = value_path.and_then(|text| JsonPath::parse(text).ok());
    let reading = read_payload(payload, path.as_ref());
    if kind == WidgetKind::Chart {
        let label = value_path.map_or_else(|| topic.rsplit('/').next().unwrap_or(topic).to_owned(), str::to_owned);
        widget.series = vec![SeriesSpec {
            topic: topic.to_owned(),
            value_path: value_path.map(str::to_owned),
            label: Some(label),
            color: None,
        }];
        return widget;
    }
    widget.topic = Some(topic.to_owned());
    widget.value_path = value_path.map(str::to_owned);
    match kind {
        WidgetKind::Gauge => {
            let (min, max) = gauge_range(reading.as_number().unwrap_or(0.0));
            (widget.min, widget.max) = (Some(min), Some(max));
        }
        WidgetKind::Switch | WidgetKind::Indicator => {
            let (on, off) = on_off_pair(&reading.display_text()).unwrap_or_else(|| ("ON".into(), "OFF".into()));
            (widget.on_payload, widget.off_payload) = (Some(on), Some(off));
            if kind == WidgetKind::Switch {
                let base = topic.strip_suffix("/state").unwrap_or(topic);
                widget.command_topic = Some(format!("{base}/set"));
                widget.qos = crate::Qos::AtLeastOnce;
            }
        }
        _ => {}
    }
    widget
}

/// A gauge range holding `value`: 0–100 when it fits, else the next power of ten.
fn gauge_range(value: f64) -> (f64, f64) {
    if (0.0..=100.0).contains(&value) {
        return (0.0, 100.0);
    }
    let bound = 10f64.powf(value.abs().log10().ceil());
    if value < 0.0 {
        (-bound, bound)
    } else {
        (0.0, bound)
    }
}

/// The `$SYS/broker/…` figures a broker publishes, as far as they arrived.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrokerStats {
    /// `$SYS/broker/version`.
    pub version: Option<String>,
    /// `$SYS/broker/uptime`, e.g. "1234 seconds".
    pub uptime: Option<String>,
    /// `$SYS/broker/clients/connected` (older brokers: `clients/active`).
    pub clients_connected: Option<f64>,
    /// Messages received per second, from the 1-minute moving average.
    pub received_per_s: Option<f64>,
    /// Messages sent per second, from the 1-minute moving average.
    pub sent_per_s: Option<f64>,
}

impl BrokerStats {
    /// Reads the figures from `tree`; None when no `$SYS/broker` topic came.
    pub fn from_tree(tree: &TopicTree) -> Option<BrokerStats> {
        tree.find("$SYS/broker")?;
        let number = |topic: &str| tree.last_text(topic).and_then(|text| parse_number(&text));
        // mosquitto's load figures are moving averages per minute.
        let per_second = |topic: &str| number(topic).map(|per_minute| per_minute / 60.0);
        Some(BrokerStats {
            version: tree.last_text("$SYS/broker/version"),
            uptime: tree.last_text("$SYS/broker/uptime"),
            clients_connected: number("$SYS/broker/clients/connected").or_else(|| number("$SYS/broker/clients/active")),
            received_per_s: per_second("$SYS/broker/load/messages/received/1min"),
            sent_per_s: per_second("$SYS/broker/load/messages/sent/1min"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mqtt::QoS;

    fn publish(topic: &str, payload: &str, retain: bool) -> Publish {
        Publish { retain, ..Publish::new(topic, payload.as_bytes().to_vec()) }
    }

    fn tree_with(messages: &[(&str, &str, bool)]) -> TopicTree {
        let mut tree = TopicTree::new();
        for (index, (topic, payload, retain)) in messages.iter().enumerate() {
            tree.record(&publish(topic, payload, *retain), index as f64);
        }
        tree
    }

    fn all_rows(tree: &TopicTree, expansion: &Expansion, search: &str) -> Vec<TreeRow> {
        tree.visible_rows(expansion, search, 0..usize::MAX).1
    }

    #[test]
    fn counts_roll_up_to_every_level_above() {
        let tree = tree_with(&[("home/a/t", "1", false), ("home/a/t", "2", false), ("home/b", "x", false)]);
        let rows = all_rows(&tree, &Expansion { all_open: true, ..Default::default() }, "");
        let counts: Vec<(&str, u64, usize)> =
            rows.iter().map(|row| (row.topic.as_str(), row.count, row.depth)).collect();
        assert_eq!(counts, [("home", 3, 0), ("home/a", 2, 1), ("home/a/t", 2, 2), ("home/b", 1, 1)]);
        assert_eq!(tree.topic_count(), 2);
        assert_eq!(tree.message_count(), 3);
    }

    #[test]
    fn only_open_nodes_are_listed_and_a_range_is_cut_out() {
        let tree = tree_with(&[("a/1", "", false), ("a/2", "", false), ("b", "", false)]);
        let closed = Expansion::default();
        assert_eq!(all_rows(&tree, &closed, "").iter().map(|row| row.topic.clone()).collect::<Vec<_>>(), ["a", "b"]);
        let mut expansion = Expansion::default();
        expansion.toggle("a");
        let (total, rows) = tree.visible_rows(&expansion, "", 1..3);
        assert_eq!(total, 4);
        assert_eq!(rows.iter().map(|row| row.topic.as_str()).collect::<Vec<_>>(), ["a/1", "a/2"]);
        expansion.set_all(true);
        expansion.toggle("a");
        assert!(!expansion.is_open("a") && expansion.is_open("b"));
    }

    #[test]
    fn search_lists_matches_with_the_levels_leading_to_them() {
        let tree =
            tree_with(&[("home/kitchen/t", "1", false), ("home/hall/t", "2", false), ("plant/kiln", "3", false)]);
        let rows = all_rows(&tree, &Expansion::default(), "KIT");
        assert_eq!(
            rows.iter().map(|row| row.topic.as_str()).collect::<Vec<_>>(),
            ["home", "home/kitchen", "home/kitchen/t"]
        );
    }

    #[test]
    fn numbered_levels_sort_by_their_number() {
        let tree = tree_with(&[
            ("s10", "", false),
            ("s2", "", false),
            ("s02", "", false),
            ("s1b", "", false),
            ("t", "", false),
        ]);
        let rows = all_rows(&tree, &Expansion::default(), "");
        assert_eq!(rows.iter().map(|row| row.topic.as_str()).collect::<Vec<_>>(), ["s1b", "s02", "s2", "s10", "t"]);
        assert_eq!(natural_order("room 9", "room 10"), Ordering::Less);
        assert_eq!(natural_order("a", "a1"), Ordering::Less);
    }

    #[test]
    fn empty_levels_and_dollar_topics_are_nodes_of_their_own() {
        let tree = tree_with(&[("/a", "1", false), ("a//b", "2", false), ("$SYS/broker/uptime", "5 seconds", false)]);
        let rows = all_rows(&tree, &Expansion { all_open: true, ..Default::default() }, "");
        let topics: Vec<&str> = rows.iter().map(|row| row.topic.as_str()).collect();
        assert_eq!(topics, ["", "/a", "$SYS", "$SYS/broker", "$SYS/broker/uptime", "a", "a/", "a//b"]);
    }

    #[test]
    fn the_retained_flag_follows_the_last_message_and_an_empty_retained_payload_clears_it() {
        let mut tree = tree_with(&[("r/kept", "v", true), ("r/live", "v", false), ("r/gone", "v", true)]);
        tree.record(&publish("r/gone", "", true), 9.0);
        assert_eq!(tree.retained_under("r"), ["r/kept"]);
        assert_eq!(tree.retained_count_under("r"), 1);
        assert_eq!(tree.retained_under(""), Vec::<String>::new(), "no such node");
        let rows = all_rows(&tree, &Expansion { all_open: true, ..Default::default() }, "");
        let retained: Vec<(&str, bool)> = rows.iter().map(|row| (row.topic.as_str(), row.retained)).collect();
        assert_eq!(retained, [("r", false), ("r/gone", false), ("r/kept", true), ("r/live", false)]);
    }

    #[test]
    fn detail_has_the_last_message_with_its_properties_and_history_newest_first() {
        let mut tree = TopicTree::new();
        let mut message = publish("t", "first", false);
        tree.record(&message, 1.0);
        message.payload = Bytes::from_static(b"second");
        message.qos = QoS::AtLeastOnce;
        message.properties.content_type = Some("text/plain".into());
        message.properties.user_properties = vec![("k".into(), "v".into()), ("k".into(), "w".into())];
        tree.record(&message, 2.0);
        let detail = tree.detail("t", 10).unwrap();
        let last = detail.last.unwrap();
        assert_eq!((&last.payload[..], last.qos, last.at_ms), (&b"second"[..], crate::Qos::AtLeastOnce, 2.0));
        assert_eq!(last.properties.user_properties.len(), 2);
        assert_eq!(detail.history.iter().map(HistoryEntry::text).collect::<Vec<_>>(), ["second", "first"]);
        assert!(tree.detail("nope", 10).is_none());
    }

    #[test]
    fn history_is_capped_per_topic_and_in_bytes_overall() {
        let limits = TreeLimits { max_topics: 100, history_per_topic: 3, history_bytes: 40, history_payload_bytes: 8 };
        let mut tree = TopicTree::with_limits(limits);
        for index in 0..10 {
            tree.record(&publish("a", &format!("a{index}"), false), index as f64);
        }
        assert_eq!(tree.detail("a", 10).unwrap().history.len(), 3);
        for index in 0..10 {
            tree.record(&publish(&format!("b/{index}"), "0123456789", false), 100.0 + index as f64);
        }
        assert!(tree.history_bytes() <= 40, "{}", tree.history_bytes());
        // The oldest went first: "a" lost its history, the newest b topics kept theirs.
        assert!(tree.detail("a", 10).unwrap().history.is_empty());
        let newest = tree.detail("b/9", 10).unwrap().history;
        assert_eq!(newest[0].text(), "01234567… (10 bytes in all)");
        // The last message is kept whole even when its history entry is cut or gone.
        assert_eq!(&tree.detail("a", 10).unwrap().last.unwrap().payload[..], b"a9");
    }

    #[test]
    fn the_eviction_list_stays_bounded_under_a_long_stream() {
        let limits = TreeLimits { history_per_topic: 2, ..TreeLimits::default() };
        let mut tree = TopicTree::with_limits(limits);
        for index in 0..100_000 {
            tree.record(&publish(&format!("t/{}", index % 10), "x", false), index as f64);
        }
        assert!(tree.history_order.len() <= 2 * 20 + 1024 + 1, "{}", tree.history_order.len());
        assert_eq!(tree.message_count(), 100_000);
    }

    #[test]
    fn topics_beyond_the_cap_are_counted_not_kept() {
        let limits = TreeLimits { max_topics: 2, ..TreeLimits::default() };
        let mut tree = TopicTree::with_limits(limits);
        for topic in ["a", "b", "c", "a"] {
            tree.record(&publish(topic, "1", false), 0.0);
        }
        assert_eq!((tree.topic_count(), tree.dropped_messages, tree.message_count()), (2, 1, 3));
    }

    #[test]
    fn previews_are_one_line_and_cut() {
        let tree = tree_with(&[("t", "line one\nline two", false), ("long", &"x".repeat(500), false)]);
        let rows = all_rows(&tree, &Expansion::default(), "");
        assert_eq!(rows[1].preview.as_deref(), Some("line one line two"));
        assert_eq!(rows[0].preview.as_deref().map(|text| text.chars().count()), Some(PREVIEW_CHARS + 1));
    }

    #[test]
    fn pinned_topics_suggest_a_widget_kind() {
        let path = JsonPath::parse("$.t").unwrap();
        assert_eq!(suggest_widget_kind(b"21.5", None), WidgetKind::Gauge);
        assert_eq!(suggest_widget_kind(br#"{"t": 3}"#, Some(&path)), WidgetKind::Gauge);
        assert_eq!(suggest_widget_kind(b"OFF", None), WidgetKind::Switch);
        assert_eq!(suggest_widget_kind(br#"{"t": true}"#, Some(&path)), WidgetKind::Switch);
        assert_eq!(suggest_widget_kind(b"opened", None), WidgetKind::Text);
        assert_eq!(on_off_pair("false"), Some(("true".into(), "false".into())));
    }

    #[test]
    fn a_pinned_widget_is_set_up_from_the_payload() {
        let gauge = pinned_widget("w".into(), WidgetKind::Gauge, "local", "home/t", Some("$.t"), br#"{"t": 250}"#);
        assert_eq!((gauge.topic.as_deref(), gauge.value_path.as_deref()), (Some("home/t"), Some("$.t")));
        assert_eq!((gauge.min, gauge.max), (Some(0.0), Some(1000.0)));
        assert_eq!(gauge_range(-5.0), (-10.0, 10.0));
        let switch = pinned_widget("w".into(), WidgetKind::Switch, "local", "home/lamp/state", None, b"off");
        assert_eq!(switch.command_topic.as_deref(), Some("home/lamp/set"));
        assert_eq!((switch.on_payload.as_deref(), switch.off_payload.as_deref()), (Some("on"), Some("off")));
        let chart = pinned_widget("w".into(), WidgetKind::Chart, "local", "home/t", None, b"3");
        assert_eq!((chart.topic.as_deref(), chart.series[0].label.as_deref()), (None, Some("t")));
        for widget in [gauge, switch, chart] {
            widget.validate("test", "widget").unwrap();
        }
    }

    #[test]
    fn broker_stats_come_from_sys_topics() {
        let tree = tree_with(&[
            ("$SYS/broker/version", "mosquitto version 2.0.11", true),
            ("$SYS/broker/uptime", "42 seconds", false),
            ("$SYS/broker/clients/connected", "3", false),
            ("$SYS/broker/load/messages/received/1min", "120.5", false),
        ]);
        let stats = BrokerStats::from_tree(&tree).unwrap();
        assert_eq!(stats.version.as_deref(), Some("mosquitto version 2.0.11"));
        assert_eq!(stats.clients_connected, Some(3.0));
        assert!((stats.received_per_s.unwrap() - 120.5 / 60.0).abs() < 1e-9);
        assert_eq!(stats.sent_per_s, None);
        assert_eq!(BrokerStats::from_tree(&tree_with(&[("home/t", "1", false)])), None);
    }
}
