//! Chart data: a bounded ring buffer of (time, value) points per series and
//! the min/max-per-pixel-column decimation that keeps drawing cost bounded
//! by the chart's width, not by the number of points. A buffer counts the
//! points pushed since they were last saved, and takes older points back
//! from storage in front of what it holds.

use std::collections::VecDeque;

/// Points kept per series: a day at one point per second, or the last
/// 100,000 of a faster topic.
pub const SERIES_CAPACITY: usize = 100_000;

/// Points in arrival order, the oldest dropped when full.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeriesBuffer {
    points: VecDeque<(f64, f64)>,
    capacity: usize,
    /// How many of the newest points are not saved yet.
    unsaved: usize,
}

impl SeriesBuffer {
    /// An empty buffer keeping at most `capacity` points.
    pub fn new(capacity: usize) -> Self {
        SeriesBuffer { points: VecDeque::new(), capacity: capacity.max(1), unsaved: 0 }
    }

    /// Adds a point; times are milliseconds and never decrease.
    pub fn push(&mut self, at_ms: f64, value: f64) {
        if self.points.len() == self.capacity {
            self.points.pop_front();
        }
        self.points.push_back((at_ms, value));
        self.unsaved = (self.unsaved + 1).min(self.points.len());
    }

    /// The points pushed since the last call, oldest first, as
    /// `[time, value, time, value, …]` with `time_offset_ms` added to each
    /// time; they count as saved from now on.
    pub fn take_unsaved(&mut self, time_offset_ms: f64) -> Vec<f64> {
        let start = self.points.len() - self.unsaved;
        self.unsaved = 0;
        self.points.range(start..).flat_map(|&(at, value)| [at + time_offset_ms, value]).collect()
    }

    /// Puts stored points (`[time, value, …]`, each time plus
    /// `time_offset_ms`, oldest first) in front of those held: they are
    /// older than anything received since the page loaded. If they do not
    /// all fit, the oldest are left out; any not older than the oldest held
    /// point are left out too. They do not count as unsaved.
    pub fn restore_older(&mut self, stored: &[f64], time_offset_ms: f64) {
        let first_held = self.points.front().map_or(f64::INFINITY, |point| point.0);
        let room = self.capacity - self.points.len();
        let older = stored.chunks_exact(2).rev().map(|pair| (pair[0] + time_offset_ms, pair[1]));
        for point in older.filter(|point| point.0 <= first_held).take(room) {
            self.points.push_front(point);
        }
    }

    /// Drops every point.
    pub fn clear(&mut self) {
        self.points.clear();
        self.unsaved = 0;
    }

    /// How many points it holds.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The newest point.
    pub fn last(&self) -> Option<(f64, f64)> {
        self.points.back().copied()
    }

    /// The points at or after `since_ms`, oldest first.
    pub fn since(&self, since_ms: f64) -> impl Iterator<Item = (f64, f64)> + '_ {
        let start = self.points.partition_point(|&(at, _)| at < since_ms);
        self.points.range(start..).copied()
    }

    /// The points from `from_ms` to `to_ms`, oldest first.
    pub fn between(&self, from_ms: f64, to_ms: f64) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.since(from_ms).take_while(move |&(at, _)| at <= to_ms)
    }

    /// How many points are from `from_ms` to `to_ms`.
    pub fn count_between(&self, from_ms: f64, to_ms: f64) -> usize {
        let end = self.points.partition_point(|&(at, _)| at <= to_ms);
        end.saturating_sub(self.points.partition_point(|&(at, _)| at < from_ms))
    }

    /// The point nearest in time to `at_ms`.
    pub fn nearest(&self, at_ms: f64) -> Option<(f64, f64)> {
        let after = self.points.partition_point(|&(at, _)| at < at_ms);
        let before = after.checked_sub(1).and_then(|index| self.points.get(index));
        match (before, self.points.get(after)) {
            (Some(before), Some(after)) if after.0 - at_ms < at_ms - before.0 => Some(*after),
            (Some(before), _) => Some(*before),
            (None, after) => after.copied(),
        }
    }

    /// The oldest point.
    pub fn first(&self) -> Option<(f64, f64)> {
        self.points.front().copied()
    }

    /// How many points are at or after `since_ms`.
    pub fn count_since(&self, since_ms: f64) -> usize {
        self.points.len() - self.points.partition_point(|&(at, _)| at < since_ms)
    }
}

/// One pixel column of a decimated series: the time at its centre and the
/// lowest and highest value that fell in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Centre time in milliseconds.
    pub at_ms: f64,
    /// Lowest value.
    pub min: f64,
    /// Highest value.
    pub max: f64,
    /// The last value (what a line through the column ends on).
    pub last: f64,
}

