//! Chart drawing, generic over plotters' `DrawingBackend` so that it is
//! tested natively with the SVG backend; only the chart component touches
//! a canvas. It lays the chart out in pixels itself (plotters' elements,
//! not its chart builder): clock-time ticks whose last label is moved in
//! rather than cut, a left axis and, for series on `"axis": "right"`, a
//! right one, with labels at the widget's decimals. It draws decimated
//! columns (min/max per pixel column), so the cost follows the chart's
//! width, not the number of points.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::model::chart_view::{value_ticks, Tick};
use crate::model::series::Column;
use crate::model::value::format_number;

/// A line to draw.
pub struct ChartLine<'a> {
    /// Its colour.
    pub color: RGBColor,
    /// Decimated points, oldest first.
    pub columns: &'a [Column],
    /// Whether it is read against the right-hand axis.
    pub right: bool,
}

/// What to draw.
pub struct ChartFrame<'a> {
    /// Left edge of the range, ms.
    pub from_ms: f64,
    /// Right edge, ms.
    pub to_ms: f64,
    /// The time ticks, on the same clock as the range.
    pub ticks: &'a [Tick],
    /// The left axis's range.
    pub left_range: (f64, f64),
    /// The right axis's range, when a line uses it.
    pub right_range: Option<(f64, f64)>,
    /// Decimals of the axis labels (`None`: as many as needed, up to 3).
    pub decimals: Option<u8>,
    /// The lines.
    pub lines: &'a [ChartLine<'a>],
    /// Axis and label colour.
    pub ink: RGBColor,
    /// Device pixels per CSS pixel, so labels read the same on a phone.
    pub scale: f64,
}

/// Where the plot went, in device pixels: what a pointer's position is
/// read against.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PlotArea {
    /// Left edge.
    pub left: f64,
    /// Right edge.
    pub right: f64,
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

type Labels = Vec<(f64, String)>;

