//! What a chart shows and how it reads: the time range (live, following
//! now, or fixed after a zoom or pan), clock-time tick labels on round
//! times of the local clock, and the CSV export of its series. Times here
//! are milliseconds: on the page's clock for ranges, since the epoch for
//! ticks and CSV.

/// The range presets offered, in seconds, with their labels.
pub const PRESETS: [(u32, &str); 8] = [
    (60, "1 min"),
    (300, "5 min"),
    (1800, "30 min"),
    (3600, "1 h"),
    (21_600, "6 h"),
    (86_400, "24 h"),
    (604_800, "7 d"),
    (2_592_000, "30 d"),
];

/// A span as the time-window menu names one that is not a preset (after a
/// zoom, or a `window_s` of the file's own): "45 s", "1.5 min", "2.5 h", "3 d".
pub fn span_label(span_ms: f64) -> String {
    let seconds = span_ms / 1000.0;
    let (value, unit) = match seconds {
        s if s < 60.0 => (s, "s"),
        s if s < 3600.0 => (s / 60.0, "min"),
        s if s < 86_400.0 => (s / 3600.0, "h"),
        s => (s / 86_400.0, "d"),
    };
    format!("{} {unit}", crate::value::format_number((value * 10.0).round() / 10.0, None))
}

/// The narrowest range a zoom reaches.
pub const MIN_SPAN_MS: f64 = 1_000.0;
/// The widest range a zoom reaches: the longest preset.
pub const MAX_SPAN_MS: f64 = 2_592_000_000.0;

/// The time range of a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeRange {
    /// Its width.
    pub span_ms: f64,
    /// Its right edge; `None` while live (the edge is now).
    pub end_ms: Option<f64>,
}

impl TimeRange {
    /// The last `span_ms`, following now.
    pub fn live(span_ms: f64) -> Self {
        TimeRange { span_ms: span_ms.clamp(MIN_SPAN_MS, MAX_SPAN_MS), end_ms: None }
    }

    /// Whether the range follows now.
    pub fn is_live(&self) -> bool {
        self.end_ms.is_none()
    }

    /// Its left and right edges when the time is `now_ms`.
    pub fn bounds(&self, now_ms: f64) -> (f64, f64) {
        let end = self.end_ms.unwrap_or(now_ms);
        (end - self.span_ms, end)
    }

    /// Zoomed by `factor` (below 1 zooms in) around the point `anchor` of
    /// the way across (0 the left edge, 1 the right), which stays where it
    /// is. A live range zoomed at its right edge stays live; otherwise the
    /// range is fixed, and never reaches past now.
    pub fn zoomed(&self, now_ms: f64, factor: f64, anchor: f64) -> Self {
        let anchor = anchor.clamp(0.0, 1.0);
        let span = (self.span_ms * factor).clamp(MIN_SPAN_MS, MAX_SPAN_MS);
        if self.is_live() && anchor > 0.99 {
            return TimeRange::live(span);
        }
        let (from, _) = self.bounds(now_ms);
        let at = from + anchor * self.span_ms;
        let end = (at - anchor * span + span).min(now_ms);
        TimeRange { span_ms: span, end_ms: Some(end) }
    }

    /// Moved later by `by_ms` (earlier when negative), never past now; the
    /// range is fixed from then on.
    pub fn panned(&self, now_ms: f64, by_ms: f64) -> Self {
        let (_, end) = self.bounds(now_ms);
        TimeRange { span_ms: self.span_ms, end_ms: Some((end + by_ms).min(now_ms)) }
    }
}

/// A tick on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Its time, ms since the epoch.
    pub at_ms: f64,
    /// What it reads, in local time: "14:05:30", "14:05" or "Mon 14:00".
    pub label: String,
}

/// Tick steps, in seconds: round times of the clock.
const STEPS_S: [u32; 19] =
    [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800];
const DAY_MS: f64 = 86_400_000.0;
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];

