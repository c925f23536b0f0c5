//! Topic names and topic filters (section 4.7): validation, matching of one
//! filter against one name, and [`FilterTrie`], which finds every filter
//! matching a name without scanning them all.

use std::collections::HashMap;
use std::fmt;

/// Why a topic name or topic filter is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicError {
    /// Empty topic names and filters are not allowed [MQTT-4.7.3-1].
    Empty,
    /// Topic names must not contain `+` or `#` [MQTT-3.3.2-2].
    WildcardInName,
    /// `#` must be the last character and alone in its level [MQTT-4.7.1-2].
    MisplacedMultiLevelWildcard,
    /// `+` must occupy a whole level [MQTT-4.7.1-3].
    MisplacedSingleLevelWildcard,
    /// U+0000 is not allowed [MQTT-4.7.3-2].
    NullCharacter,
    /// Longer than 65,535 bytes [MQTT-4.7.3-3].
    TooLong,
}

impl fmt::Display for TopicError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            TopicError::Empty => "it is empty",
            TopicError::WildcardInName => "a topic name must not contain the wildcards + or #",
            TopicError::MisplacedMultiLevelWildcard => "# must be the last level and stand alone in it",
            TopicError::MisplacedSingleLevelWildcard => "+ must stand alone in its level",
            TopicError::NullCharacter => "it contains the null character U+0000",
            TopicError::TooLong => "it is longer than 65,535 bytes",
        })
    }
}

impl std::error::Error for TopicError {}

fn validate_common(text: &str) -> Result<(), TopicError> {
    if text.is_empty() {
        return Err(TopicError::Empty);
    }
    if text.len() > usize::from(u16::MAX) {
        return Err(TopicError::TooLong);
    }
    if text.contains('\0') {
        return Err(TopicError::NullCharacter);
    }
    Ok(())
}

/// Whether any byte of `bytes` is U+0000, `+` or `#`, eight bytes at a
/// time (the classic "has a zero byte" word trick, once per sought value):
/// this runs for every message, both ways. These three are ASCII, so they
/// never appear inside a multi-byte character.
fn has_null_or_wildcard(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if has_zero_byte(word)
            || has_zero_byte(word ^ (ONES * u64::from(b'+')))
            || has_zero_byte(word ^ (ONES * u64::from(b'#')))
        {
            return true;
        }
    }
    chunks.remainder().iter().any(|byte| matches!(byte, 0 | b'+' | b'#'))
}

/// Checks a topic name, the topic of a PUBLISH.
pub fn validate_topic_name(topic: &str) -> Result<(), TopicError> {
    if topic.is_empty() {
        return Err(TopicError::Empty);
    }
    if topic.len() > usize::from(u16::MAX) {
        return Err(TopicError::TooLong);
    }
    if !has_null_or_wildcard(topic.as_bytes()) {
        return Ok(());
    }
    if topic.contains('\0') {
        return Err(TopicError::NullCharacter);
    }
    Err(TopicError::WildcardInName)
}

/// Checks a topic filter, as used in SUBSCRIBE and UNSUBSCRIBE.
pub fn validate_topic_filter(filter: &str) -> Result<(), TopicError> {
    validate_common(filter)?;
    let mut levels = filter.split('/').peekable();
    while let Some(level) = levels.next() {
        if level.contains('#') && (level != "#" || levels.peek().is_some()) {
            return Err(TopicError::MisplacedMultiLevelWildcard);
        }
        if level.contains('+') && level != "+" {
            return Err(TopicError::MisplacedSingleLevelWildcard);
        }
    }
    Ok(())
}

/// Whether `filter` matches `topic`. Both are assumed valid.
///
/// A filter that starts with a wildcard does not match a topic that starts
/// with `$` [MQTT-4.7.2-1].
pub fn filter_matches(filter: &str, topic: &str) -> bool {
    if topic.starts_with('$') && filter.starts_with(['+', '#']) {
        return false;
    }
    let mut topic_levels = topic.split('/');
    for filter_level in filter.split('/') {
        if filter_level == "#" {
            return true;
        }
        match topic_levels.next() {
            Some(topic_level) if filter_level == "+" || filter_level == topic_level => {}
            _ => return false,
        }
    }
    topic_levels.next().is_none()
}

/// A map from topic filters to values that finds every value whose filter
/// matches a topic name in time proportional to the topic's depth, not to
/// the number of filters.
#[derive(Debug, Clone)]
pub struct FilterTrie<T> {
    root: Node<T>,
    len: usize,
}