/// Reduces `points` (oldest first) in `[from_ms, to_ms]` to at most
/// `columns` columns, keeping each column's extremes so spikes stay visible.
pub fn decimate(points: impl Iterator<Item = (f64, f64)>, from_ms: f64, to_ms: f64, columns: usize) -> Vec<Column> {
    let columns = columns.max(1);
    let span = (to_ms - from_ms).max(f64::EPSILON);
    let width = span / columns as f64;
    let mut out: Vec<Column> = Vec::with_capacity(columns);
    let mut current: Option<(usize, Column)> = None;
    for (at, value) in points {
        if at < from_ms || at > to_ms || !value.is_finite() {
            continue;
        }
        let index = (((at - from_ms) / width) as usize).min(columns - 1);
        match &mut current {
            Some((current_index, column)) if *current_index == index => {
                column.min = column.min.min(value);
                column.max = column.max.max(value);
                column.last = value;
            }
            _ => {
                if let Some((_, done)) = current.take() {
                    out.push(done);
                }
                let centre = from_ms + (index as f64 + 0.5) * width;
                current = Some((index, Column { at_ms: centre, min: value, max: value, last: value }));
            }
        }
    }
    if let Some((_, done)) = current {
        out.push(done);
    }
    out
}

/// The y-range of `columns`, padded by 5 % so lines do not touch the edges;
/// a flat series gets a unit of room.
pub fn auto_range(columns: &[Column]) -> Option<(f64, f64)> {
    let low = columns.iter().map(|column| column.min).fold(f64::INFINITY, f64::min);
    let high = columns.iter().map(|column| column.max).fold(f64::NEG_INFINITY, f64::max);
    if !low.is_finite() || !high.is_finite() {
        return None;
    }
    let pad = if high > low { (high - low) * 0.05 } else { 1.0 };
    Some((low - pad, high + pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_point_in_time_is_found_on_either_side() {
        let mut buffer = SeriesBuffer::new(10);
        assert_eq!(buffer.nearest(5.0), None);
        for at in [10.0, 20.0, 40.0] {
            buffer.push(at, at / 10.0);
        }
        assert_eq!(buffer.nearest(0.0), Some((10.0, 1.0)));
        assert_eq!(buffer.nearest(14.0), Some((10.0, 1.0)));
        assert_eq!(buffer.nearest(31.0), Some((40.0, 4.0)));
        assert_eq!(buffer.nearest(99.0), Some((40.0, 4.0)));
        assert_eq!(buffer.between(15.0, 40.0).collect::<Vec<_>>(), [(20.0, 2.0), (40.0, 4.0)]);
        assert_eq!(buffer.first(), Some((10.0, 1.0)));
        assert_eq!(buffer.count_between(10.0, 20.0), 2);
        assert_eq!(buffer.count_between(50.0, 20.0), 0);
    }

    #[test]
    fn the_buffer_keeps_the_newest_points_and_finds_a_window() {
        let mut buffer = SeriesBuffer::new(3);
        for at in 0..5 {
            buffer.push(at as f64 * 1000.0, at as f64);
        }
        assert_eq!(buffer.len(), 3);
        assert_eq!(buffer.since(3000.0).collect::<Vec<_>>(), [(3000.0, 3.0), (4000.0, 4.0)]);
        assert_eq!(buffer.count_since(0.0), 3);
        assert_eq!(buffer.last(), Some((4000.0, 4.0)));
    }

    #[test]
    fn unsaved_points_are_taken_once_and_stored_ones_go_in_front() {
        let mut buffer = SeriesBuffer::new(5);
        buffer.push(10.0, 1.0);
        buffer.push(20.0, 2.0);
        assert_eq!(buffer.take_unsaved(1000.0), [1010.0, 1.0, 1020.0, 2.0]);
        assert!(buffer.take_unsaved(0.0).is_empty());
        buffer.push(30.0, 3.0);
        // Stored times are wall-clock ms; minus the page's origin they come before now.
        buffer.restore_older(&[985.0, 7.0, 990.0, 9.0, 995.0, 8.0], -1000.0);
        // Room for two, so the oldest (-15) is left out.
        let held = [(-10.0, 9.0), (-5.0, 8.0), (10.0, 1.0), (20.0, 2.0), (30.0, 3.0)];
        assert_eq!(buffer.since(f64::NEG_INFINITY).collect::<Vec<_>>(), held);
        assert_eq!(buffer.take_unsaved(0.0), [30.0, 3.0], "the newest push is still unsaved; restored points are not");
        let mut full = SeriesBuffer::new(2);
        full.push(5.0, 5.0);
        full.push(6.0, 6.0);
        full.restore_older(&[1.0, 1.0], 0.0);
        assert_eq!(full.len(), 2, "a full buffer takes nothing older");
    }

    #[test]
    fn decimation_keeps_each_columns_extremes() {
        // 100,000 points over 100 s into 10 columns: a spike in column 3 survives.
        let points = (0..100_000).map(|index| {
            let at = index as f64;
            (at, if index == 35_000 { 500.0 } else { (index % 7) as f64 })
        });
        let columns = decimate(points, 0.0, 100_000.0, 10);
        assert_eq!(columns.len(), 10);
        assert_eq!(columns[3].max, 500.0);
        assert!(columns.iter().all(|column| column.min == 0.0));
        assert_eq!(columns[0].at_ms, 5_000.0);
    }

    #[test]
    fn points_outside_the_window_or_not_finite_are_left_out() {
        let points = [(-1.0, 9.0), (1.0, f64::NAN), (2.0, 4.0), (11.0, 9.0)];
        let columns = decimate(points.into_iter(), 0.0, 10.0, 5);
        assert_eq!(columns.len(), 1);
        assert_eq!((columns[0].min, columns[0].max), (4.0, 4.0));
        assert_eq!(auto_range(&columns), Some((3.0, 5.0)));
        assert_eq!(auto_range(&[]), None);
    }
}
