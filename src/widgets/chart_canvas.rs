//! The chart's work that is not view: drawing a time range of its lines
//! onto a canvas (the widget's own, or an offscreen one for a PNG), the
//! tooltip at a pointer's position, snapped to the nearest point in time,
//! and the CSV and PNG exports of what is shown or of everything held.
//! Times are on the page's clock (`now_ms()`); exports and tick labels
//! turn them into wall-clock time.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

use super::chart_draw::{draw_chart, ChartFrame, ChartLine, PlotArea};
use crate::client::router::SeriesHandle;
use crate::model::chart_view::{clock_ticks, series_csv, CsvSeries};
use crate::model::series::{auto_range, decimate, Column};
use crate::model::value::format_number;
use crate::web::clock::{clock_time, wall_origin_ms};

/// A line of the chart.
pub struct Line {
    /// Legend label.
    pub label: String,
    /// Its colour.
    pub color: RGBColor,
    /// Whether it is read against the right-hand axis.
    pub right: bool,
    /// Its points.
    pub handle: SeriesHandle,
}

/// How a chart reads: its lines, which of them are shown, and its axis settings.
pub struct ChartSpec<'a> {
    /// Every line.
    pub lines: &'a [Line],
    /// Which lines are shown (the legend toggles them).
    pub shown: &'a [bool],
    /// The widget's fixed `min`/`max`, for the left axis.
    pub fixed_range: Option<(f64, f64)>,
    /// The widget's decimals.
    pub decimals: Option<u8>,
}

impl ChartSpec<'_> {
    fn shown_lines(&self) -> impl Iterator<Item = &Line> + '_ {
        self.lines.iter().zip(self.shown).filter(|(_, shown)| **shown).map(|(line, _)| line)
    }
}

/// What a draw laid out: how a pointer's x reads as a time.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Layout {
    /// The range drawn.
    pub from_ms: f64,
    /// Its right edge.
    pub to_ms: f64,
    /// The plot, in device pixels.
    pub plot: PlotArea,
    /// Device pixels per CSS pixel.
    pub ratio: f64,
}

impl Layout {
    /// The time under a pointer at `x_css`; beside the plot (over an
    /// axis's labels), the time at the nearer edge.
    fn time_at(&self, x_css: f64) -> Option<f64> {
        let width = self.plot.right - self.plot.left;
        let x = (x_css * self.ratio).clamp(self.plot.left, self.plot.right.max(self.plot.left));
        (width > 0.0).then(|| self.from_ms + (x - self.plot.left) / width * (self.to_ms - self.from_ms))
    }

    fn x_css_of(&self, at_ms: f64) -> f64 {
        let width = self.plot.right - self.plot.left;
        (self.plot.left + (at_ms - self.from_ms) / (self.to_ms - self.from_ms).max(1.0) * width) / self.ratio
    }

    /// The plot's width in CSS pixels.
    pub fn plot_width_css(&self) -> f64 {
        (self.plot.right - self.plot.left) / self.ratio.max(1.0)
    }
}

/// A canvas's size and look.
pub struct Surface {
    /// Width, CSS pixels.
    pub width: f64,
    /// Height, CSS pixels.
    pub height: f64,
    /// Device pixels per CSS pixel.
    pub ratio: f64,
    /// Whether to draw light on dark.
    pub dark: bool,
}

/// Draws `from_ms..to_ms` of the shown lines onto `canvas`, sized to
/// `surface`; returns the layout, the number of points in the range and
/// each line's last value as text.
pub fn draw_range(
    canvas: &web_sys::HtmlCanvasElement,
    spec: &ChartSpec<'_>,
    (from_ms, to_ms): (f64, f64),
    surface: &Surface,
) -> (Layout, usize, Vec<String>) {
    let width = (surface.width * surface.ratio) as u32;
    let height = (surface.height * surface.ratio) as u32;
    // Setting the size also clears the canvas, which every redraw needs.
    canvas.set_width(width);
    canvas.set_height(height);
    let plot_columns = (width as usize).saturating_sub((90.0 * surface.ratio) as usize).max(10);
    let mut count = 0;
    let mut values = Vec::with_capacity(spec.lines.len());
    let decimated: Vec<Vec<Column>> = spec
        .lines
        .iter()
        .zip(spec.shown)
        .map(|(line, shown)| {
            let buffer = line.handle.buffer.borrow();
            count += buffer.count_between(from_ms, to_ms);
            values.push(buffer.last().map(|(_, value)| format_number(value, spec.decimals)).unwrap_or_default());
            if *shown {
                decimate(buffer.between(from_ms, to_ms), from_ms, to_ms, plot_columns)
            } else {
                Vec::new()
            }
        })
        .collect();
    let axis_range = |right: bool| {
        let columns: Vec<Column> = spec
            .lines
            .iter()
            .zip(&decimated)
            .filter(|(line, _)| line.right == right)
            .flat_map(|(_, c)| c.clone())
            .collect();
        auto_range(&columns)
    };
    let left_range = spec.fixed_range.or_else(|| axis_range(false)).unwrap_or((0.0, 1.0));
    let right_range = spec.shown_lines().any(|line| line.right).then(|| axis_range(true).unwrap_or((0.0, 1.0)));
    let chart_lines: Vec<ChartLine<'_>> = spec
        .lines
        .iter()
        .zip(&decimated)
        .map(|(line, columns)| ChartLine { color: line.color, columns, right: line.right })
        .collect();
    let origin = wall_origin_ms();
    let utc_offset_ms = -js_sys::Date::new_0().get_timezone_offset() * 60_000.0;
    let max_ticks = ((surface.width - 90.0) / 80.0).clamp(2.0, 8.0) as usize;
    let mut ticks = clock_ticks(from_ms + origin, to_ms + origin, utc_offset_ms, max_ticks);
    for tick in &mut ticks {
        tick.at_ms -= origin;
    }
    let ink = if surface.dark { RGBColor(0xe0, 0xe4, 0xea) } else { RGBColor(0x33, 0x3a, 0x44) };
    let mut layout = Layout { from_ms, to_ms, plot: PlotArea::default(), ratio: surface.ratio };
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        let frame = ChartFrame {
            from_ms,
            to_ms,
            ticks: &ticks,
            left_range,
            right_range,
            decimals: spec.decimals,
            lines: &chart_lines,
            ink,
            scale: surface.ratio,
        };
        match draw_chart(&backend.into_drawing_area(), &frame) {
            Ok(plot) => layout.plot = plot,
            Err(error) => web_sys::console::warn_1(&error.to_string().into()),
        }
    }
    (layout, count, values)
}

