//! The bindings' side of the history store ([`crate::web::history`]): what
//! is bound is restored from it at start, before the first live message,
//! and what arrived since the last save is written to it once a second.
//! Series are keyed `connection ␟ topic ␟ path`, last messages
//! `connection ␟ topic`; a last message is stored as its arrival time
//! (8 bytes, little-endian f64, ms since the epoch), a retain byte and the
//! payload. Times in memory are `performance.now()` ms, so `origin_ms`
//! (`performance.timeOrigin`) converts between the two.

use leptos::prelude::*;

use crate::model::history::MAX_KEPT_PAYLOAD;
use crate::model::value::PayloadReader;
use crate::web::history as store;

use super::{Bindings, FrameUpdates, Sample};

const SEPARATOR: char = '\u{1f}';

fn latest_key(connection: &str, topic: &str) -> String {
    format!("{connection}{SEPARATOR}{topic}")
}

fn series_key(connection: &str, topic: &str, path: Option<&str>) -> String {
    format!("{connection}{SEPARATOR}{topic}{SEPARATOR}{}", path.unwrap_or_default())
}

/// A stored last message: its epoch time, whether it was retained, its payload.
fn unpack_latest(bytes: &[u8]) -> Option<(f64, bool, &[u8])> {
    let (time, rest) = bytes.split_first_chunk::<8>()?;
    let (retained, payload) = rest.split_first()?;
    Some((f64::from_le_bytes(*time), *retained == 1, payload))
}

fn pack_latest(sample: &Sample, origin_ms: f64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(9 + sample.payload.len());
    bytes.extend_from_slice(&(sample.at_ms + origin_ms).to_le_bytes());
    bytes.push(u8::from(sample.retained));
    bytes.extend_from_slice(&sample.payload);
    bytes
}

impl Bindings {
    /// Fills every bound topic that has no message yet with its stored last
    /// message, and puts each bound series' stored points in front of its
    /// buffer. The signals are set by the caller, as for a frame.
    pub fn restore_history(&self, origin_ms: f64) -> FrameUpdates {
        let mut updates = FrameUpdates::default();
        for (connection, bindings) in &self.connections {
            for (topic, binding) in &bindings.topics {
                let stored = store::stored_latest(&latest_key(connection, topic));
                let unpacked = stored.as_deref().and_then(unpack_latest);
                if let (Some((epoch_ms, retained, payload)), true) =
                    (unpacked, binding.latest.with_untracked(Option::is_none))
                {
                    let at_ms = epoch_ms - origin_ms;
                    binding.saved_at_ms.set(at_ms);
                    let sample = Sample { payload: bytes::Bytes::copy_from_slice(payload), retained, at_ms };
                    let reader = PayloadReader::new(&sample.payload);
                    for path in &binding.paths {
                        updates.readings.push((path.reading.clone(), reader.read(path.path.as_ref())));
                    }
                    updates.latest.push((binding.latest.clone(), sample));
                }
                for path in &binding.paths {
                    let Some(series) = &path.series else { continue };
                    let points = store::stored_points(&series_key(connection, topic, path.path_text.as_deref()));
                    if !points.is_empty() {
                        series.buffer.borrow_mut().restore_older(&points, -origin_ms);
                        updates.series.push(series.clone());
                    }
                }
            }
        }
        store::forget_loaded();
        updates
    }

    /// Writes what arrived since the last call: each charted series' new
    /// points and each topic's last message if it changed (one up to
    /// [`MAX_KEPT_PAYLOAD`]). The caller commits.
    pub fn save_history(&self, origin_ms: f64) {
        for (connection, bindings) in &self.connections {
            for (topic, binding) in &bindings.topics {
                binding.latest.with_untracked(|latest| {
                    let Some(sample) = latest else { return };
                    if sample.at_ms != binding.saved_at_ms.get() && sample.payload.len() <= MAX_KEPT_PAYLOAD {
                        binding.saved_at_ms.set(sample.at_ms);
                        store::write_latest(&latest_key(connection, topic), &pack_latest(sample, origin_ms));
                    }
                });
                for path in &binding.paths {
                    let Some(series) = &path.series else { continue };
                    let points = series.buffer.borrow_mut().take_unsaved(origin_ms);
                    if !points.is_empty() {
                        store::write_points(&series_key(connection, topic, path.path_text.as_deref()), &points);
                    }
                }
            }
        }
    }

    /// Empties every chart's buffer (after the stored history was cleared).
    pub fn clear_series(&self) -> FrameUpdates {
        let mut updates = FrameUpdates::default();
        let all_series = self.connections.values().flat_map(|bindings| bindings.topics.values());
        for series in all_series.flat_map(|binding| binding.paths.iter().filter_map(|path| path.series.as_ref())) {
            series.buffer.borrow_mut().clear();
            updates.series.push(series.clone());
        }
        updates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_message_packs_and_unpacks() {
        let sample = Sample { payload: bytes::Bytes::from_static(b"21.5"), retained: true, at_ms: 250.0 };
        let packed = pack_latest(&sample, 1_000_000.0);
        assert_eq!(unpack_latest(&packed), Some((1_000_250.0, true, &b"21.5"[..])));
        assert_eq!(unpack_latest(&packed[..8]), None, "a damaged record is ignored");
        assert_eq!(series_key("home", "a/b", None), "home\u{1f}a/b\u{1f}");
    }
}