/// Draws the frame onto `area` (cleared first) and says where the plot is.
pub fn draw_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &ChartFrame<'_>,
) -> Result<PlotArea, DrawError> {
    let error = |error: DrawingAreaErrorKind<DB::ErrorType>| DrawError(error.to_string());
    area.fill(&TRANSPARENT).map_err(error)?;
    let px = |css: f64| css * frame.scale;
    let (width, height) = area.dim_in_pixel();
    let (width, height) = (f64::from(width), f64::from(height));
    // FontFamily::SansSerif, not "sans-serif": reading a family from text
    // lowercases it, which brings the whole Unicode case table into the wasm.
    let style = TextStyle::from((FontFamily::SansSerif, 12.0 * frame.scale).into_font()).color(&frame.ink);
    let labels = |(low, high): (f64, f64)| -> Labels {
        value_ticks(low, high, 5).into_iter().map(|value| (value, format_number(value, frame.decimals))).collect()
    };
    let text_width = |text: &str| area.estimate_text_size(text, &style).map_or(0.0, |size| f64::from(size.0));
    let widest = |labels: &Labels| labels.iter().map(|(_, text)| text_width(text)).fold(0.0, f64::max);
    let left_labels = labels(frame.left_range);
    let right_labels = frame.right_range.map(labels);
    let left = px(6.0) + widest(&left_labels) + px(6.0);
    let right = width - px(10.0) - right_labels.as_ref().map_or(0.0, |labels| widest(labels) + px(6.0));
    let (top, bottom) = (px(8.0), height - px(20.0));
    if right - left < 2.0 || bottom - top < 2.0 {
        return area.present().map(|()| PlotArea { left, right }).map_err(error);
    }
    let x_of = |at_ms: f64| left + (at_ms - frame.from_ms) / (frame.to_ms - frame.from_ms).max(1.0) * (right - left);
    let y_of = |value: f64, (low, high): (f64, f64)| {
        let y = bottom - (value - low) / (high - low).max(f64::EPSILON) * (bottom - top);
        y.clamp(top - 1.0, bottom + 1.0)
    };
    let point = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let grid = ShapeStyle::from(frame.ink.mix(0.12)).stroke_width(1);
    let axis = ShapeStyle::from(frame.ink.mix(0.6)).stroke_width(1);
    let line = |from: (f64, f64), to: (f64, f64), style: ShapeStyle| {
        area.draw(&PathElement::new(vec![point(from.0, from.1), point(to.0, to.1)], style))
    };
    let text = |text: &str, x: f64, y: f64, h_pos: HPos, v_pos: VPos| {
        area.draw(&Text::new(text, point(x, y), style.pos(Pos::new(h_pos, v_pos))))
    };
    for (value, label) in &left_labels {
        let y = y_of(*value, frame.left_range);
        line((left, y), (right, y), grid).map_err(error)?;
        text(label, left - px(6.0), y, HPos::Right, VPos::Center).map_err(error)?;
    }
    if let (Some(labels), Some(range)) = (&right_labels, frame.right_range) {
        for (value, label) in labels {
            text(label, right + px(6.0), y_of(*value, range), HPos::Left, VPos::Center).map_err(error)?;
        }
        line((right, top), (right, bottom), axis).map_err(error)?;
    }
    for tick in frame.ticks {
        let x = x_of(tick.at_ms);
        if !(left..=right).contains(&x) {
            continue;
        }
        line((x, top), (x, bottom), grid).map_err(error)?;
        // A label that would run past an edge is moved in, not cut.
        let half = text_width(&tick.label) / 2.0;
        let centre = x.clamp(half + 1.0, width - half - 1.0);
        text(&tick.label, centre, bottom + px(4.0), HPos::Center, VPos::Top).map_err(error)?;
    }
    line((left, top), (left, bottom), axis).map_err(error)?;
    line((left, bottom), (right, bottom), axis).map_err(error)?;
    for chart_line in frame.lines {
        let range = if chart_line.right { frame.right_range.unwrap_or(frame.left_range) } else { frame.left_range };
        let stroke = ShapeStyle::from(&chart_line.color).stroke_width(px(2.0).round() as u32);
        let path = chart_line.columns.iter().map(|column| point(x_of(column.at_ms), y_of(column.last, range)));
        area.draw(&PathElement::new(path.collect::<Vec<_>>(), stroke)).map_err(error)?;
        // Each column's spread, so a spike between two drawn points stays visible.
        let spread = ShapeStyle::from(chart_line.color.mix(0.5)).stroke_width(1);
        for column in chart_line.columns.iter().filter(|column| column.max > column.min) {
            let x = x_of(column.at_ms);
            line((x, y_of(column.min, range)), (x, y_of(column.max, range)), spread).map_err(error)?;
        }
    }
    area.present().map_err(error)?;
    Ok(PlotArea { left, right })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::model::chart_view::clock_ticks;
    use crate::model::series::{auto_range, decimate, SeriesBuffer};

    /// The text of every label in `svg`.
    fn labels(svg: &str) -> Vec<&str> {
        svg.split("</text>")
            .filter_map(|part| part.rsplit('>').next())
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .collect()
    }

    fn svg_of(frame: &ChartFrame<'_>) -> (String, PlotArea) {
        let mut svg = String::new();
        let plot = {
            let area = SVGBackend::with_string(&mut svg, (480, 240)).into_drawing_area();
            draw_chart(&area, frame).unwrap()
        };
        (svg, plot)
    }

    #[test]
    fn a_window_of_points_is_drawn_as_decimated_lines_with_clock_ticks() {
        let mut buffer = SeriesBuffer::new(200_000);
        for index in 0..100_000 {
            buffer.push(index as f64 * 6.0, 20.0 + (index % 50) as f64 / 10.0);
        }
        let (from_ms, to_ms) = (0.0, 600_000.0);
        let columns = decimate(buffer.since(from_ms), from_ms, to_ms, 400);
        assert!(columns.len() <= 400 && columns.len() > 390, "{}", columns.len());
        let lines = [ChartLine { color: PALETTE[0], columns: &columns, right: false }];
        let ticks = clock_ticks(from_ms, to_ms, 0.0, 6);
        let frame = ChartFrame {
            from_ms,
            to_ms,
            ticks: &ticks,
            left_range: auto_range(&columns).unwrap(),
            right_range: None,
            decimals: Some(1),
            lines: &lines,
            ink: BLACK,
            scale: 1.0,
        };
        let (svg, plot) = svg_of(&frame);
        // The line is one polyline of one point per column, not 100,000.
        let polyline = svg
            .lines()
            .find(|line| line.contains("<polyline") && line.contains("stroke=\"#1E88E5\""))
            .expect("the series line");
        let points = polyline.split("points=\"").nth(1).unwrap().split('"').next().unwrap().split_whitespace().count();
        assert_eq!(points, columns.len());
        let labels = labels(&svg);
        assert!(
            labels.contains(&"00:02") && labels.contains(&"00:10"),
            "clock-time ticks, the last one too: {labels:?}"
        );
        // The last tick is at the right edge; its label is moved in, not cut.
        let last = svg.split("</text>").find(|part| part.trim_end().ends_with("00:10")).unwrap();
        let x: f64 = last.rsplit("<text x=\"").next().unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(x < plot.right, "the last label's centre is moved in: {x} {plot:?}");
        assert!(labels.contains(&"20.0") && !labels.contains(&"20.00"), "labels at the widget's decimals: {labels:?}");
        assert!(plot.left > 20.0 && plot.right > 400.0 && plot.right < 480.0, "{plot:?}");
    }

    #[test]
    fn a_right_hand_series_gets_its_own_axis() {
        let power = [Column { at_ms: 500.0, min: 1750.0, max: 1750.0, last: 1750.0 }];
        let temperature = [Column { at_ms: 500.0, min: 40.0, max: 40.0, last: 40.0 }];
        let lines = [
            ChartLine { color: PALETTE[0], columns: &power, right: false },
            ChartLine { color: PALETTE[1], columns: &temperature, right: true },
        ];
        let frame = ChartFrame {
            from_ms: 0.0,
            to_ms: 1000.0,
            ticks: &[],
            left_range: (0.0, 2000.0),
            right_range: Some((0.0, 50.0)),
            decimals: None,
            lines: &lines,
            ink: BLACK,
            scale: 1.0,
        };
        let (svg, plot) = svg_of(&frame);
        let labels = labels(&svg);
        assert!(labels.contains(&"1500") && labels.contains(&"40"), "both axes are labelled: {labels:?}");
        let with_right = plot.right;
        let (_, left_only) = svg_of(&ChartFrame { right_range: None, ..frame });
        assert!(with_right < left_only.right, "the right axis takes room");
    }

    #[test]
    fn colours_parse_from_hex() {
        assert_eq!(parse_color("#e53935"), Some(RGBColor(0xe5, 0x39, 0x35)));
        assert_eq!(parse_color("red"), None);
    }
}