#[derive(Debug, Clone)]
struct Node<T> {
    children: HashMap<String, Node<T>>,
    single_level: Option<Box<Node<T>>>,
    /// Values whose filter ends in `#` at this node.
    multi_level: Vec<T>,
    /// Values whose filter ends exactly at this node.
    exact: Vec<T>,
}

impl<T> Default for Node<T> {
    fn default() -> Self {
        Node { children: HashMap::new(), single_level: None, multi_level: Vec::new(), exact: Vec::new() }
    }
}

impl<T> Default for FilterTrie<T> {
    fn default() -> Self {
        FilterTrie { root: Node::default(), len: 0 }
    }
}

impl<T> FilterTrie<T> {
    /// An empty trie.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many values the trie holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the trie is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds `value` under `filter`, which must be a valid topic filter.
    pub fn insert(&mut self, filter: &str, value: T) {
        let mut node = &mut self.root;
        for level in filter.split('/') {
            match level {
                "#" => {
                    node.multi_level.push(value);
                    self.len += 1;
                    return;
                }
                "+" => node = node.single_level.get_or_insert_with(Box::default),
                _ => node = node.children.entry(level.to_owned()).or_default(),
            }
        }
        node.exact.push(value);
        self.len += 1;
    }

    /// Removes every value under `filter` for which `remove` returns true.
    pub fn remove_where(&mut self, filter: &str, mut remove: impl FnMut(&T) -> bool) {
        let mut node = &mut self.root;
        let mut levels = filter.split('/').peekable();
        while let Some(level) = levels.next() {
            let next = match level {
                "#" if levels.peek().is_none() => {
                    let before = node.multi_level.len();
                    node.multi_level.retain(|value| !remove(value));
                    self.len -= before - node.multi_level.len();
                    return;
                }
                "+" => node.single_level.as_deref_mut(),
                _ => node.children.get_mut(level),
            };
            match next {
                Some(child) => node = child,
                None => return,
            }
        }
        let before = node.exact.len();
        node.exact.retain(|value| !remove(value));
        self.len -= before - node.exact.len();
    }

    /// Calls `visit` with every value whose filter matches `topic`.
    pub fn for_each_match<'a>(&'a self, topic: &str, mut visit: impl FnMut(&'a T)) {
        let levels: Vec<&str> = topic.split('/').collect();
        let system_topic = topic.starts_with('$');
        Self::visit(&self.root, &levels, system_topic, &mut visit);
    }

