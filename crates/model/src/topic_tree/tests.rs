//! Tests of the topic tree: counts, rows, history bounds, previews.

use std::cmp::Ordering;

use super::order::natural_order;
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
    let counts: Vec<(&str, u64, usize)> = rows.iter().map(|row| (row.topic.as_str(), row.count, row.depth)).collect();
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
    let tree = tree_with(&[("home/kitchen/t", "1", false), ("home/hall/t", "2", false), ("plant/kiln", "3", false)]);
    let rows = all_rows(&tree, &Expansion::default(), "KIT");
    assert_eq!(
        rows.iter().map(|row| row.topic.as_str()).collect::<Vec<_>>(),
        ["home", "home/kitchen", "home/kitchen/t"]
    );
}

#[test]
fn numbered_levels_sort_by_their_number() {
    let tree =
        tree_with(&[("s10", "", false), ("s2", "", false), ("s02", "", false), ("s1b", "", false), ("t", "", false)]);
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
    assert_eq!(last.properties.as_ref().map(|properties| properties.user_properties.len()), Some(2));
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
