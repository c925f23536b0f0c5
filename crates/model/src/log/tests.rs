//! Tests of the message log: bounds, previews, filters, export lines.

use super::*;

#[test]
fn an_expanded_payload_is_indented_json_when_whole() {
    let mut log = MessageLog::new(4);
    let message = |payload: &[u8]| mqtt::Publish::new("t", payload.to_vec());
    log.record_received_frame(
        "c",
        vec![message(br#"{"a":1,"b":[2]}"#), message(b"42"), message(&[b'{'; PREVIEW_BYTES + 1])],
        0.0,
    );
    let pretty: Vec<String> = log.newest(3).map(LogEntry::payload_pretty).collect();
    assert!(pretty[0].ends_with(&format!("({} bytes in all)", PREVIEW_BYTES + 1)), "a cut payload is not parsed");
    assert_eq!(pretty[1], "42", "a bare number stays as it came");
    assert_eq!(pretty[2], "{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}");
}

#[test]
fn counting_unkept_messages_matches_recording_them() {
    let mut recorded = MessageLog::new(2);
    let mut counted = MessageLog::new(2);
    for index in 0..5 {
        recorded.record("c", Direction::Incoming, &format!("t/{index}"), b"x", Qos::AtMostOnce, false, 1.0);
    }
    counted.count_unkept(Direction::Incoming, 3);
    for index in 3..5 {
        counted.record("c", Direction::Incoming, &format!("t/{index}"), b"x", Qos::AtMostOnce, false, 1.0);
    }
    assert_eq!(recorded, counted);
    let mut framed = MessageLog::new(2);
    let frame: Vec<mqtt::Publish> =
        (0..5).map(|index| mqtt::Publish::new(format!("t/{index}"), b"x".to_vec())).collect();
    framed.record_received_frame("c", frame.clone(), 1.0);
    assert_eq!(framed, recorded, "a frame is recorded as its messages one by one");
}

#[test]
fn log_keeps_only_the_newest_entries_but_counts_all() {
    let mut log = MessageLog::new(2);
    for index in 0..5 {
        log.record("c", Direction::Incoming, &format!("t/{index}"), b"x", Qos::AtMostOnce, false, 0.0);
    }
    assert_eq!(log.len(), 2);
    assert_eq!(log.received_total, 5);
    let topics: Vec<&str> = log.newest(10).map(|entry| entry.topic.as_str()).collect();
    assert_eq!(topics, ["t/4", "t/3"]);
}

#[test]
fn large_payload_is_cut_for_display_and_says_so() {
    let mut log = MessageLog::new(4);
    let payload = vec![b'a'; 5 * 1024 * 1024];
    log.record("c", Direction::Incoming, "big", &payload, Qos::AtMostOnce, false, 0.0);
    let entry = log.newest(1).next().unwrap();
    assert_eq!(entry.preview.len(), PREVIEW_BYTES);
    assert!(entry.payload_text().ends_with("(5242880 bytes in all)"));
}

fn sample_log() -> MessageLog {
    let mut log = MessageLog::new(10);
    log.record("home", Direction::Incoming, "home/lamp/state", b"ON", Qos::AtLeastOnce, true, 5.0);
    log.record("home", Direction::Outgoing, "home/lamp/set", b"OFF", Qos::AtLeastOnce, false, 6.0);
    log.record("plant", Direction::Incoming, "plant/pump/pressure", b"{\"bar\":4.2}", Qos::AtMostOnce, false, 7.0);
    log
}

#[test]
fn the_filter_takes_a_connection_a_topic_pattern_and_text() {
    let log = sample_log();
    let topics =
        |filter: &LogFilter| log.newest_matching(filter, 10).map(|entry| entry.topic.clone()).collect::<Vec<_>>();
    assert_eq!(topics(&LogFilter::new(Some("home".into()), "", "").unwrap()), ["home/lamp/set", "home/lamp/state"]);
    assert_eq!(topics(&LogFilter::new(None, "+/lamp/#", "").unwrap()), ["home/lamp/set", "home/lamp/state"]);
    assert_eq!(
        topics(&LogFilter::new(None, "", "BAR").unwrap()),
        ["plant/pump/pressure"],
        "case-insensitive, payloads too"
    );
    assert_eq!(topics(&LogFilter::new(None, "home/+", "").unwrap()), Vec::<String>::new());
    assert_eq!(LogFilter::new(None, "home/#/x", "").unwrap_err().field, "topic pattern \"home/#/x\"");
}

#[test]
fn an_export_line_is_json_with_wall_time_and_the_payload_as_text() {
    let log = sample_log();
    let entry = log.newest(1).next().unwrap();
    let line: serde_json::Value = serde_json::from_str(&to_json_line(entry, 1_700_000_000_000.0)).unwrap();
    assert_eq!(line["time_ms"], 1_700_000_000_007.0);
    assert_eq!(line["payload"], "{\"bar\":4.2}");
    assert_eq!(
        (line["direction"].as_str(), line["qos"].as_u64(), line["retain"].as_bool()),
        (Some("in"), Some(0), Some(false))
    );
    let mut cleared = log.clone();
    cleared.clear();
    assert!(cleared.is_empty() && cleared.received_total == 2, "clearing keeps the totals");
}

#[test]
fn invalid_utf8_is_shown_with_replacement_characters() {
    let mut log = MessageLog::new(4);
    log.record("c", Direction::Incoming, "bin", &[0xFF, b'o', b'k'], Qos::AtMostOnce, false, 0.0);
    assert_eq!(log.newest(1).next().unwrap().payload_text(), "\u{FFFD}ok");
}

#[test]
fn the_byte_limit_drops_the_oldest_and_sequences_find_what_is_kept() {
    let mut log = MessageLog::new(100).with_byte_limit(3 * PREVIEW_BYTES);
    let big = vec![b'x'; PREVIEW_BYTES];
    for index in 0..5 {
        log.record("c", Direction::Incoming, &format!("t/{index}"), &big, Qos::AtMostOnce, false, 0.0);
    }
    assert_eq!((log.len(), log.bytes()), (3, 3 * PREVIEW_BYTES), "the two oldest fell off");
    log.record("c", Direction::Incoming, "small", b"1", Qos::AtMostOnce, false, 0.0);
    assert_eq!((log.len(), log.bytes()), (3, 2 * PREVIEW_BYTES + 1), "one more made room for a byte");
    let everything = LogFilter::new(None, "", "").unwrap();
    assert_eq!(log.matching_sequences(&everything), [5, 4, 3]);
    assert_eq!(log.by_sequence(4).map(|entry| entry.topic.as_str()), Some("t/4"));
    assert!(log.by_sequence(1).is_none(), "fallen off");
    log.clear();
    assert_eq!(log.bytes(), 0);
}
