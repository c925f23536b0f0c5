//! A topic's history as a file, oldest first: CSV for a spreadsheet and
//! JSON Lines for tools, with each message's time as ISO 8601 UTC and as
//! milliseconds since the epoch. Payloads are text (invalid UTF-8
//! replaced) and say when the history holds only their start.

use super::HistoryEntry;
use crate::chart_view::{csv_cell, iso_utc};
use crate::log::message_object;

/// `entries` (newest first, as the detail holds them) as CSV; the page
/// loaded at `origin_ms` since the epoch.
pub fn history_csv(entries: &[HistoryEntry], origin_ms: f64) -> String {
    let mut csv = String::from("time,time_ms,qos,retain,payload_bytes,payload_cut,payload\n");
    for entry in entries.iter().rev() {
        let at = (origin_ms + entry.at_ms).round();
        let payload = csv_cell(&String::from_utf8_lossy(&entry.preview));
        let cut = entry.payload_len > entry.preview.len();
        csv.push_str(&format!(
            "{},{at},{},{},{},{cut},{payload}\n",
            iso_utc(at),
            entry.qos.as_u8(),
            entry.retain,
            entry.payload_len
        ));
    }
    csv
}

/// `entries` of `topic` (newest first) as JSON Lines, one message a line.
pub fn history_json_lines(topic: &str, entries: &[HistoryEntry], origin_ms: f64) -> String {
    entries
        .iter()
        .rev()
        .map(|entry| {
            let object = message_object(
                origin_ms + entry.at_ms,
                topic,
                entry.qos,
                entry.retain,
                &entry.preview,
                entry.payload_len,
            );
            serde_json::Value::Object(object).to_string() + "\n"
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sequence: u64, at_ms: f64, payload: &str, payload_len: usize) -> HistoryEntry {
        HistoryEntry {
            sequence,
            at_ms,
            preview: payload.as_bytes().into(),
            payload_len,
            qos: crate::Qos::AtLeastOnce,
            retain: sequence == 0,
        }
    }

    const ORIGIN_MS: f64 = 1_764_590_400_000.0; // 2025-12-01T12:00:00Z

    #[test]
    fn csv_rows_are_oldest_first_with_payloads_quoted_and_guarded() {
        let newest_first =
            [entry(2, 2_000.0, "=1+1", 4), entry(1, 1_500.0, "a,\"b\"", 40), entry(0, 1_000.0, "21.5", 4)];
        let csv = history_csv(&newest_first, ORIGIN_MS);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(
            rows,
            [
                "time,time_ms,qos,retain,payload_bytes,payload_cut,payload",
                "2025-12-01T12:00:01.000Z,1764590401000,1,true,4,false,21.5",
                "2025-12-01T12:00:01.500Z,1764590401500,1,false,40,true,\"a,\"\"b\"\"\"",
                "2025-12-01T12:00:02.000Z,1764590402000,1,false,4,false,'=1+1",
            ]
        );
    }

    #[test]
    fn json_lines_carry_the_topic_and_each_message() {
        let text =
            history_json_lines("home/t", &[entry(1, 1_500.0, "{\"t\":1}", 7), entry(0, 1_000.0, "x", 1)], ORIGIN_MS);
        let lines: Vec<serde_json::Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["payload"], "x");
        assert_eq!(lines[1]["payload"], "{\"t\":1}");
        assert_eq!(
            (lines[1]["topic"].as_str(), lines[1]["time_ms"].as_f64()),
            (Some("home/t"), Some(1_764_590_401_500.0))
        );
    }
}