/// At most `max_ticks` ticks between two times (ms since the epoch), on
/// multiples of a round step of the local clock, `utc_offset_ms` ahead of
/// UTC. Labels show seconds only when the step is under a minute, and the
/// weekday when the range is longer than a day.
pub fn clock_ticks(from_ms: f64, to_ms: f64, utc_offset_ms: f64, max_ticks: usize) -> Vec<Tick> {
    let span = to_ms - from_ms;
    if span.is_nan() || span <= 0.0 || max_ticks == 0 {
        return Vec::new();
    }
    let step_s = STEPS_S.iter().copied().find(|step| span / (f64::from(*step) * 1000.0) <= max_ticks as f64);
    let step = f64::from(step_s.unwrap_or(STEPS_S[STEPS_S.len() - 1])) * 1000.0;
    let mut local = ((from_ms + utc_offset_ms) / step).ceil() * step;
    let mut ticks = Vec::new();
    while local <= to_ms + utc_offset_ms && ticks.len() <= max_ticks {
        ticks.push(Tick { at_ms: local - utc_offset_ms, label: clock_label(local, step, span) });
        local += step;
    }
    ticks
}

fn clock_label(local_ms: f64, step_ms: f64, span_ms: f64) -> String {
    let day = (local_ms / DAY_MS).floor();
    let of_day = ((local_ms - day * DAY_MS) / 1000.0).round() as u32;
    let (hours, minutes, seconds) = (of_day / 3600 % 24, of_day / 60 % 60, of_day % 60);
    if step_ms < 60_000.0 {
        format!("{hours:02}:{minutes:02}:{seconds:02}")
    } else if span_ms <= DAY_MS {
        format!("{hours:02}:{minutes:02}")
    } else {
        format!("{} {hours:02}:{minutes:02}", WEEKDAYS[(day as i64).rem_euclid(7) as usize])
    }
}

/// At most about `max_ticks` round values (1, 2, 2.5 or 5 times a power
/// of ten apart) from `low` to `high`.
pub fn value_ticks(low: f64, high: f64, max_ticks: usize) -> Vec<f64> {
    let span = high - low;
    if !span.is_finite() || span <= 0.0 || max_ticks == 0 {
        return Vec::new();
    }
    let rough = span / max_ticks as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|step| *step >= rough).unwrap_or(rough);
    let first = (low / step).ceil() as i64;
    let last = (high / step).floor() as i64;
    (first..=last).map(|index| index as f64 * step).collect()
}

/// A time as ISO 8601 in UTC, to the millisecond: "2026-12-07T02:53:58.123Z".
pub fn iso_utc(epoch_ms: f64) -> String {
    let total_ms = epoch_ms.round() as i64;
    let days = total_ms.div_euclid(86_400_000);
    let of_day = total_ms.rem_euclid(86_400_000);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3_600_000,
        of_day / 60_000 % 60,
        of_day / 1000 % 60,
        of_day % 1000
    )
}

/// One series to export: its label and its points, `(ms since the epoch,
/// value)`, oldest first.
pub struct CsvSeries<'a> {
    /// The column heading.
    pub label: &'a str,
    /// The points.
    pub points: Vec<(f64, f64)>,
}