/// One line's row in the tooltip.
#[derive(Debug, Clone, PartialEq)]
pub struct TipRow {
    /// The line's label.
    pub label: String,
    /// Its value at the tooltip's time.
    pub value: String,
    /// Its colour, as CSS.
    pub color: String,
}

/// The tooltip: where it stands and what it lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Tip {
    /// Its x, CSS pixels from the canvas's left edge.
    pub left_css: f64,
    /// Whether it opens to the left of the cursor (near the right edge).
    pub flip: bool,
    /// The time it shows.
    pub time: String,
    /// Each shown line's value.
    pub rows: Vec<TipRow>,
}

/// The tooltip for a pointer at `x_css`: it snaps to the point nearest in
/// time of any shown line, and lists each shown line's point nearest to
/// that time. `None` before the first draw, or with nothing to show.
pub fn tip_at(x_css: f64, layout: &Layout, spec: &ChartSpec<'_>) -> Option<Tip> {
    let at = layout.time_at(x_css)?;
    let nearest_in_range = |line: &Line, at: f64| {
        line.handle.buffer.borrow().nearest(at).filter(|(time, _)| (layout.from_ms..=layout.to_ms).contains(time))
    };
    let snapped = spec
        .shown_lines()
        .filter_map(|line| nearest_in_range(line, at))
        .map(|(time, _)| time)
        .min_by(|a, b| (a - at).abs().total_cmp(&(b - at).abs()))?;
    let rows = spec
        .shown_lines()
        .filter_map(|line| {
            let (_, value) = nearest_in_range(line, snapped)?;
            Some(TipRow {
                label: line.label.clone(),
                value: format_number(value, spec.decimals),
                color: rgb_css(line.color),
            })
        })
        .collect();
    let left_css = layout.x_css_of(snapped);
    Some(Tip { left_css, flip: x_css > layout.plot.right / layout.ratio / 2.0, time: clock_time(snapped), rows })
}

/// The time range of everything the lines hold.
pub fn held_range(lines: &[Line]) -> Option<(f64, f64)> {
    let (first, last) = lines.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(first, last), line| {
        let buffer = line.handle.buffer.borrow();
        (
            first.min(buffer.first().map_or(first, |point| point.0)),
            last.max(buffer.last().map_or(last, |point| point.0)),
        )
    });
    (first <= last).then_some((first, last.max(first + 1.0)))
}

/// The lines' points in `from_ms..=to_ms` as CSV (see
/// [`series_csv`]); with `only_shown`, the hidden lines are left out.
pub fn csv_of(spec: &ChartSpec<'_>, (from_ms, to_ms): (f64, f64), only_shown: bool) -> String {
    let origin = wall_origin_ms();
    let columns: Vec<CsvSeries<'_>> = spec
        .lines
        .iter()
        .zip(spec.shown)
        .filter(|(_, shown)| **shown || !only_shown)
        .map(|(line, _)| CsvSeries {
            label: &line.label,
            points: line
                .handle
                .buffer
                .borrow()
                .between(from_ms, to_ms)
                .map(|(at, value)| (at + origin, value))
                .collect(),
        })
        .collect();
    series_csv(&columns)
}

/// The shown lines over `range` drawn on an offscreen canvas of 1200×500
/// CSS pixels at twice the density, light, as a PNG `data:` URL.
pub fn png_of(spec: &ChartSpec<'_>, range: (f64, f64)) -> Result<String, crate::web::BrowserError> {
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    let surface = Surface { width: 1200.0, height: 500.0, ratio: 2.0, dark: false };
    draw_range(&canvas, spec, range, &surface);
    // The chart is drawn on a transparent canvas; a file gets a white page under it.
    let paper = document.create_element("canvas")?.unchecked_into::<web_sys::HtmlCanvasElement>();
    paper.set_width(canvas.width());
    paper.set_height(canvas.height());
    let context: web_sys::CanvasRenderingContext2d = paper.get_context("2d")?.ok_or("no 2d context")?.unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(paper.width()), f64::from(paper.height()));
    context.draw_image_with_html_canvas_element(&canvas, 0.0, 0.0)?;
    Ok(paper.to_data_url()?)
}

/// A colour as CSS.
pub fn rgb_css(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}
