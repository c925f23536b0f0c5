//! Chart drawing, generic over plotters' `DrawingBackend` so that it is
//! tested natively with the SVG backend; only the chart component touches
//! a canvas. It draws decimated columns (min/max per pixel column), so the
//! cost follows the chart's width, not the number of points.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::model::series::Column;

/// A line to draw.
pub struct ChartLine<'a> {
    /// Legend label.
    pub label: &'a str,
    /// Its colour.
    pub color: RGBColor,
    /// Decimated points, oldest first.
    pub columns: &'a [Column],
}

/// What to draw.
pub struct ChartFrame<'a> {
    /// Left edge of the window, ms.
    pub from_ms: f64,
    /// Right edge (now), ms.
    pub to_ms: f64,
    /// The y-axis range.
    pub y_range: (f64, f64),
    /// The lines.
    pub lines: &'a [ChartLine<'a>],
    /// Axis and label colour.
    pub ink: RGBColor,
    /// Device pixels per CSS pixel, so labels read the same on a phone.
    pub scale: f64,
}

/// Colours picked for series without one.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0x1e, 0x88, 0xe5),
    RGBColor(0xe5, 0x39, 0x35),
    RGBColor(0x43, 0xa0, 0x47),
    RGBColor(0xfb, 0x8c, 0x00),
    RGBColor(0x8e, 0x24, 0xaa),
    RGBColor(0x00, 0x89, 0x7b),
];

/// Parses `#rrggbb`.
pub fn parse_color(text: &str) -> Option<RGBColor> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |range: std::ops::Range<usize>| u8::from_str_radix(hex.get(range)?, 16).ok();
    Some(RGBColor(channel(0..2)?, channel(2..4)?, channel(4..6)?))
}

/// A drawing backend failed (a canvas that went away, say); the text is plotters' own.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the chart could not be drawn: {0}")]
pub struct DrawError(String);

/// Draws the frame onto `area` (cleared first). The x axis is seconds before now.
pub fn draw_chart<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, frame: &ChartFrame<'_>) -> Result<(), DrawError> {
    let error = |error: DrawingAreaErrorKind<DB::ErrorType>| DrawError(error.to_string());
    area.fill(&TRANSPARENT).map_err(error)?;
    let span_s = ((frame.to_ms - frame.from_ms) / 1000.0).max(1.0);
    let (low, high) = frame.y_range;
    let px = |css: f64| (css * frame.scale).round() as u32;
    let mut chart = ChartBuilder::on(area)
        .margin(px(6.0))
        .x_label_area_size(px(22.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d(-span_s..0.0, low..high)
        .map_err(error)?;
    // FontFamily::SansSerif, not "sans-serif": reading a family from text
    // lowercases it, which brings the whole Unicode case table into the wasm.
    let label_style = TextStyle::from((FontFamily::SansSerif, 12.0 * frame.scale).into_font()).color(&frame.ink);
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&|seconds| format_ago(*seconds))
        .y_label_formatter(&|value| crate::model::value::format_number(*value, None))
        .label_style(label_style)
        .axis_style(frame.ink.mix(0.6))
        .light_line_style(frame.ink.mix(0.08))
        .bold_line_style(frame.ink.mix(0.15))
        .draw()
        .map_err(error)?;
    let to_x = |at_ms: f64| (at_ms - frame.to_ms) / 1000.0;
    for line in frame.lines {
        let style = ShapeStyle::from(&line.color).stroke_width(px(2.0));
        chart
            .draw_series(LineSeries::new(line.columns.iter().map(|column| (to_x(column.at_ms), column.last)), style))
            .map_err(error)?;
        // Each column's spread, so a spike between two drawn points stays visible.
        let spreads = line.columns.iter().filter(|column| column.max > column.min).map(|column| {
            let x = to_x(column.at_ms);
            PathElement::new(vec![(x, column.min), (x, column.max)], line.color.mix(0.5).stroke_width(1))
        });
        chart.draw_series(spreads).map_err(error)?;
    }
    area.present().map_err(error)
}

/// An axis label: `-90` seconds reads `1m30s`.
fn format_ago(seconds: f64) -> String {
    let total = (-seconds).round() as i64;
    match total {
        0 => "now".to_owned(),
        t if t < 60 => format!("-{t}s"),
        t if t < 3600 => format!("-{}m{}", t / 60, if t % 60 == 0 { String::new() } else { format!("{}s", t % 60) }),
        t => format!("-{}h{}", t / 3600, if t % 3600 == 0 { String::new() } else { format!("{}m", t % 3600 / 60) }),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::series::{auto_range, decimate, SeriesBuffer};

    #[test]
    fn a_window_of_points_is_drawn_as_decimated_lines() {
        let mut buffer = SeriesBuffer::new(200_000);
        for index in 0..100_000 {
            buffer.push(index as f64 * 6.0, 20.0 + (index % 50) as f64 / 10.0);
        }
        let (from_ms, to_ms) = (0.0, 600_000.0);
        let columns = decimate(buffer.since(from_ms), from_ms, to_ms, 400);
        assert!(columns.len() <= 400 && columns.len() > 390, "{}", columns.len());
        let lines = [ChartLine { label: "Living", color: PALETTE[0], columns: &columns }];
        let frame = ChartFrame {
            from_ms,
            to_ms,
            y_range: auto_range(&columns).unwrap(),
            lines: &lines,
            ink: BLACK,
            scale: 1.0,
        };
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 240)).into_drawing_area();
            draw_chart(&area, &frame).unwrap();
        }
        // The line is one polyline of at most one point per column, not 100,000.
        let polyline = svg
            .lines()
            .find(|line| line.contains("<polyline") && line.contains("stroke=\"#1E88E5\""))
            .expect("the series line");
        let points = polyline.split("points=\"").nth(1).unwrap().split('"').next().unwrap().split_whitespace().count();
        assert_eq!(points, columns.len());
        assert!(svg.contains("-10m"), "the x axis reads minutes before now");
    }

    #[test]
    fn colours_parse_from_hex() {
        assert_eq!(parse_color("#e53935"), Some(RGBColor(0xe5, 0x39, 0x35)));
        assert_eq!(parse_color("red"), None);
        assert_eq!(format_ago(-90.0), "-1m30s");
        assert_eq!(format_ago(-7200.0), "-2h");
    }
}