/// The series as CSV: a row per distinct time, `time` (ISO 8601, UTC) and
/// `time_ms` first, then a column per series, empty where that series has
/// no point at that time. A heading that a spreadsheet would read as a
/// formula is quoted with a leading apostrophe.
pub fn series_csv(series: &[CsvSeries<'_>]) -> String {
    let mut out = String::from("time,time_ms");
    for one in series {
        out.push(',');
        out.push_str(&csv_cell(one.label));
    }
    out.push('\n');
    let mut next = vec![0usize; series.len()];
    loop {
        let at = series
            .iter()
            .zip(&next)
            .filter_map(|(one, &index)| one.points.get(index).map(|point| point.0))
            .min_by(f64::total_cmp);
        let Some(at) = at else { break };
        out.push_str(&format!("{},{}", iso_utc(at), at.round()));
        for (one, index) in series.iter().zip(next.iter_mut()) {
            out.push(',');
            if let Some(&(_, value)) = one.points.get(*index).filter(|point| point.0 == at) {
                out.push_str(&value.to_string());
                *index += 1;
            }
        }
        out.push('\n');
    }
    out
}

/// One CSV cell: quoted when it holds a comma, quote or line break, and with a
/// leading `'` when a spreadsheet would read it as a formula.
pub(crate) fn csv_cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_owned() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_range_zoomed_at_now_stays_live_and_elsewhere_is_fixed() {
        let live = TimeRange::live(600_000.0);
        assert_eq!(live.bounds(1_000_000.0), (400_000.0, 1_000_000.0));
        let at_now = live.zoomed(1_000_000.0, 0.5, 1.0);
        assert_eq!(at_now, TimeRange { span_ms: 300_000.0, end_ms: None });
        // Zoomed in around the middle: the middle stays where it was.
        let middle = live.zoomed(1_000_000.0, 0.5, 0.5);
        assert_eq!(middle.bounds(1_000_000.0), (550_000.0, 850_000.0));
        assert!(!middle.is_live());
        // Zoomed out from there, it does not reach past now.
        let out = middle.zoomed(2_000_000.0, 4.0, 0.5);
        assert_eq!(out.end_ms, Some(1_300_000.0));
        assert_eq!(live.zoomed(0.0, 1e-9, 0.5).span_ms, MIN_SPAN_MS);
    }

    #[test]
    fn a_pan_moves_the_range_and_stops_at_now() {
        let live = TimeRange::live(60_000.0);
        let back = live.panned(100_000.0, -30_000.0);
        assert_eq!(back.bounds(200_000.0), (10_000.0, 70_000.0));
        assert_eq!(back.panned(100_000.0, 90_000.0).end_ms, Some(100_000.0));
    }

    #[test]
    fn ticks_fall_on_round_local_times_and_read_as_clock_times() {
        // 2026-12-07 10:00:00 UTC, shown one hour ahead of UTC.
        let from = 1_796_637_600_000.0;
        let ticks = clock_ticks(from + 7_000.0, from + 600_000.0, 3_600_000.0, 6);
        let labels: Vec<&str> = ticks.iter().map(|tick| tick.label.as_str()).collect();
        assert_eq!(labels, ["11:02", "11:04", "11:06", "11:08", "11:10"]);
        assert_eq!(ticks[0].at_ms, from + 120_000.0);
        let seconds = clock_ticks(from, from + 50_000.0, 0.0, 6);
        assert_eq!(seconds[1].label, "10:00:10");
        let week = clock_ticks(from, from + 7.0 * DAY_MS, 0.0, 6);
        assert_eq!(week[0].label, "Wed 00:00");
        assert!(week.len() <= 7);
        assert!(clock_ticks(from, from, 0.0, 6).is_empty());
    }

    #[test]
    fn value_ticks_are_round_numbers_inside_the_range() {
        assert_eq!(value_ticks(0.0, 1750.0, 5), [0.0, 500.0, 1000.0, 1500.0]);
        assert_eq!(value_ticks(19.3, 21.1, 5), [19.5, 20.0, 20.5, 21.0]);
        assert_eq!(value_ticks(-1.0, 1.0, 4), [-1.0, -0.5, 0.0, 0.5, 1.0]);
        assert!(value_ticks(3.0, 3.0, 5).is_empty());
        assert!(value_ticks(0.0, f64::INFINITY, 5).is_empty());
    }

    #[test]
    fn a_span_that_is_no_preset_is_named_in_its_largest_unit() {
        let labels: Vec<String> = [45_000.0, 90_000.0, 900_000.0, 9_000_000.0, 259_200_000.0].map(span_label).into();
        assert_eq!(labels, ["45 s", "1.5 min", "15 min", "2.5 h", "3 d"]);
    }

    #[test]
    fn times_are_written_as_iso_8601_utc() {
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_utc(1_796_637_600_123.0), "2026-12-07T10:00:00.123Z");
        assert_eq!(iso_utc(951_782_400_000.0), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn the_csv_has_a_row_per_time_and_a_column_per_series() {
        let series = [
            CsvSeries { label: "Power, W", points: vec![(1000.0, 1750.0), (2000.0, 1800.5)] },
            CsvSeries { label: "=cmd", points: vec![(2000.0, 40.0), (3000.0, -1.0)] },
        ];
        assert_eq!(
            series_csv(&series),
            "time,time_ms,\"Power, W\",'=cmd\n\
             1970-01-01T00:00:01.000Z,1000,1750,\n\
             1970-01-01T00:00:02.000Z,2000,1800.5,40\n\
             1970-01-01T00:00:03.000Z,3000,,-1\n"
        );
    }
}
