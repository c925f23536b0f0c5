//! The pure half of showing a payload: a hex dump, bytes as text when they
//! are text, JSON documents for the tree view (bounded), and the points of
//! a sparkline. The explorer's components only lay these out.

use serde_json::Value;

use crate::value::{read_payload, JsonPath};

/// The most of a payload any view renders.
pub const VIEW_BYTES: usize = 64 * 1024;

/// 16 bytes a line: offset, hex, and the printable ASCII.
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4);
    for (line, chunk) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|byte| format!("{byte:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&byte| if byte.is_ascii_graphic() || byte == b' ' { byte as char } else { '.' })
            .collect();
        out.push_str(&format!("{:08x}  {:<47}  {ascii}\n", line * 16, hex.join(" ")));
    }
    out
}

/// Text when it is printable UTF-8, else hex.
pub fn readable_bytes(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(char::is_control) => text.to_owned(),
        _ => format!("0x{}", bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>()),
    }
}

/// A JSON object or array of at most [`VIEW_BYTES`], for the tree view; a
/// bare number or string reads better as text, so it is None.
pub fn json_document(payload: &[u8]) -> Option<Value> {
    let first = payload.iter().find(|byte| !byte.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') || payload.len() > VIEW_BYTES {
        return None;
    }
    crate::json_text::parse(payload)
}

/// A sparkline: SVG polyline points in a `width` × `height` box and the
/// figures its caption gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    /// `x,y` pairs, oldest first, left to right.
    pub points: String,
    /// How many values.
    pub count: usize,
    /// The lowest, highest and last value.
    pub low: f64,
    /// The highest value.
    pub high: f64,
    /// The newest value.
    pub last: f64,
}

/// The sparkline of `payloads` (newest first, as history lists them) read
/// through `path`; None below two numbers.
pub fn sparkline<'a>(
    payloads: impl DoubleEndedIterator<Item = &'a [u8]>,
    path: Option<&JsonPath>,
    width: f64,
    height: f64,
) -> Option<Sparkline> {
    let values: Vec<f64> = payloads.rev().filter_map(|payload| read_payload(payload, path).as_number()).collect();
    if values.len() < 2 {
        return None;
    }
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let span = (high - low).max(f64::EPSILON);
    let step = width / (values.len() - 1) as f64;
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            format!("{:.1},{:.1}", index as f64 * step, height - 2.0 - (value - low) / span * (height - 4.0))
        })
        .collect();
    Some(Sparkline { points: points.join(" "), count: values.len(), low, high, last: values[values.len() - 1] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_dump_lines_hold_offset_hex_and_ascii() {
        let dump = hex_dump(b"MQTT\x00\x04hello world, again");
        let lines: Vec<&str> = dump.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("00000000  4d 51 54 54 00 04 68 65"), "{}", lines[0]);
        assert!(lines[0].ends_with("MQTT..hello worl"), "{}", lines[0]);
        assert!(lines[1].starts_with("00000010  64 2c"), "{}", lines[1]);
    }

    #[test]
    fn bytes_read_as_text_only_when_printable() {
        assert_eq!(readable_bytes(b"req-42"), "req-42");
        assert_eq!(readable_bytes(&[0, 0xff]), "0x00ff");
        assert_eq!(readable_bytes(b"a\nb"), "0x610a62");
    }

    #[test]
    fn only_objects_and_arrays_within_the_limit_are_json_documents() {
        assert!(json_document(br#" {"a": [1, 2]}"#).is_some());
        assert!(json_document(b"42").is_none());
        assert!(json_document(b"{broken").is_none());
        let huge = format!("[{}0]", "0,".repeat(VIEW_BYTES));
        assert!(json_document(huge.as_bytes()).is_none());
    }

    #[test]
    fn a_sparkline_runs_oldest_to_newest_through_the_path() {
        let history: Vec<&[u8]> = vec![br#"{"t":30}"#, br#"{"t":10}"#, b"not json", br#"{"t":20}"#];
        let path = JsonPath::parse("$.t").unwrap();
        let line = sparkline(history.iter().copied(), Some(&path), 100.0, 24.0).unwrap();
        assert_eq!((line.count, line.low, line.high, line.last), (3, 10.0, 30.0, 30.0));
        // Oldest (20) on the left at mid height, newest (30) on the right at the top.
        assert_eq!(line.points, "0.0,12.0 50.0,22.0 100.0,2.0");
        assert!(sparkline([&b"1"[..]].into_iter(), None, 10.0, 10.0).is_none());
    }
}

/// The fields of a JSON document a widget can show (numbers, texts,
/// booleans), depth first in key order, at most `limit`: each path as text and its value
/// in one line. The widget form offers them as the user types a JSON path.
pub fn json_fields(document: &Value, limit: usize) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut stack = vec![(crate::value::JsonPath::default(), document)];
    while let Some((path, value)) = stack.pop() {
        if found.len() >= limit {
            break;
        }
        match value {
            Value::Object(members) => stack.extend(
                members.iter().rev().map(|(key, child)| (path.child(crate::value::PathStep::Key(key.clone())), child)),
            ),
            Value::Array(items) => stack.extend(
                items
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(index, child)| (path.child(crate::value::PathStep::Index(index)), child)),
            ),
            Value::Null => {}
            leaf => {
                if let Some(text) = path.to_text() {
                    let shown = leaf.as_str().map_or_else(|| leaf.to_string(), str::to_owned);
                    found.push((text, crate::value::shorten(&shown, 40)));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod field_tests {
    use super::*;

    #[test]
    fn the_fields_of_a_document_are_listed_depth_first_with_their_values() {
        let document: Value = serde_json::from_str(
            r#"{"t": 21.5, "room": {"name": "living", "on": true}, "list": [1, null], "odd key": 2}"#,
        )
        .unwrap();
        let fields = json_fields(&document, 10);
        let paths: Vec<&str> = fields.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths,
            ["$.list[0]", "$['odd key']", "$.room.name", "$.room.on", "$.t"],
            "keys in order, depth first"
        );
        assert_eq!(fields[2].1, "living");
        assert_eq!(json_fields(&document, 2).len(), 2);
    }
}
