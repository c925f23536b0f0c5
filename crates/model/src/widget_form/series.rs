//! One chart series as the widget form keeps it, one line:
//! `topic | $.path | label | #colour | right`.

use crate::dashboard::{Axis, SeriesSpec};

/// One chart series as the form keeps it: `topic | $.path | label | #colour | right`.
pub fn series_line(series: &SeriesSpec) -> String {
    let mut parts = vec![
        series.topic.clone(),
        series.value_path.clone().unwrap_or_default(),
        series.label.clone().unwrap_or_default(),
        series.color.clone().unwrap_or_default(),
        if series.axis == Some(Axis::Right) { "right".to_owned() } else { String::new() },
    ];
    while parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts.join(" | ")
}

/// Reads a line written by [`series_line`]; missing parts are absent.
pub fn parse_series_line(line: &str) -> SeriesSpec {
    let mut parts = line.split('|').map(str::trim).map(|part| Some(part.to_owned()).filter(|part| !part.is_empty()));
    SeriesSpec {
        topic: parts.next().flatten().unwrap_or_default(),
        value_path: parts.next().flatten(),
        label: parts.next().flatten(),
        color: parts.next().flatten(),
        axis: parts.next().flatten().filter(|axis| axis == "right").map(|_| Axis::Right),
    }
}