    fn visit<'a>(node: &'a Node<T>, levels: &[&str], skip_wildcards: bool, visit: &mut impl FnMut(&'a T)) {
        if !skip_wildcards {
            node.multi_level.iter().for_each(&mut *visit);
        }
        let Some((level, rest)) = levels.split_first() else {
            node.exact.iter().for_each(visit);
            return;
        };
        if let Some(child) = node.children.get(*level) {
            Self::visit(child, rest, false, visit);
        }
        if !skip_wildcards {
            if let Some(child) = &node.single_level {
                Self::visit(child, rest, false, visit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_and_wildcards_are_found_at_every_position_of_every_length() {
        // [MQTT-4.7.3-2] no wildcards in a topic name; [MQTT-1.5.4-2] no U+0000.
        for length in 1..=20 {
            let plain = "a".repeat(length);
            assert_eq!(validate_topic_name(&plain), Ok(()));
            assert!(validate_topic_name(&"é".repeat(length)).is_ok(), "multi-byte characters are fine");
            for position in 0..length {
                for (special, error) in [
                    ('+', TopicError::WildcardInName),
                    ('#', TopicError::WildcardInName),
                    ('\0', TopicError::NullCharacter),
                ] {
                    let mut topic: Vec<char> = plain.chars().collect();
                    topic[position] = special;
                    let topic: String = topic.into_iter().collect();
                    assert_eq!(validate_topic_name(&topic), Err(error), "{topic:?}");
                }
            }
        }
    }

    #[test]
    fn topic_names_with_wildcards_are_invalid() {
        // [MQTT-4.7.3-1] not empty; [MQTT-3.3.2-2] no wildcard characters in a topic name.
        assert_eq!(validate_topic_name(""), Err(TopicError::Empty));
        assert_eq!(validate_topic_name("a/+/b"), Err(TopicError::WildcardInName));
        assert_eq!(validate_topic_name("a/#"), Err(TopicError::WildcardInName));
        assert_eq!(validate_topic_name("a\0b"), Err(TopicError::NullCharacter));
        assert!(validate_topic_name("/").is_ok());
        assert!(validate_topic_name("sport/tennis/player1").is_ok());
    }

    #[test]
    fn multi_level_wildcard_must_be_last_and_alone() {
        // [MQTT-4.7.1-2]
        assert!(validate_topic_filter("#").is_ok());
        assert!(validate_topic_filter("sport/#").is_ok());
        assert_eq!(validate_topic_filter("sport/tennis#"), Err(TopicError::MisplacedMultiLevelWildcard));
        assert_eq!(validate_topic_filter("sport/#/ranking"), Err(TopicError::MisplacedMultiLevelWildcard));
    }

    #[test]
    fn single_level_wildcard_must_fill_its_level() {
        // [MQTT-4.7.1-3]
        assert!(validate_topic_filter("+").is_ok());
        assert!(validate_topic_filter("+/tennis/#").is_ok());
        assert!(validate_topic_filter("sport/+/player1").is_ok());
        assert_eq!(validate_topic_filter("sport+"), Err(TopicError::MisplacedSingleLevelWildcard));
    }

    #[test]
    fn filters_match_as_the_examples_of_section_4_7_say() {
        // Section 4.7.1.2 and 4.7.1.3 non-normative examples.
        assert!(filter_matches("sport/tennis/player1/#", "sport/tennis/player1"));
        assert!(filter_matches("sport/tennis/player1/#", "sport/tennis/player1/ranking"));
        assert!(filter_matches("sport/#", "sport"));
        assert!(filter_matches("sport/tennis/+", "sport/tennis/player1"));
        assert!(!filter_matches("sport/tennis/+", "sport/tennis/player1/ranking"));
        assert!(!filter_matches("sport/+", "sport"));
        assert!(filter_matches("sport/+", "sport/"));
        assert!(filter_matches("+/+", "/finance"));
        assert!(filter_matches("/+", "/finance"));
        assert!(!filter_matches("+", "/finance"));
        assert!(!filter_matches("a/b", "a/b/c"));
    }

    #[test]
    fn wildcard_filters_do_not_match_dollar_topics() {
        // [MQTT-4.7.2-1]
        assert!(!filter_matches("#", "$SYS/broker/uptime"));
        assert!(!filter_matches("+/monitor/Clients", "$SYS/monitor/Clients"));
        assert!(filter_matches("$SYS/#", "$SYS/broker/uptime"));
        assert!(filter_matches("$SYS/monitor/+", "$SYS/monitor/Clients"));
    }

    fn trie_matches(trie: &FilterTrie<usize>, topic: &str) -> Vec<usize> {
        let mut found = Vec::new();
        trie.for_each_match(topic, |value| found.push(*value));
        found.sort_unstable();
        found
    }

    #[test]
    fn trie_finds_the_same_filters_as_filter_matches() {
        let filters =
            ["#", "sport/#", "sport/+", "sport/tennis/+", "+/+", "/+", "+", "$SYS/#", "sport/tennis", "a/+/c/#"];
        let topics =
            ["sport", "sport/", "sport/tennis", "sport/tennis/player1", "/finance", "$SYS/x", "a/b/c", "a/b/c/d", "x"];
        let mut trie = FilterTrie::new();
        for (index, filter) in filters.iter().enumerate() {
            trie.insert(filter, index);
        }
        assert_eq!(trie.len(), filters.len());
        for topic in topics {
            let expected: Vec<usize> = filters
                .iter()
                .enumerate()
                .filter(|(_, filter)| filter_matches(filter, topic))
                .map(|(index, _)| index)
                .collect();
            assert_eq!(trie_matches(&trie, topic), expected, "topic {topic}");
        }
    }

    #[test]
    fn trie_removes_only_the_chosen_values() {
        let mut trie = FilterTrie::new();
        trie.insert("a/#", 1);
        trie.insert("a/#", 2);
        trie.insert("a/+", 3);
        trie.remove_where("a/#", |value| *value == 1);
        trie.remove_where("a/+", |_| true);
        trie.remove_where("not/there", |_| true);
        assert_eq!(trie_matches(&trie, "a/b"), vec![2]);
        assert_eq!(trie.len(), 1);
    }
}
