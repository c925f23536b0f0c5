//! Chart: a line chart of one or more series (topics and JSON paths) over a
//! chosen time window (1 min … 24 h), auto or fixed y-range, last values in
//! the legend. History comes from the router's ring buffers, which receive
//! every message; the canvas is redrawn at most once per animation frame and
//! only when data, window or size changed. `data-points` counts the points
//! in the window.

use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use super::chart_draw::{draw_chart, parse_color, ChartFrame, ChartLine, PALETTE};
use super::Binding;
use crate::client::frames::FrameScheduler;
use crate::client::router::SeriesHandle;
use crate::client::Connections;
use crate::model::dashboard::DEFAULT_WINDOW_S;
use crate::model::series::{auto_range, decimate, Column};
use crate::model::value::format_number;
use crate::model::Widget;
use crate::state::AppState;
use crate::web::clock::now_ms;

/// The windows offered, in seconds.
const WINDOWS: [(u32, &str); 7] = [
    (60, "1 min"),
    (300, "5 min"),
    (600, "10 min"),
    (1800, "30 min"),
    (3600, "1 h"),
    (21_600, "6 h"),
    (86_400, "24 h"),
];

struct Line {
    label: String,
    color: RGBColor,
    handle: SeriesHandle,
}

/// The chart widget.
#[component]
pub fn Chart(widget: Widget, binding: Binding) -> impl IntoView {
    let _ = binding;
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let lines: Rc<Vec<Line>> = Rc::new(
        widget
            .series
            .iter()
            .enumerate()
            .map(|(index, spec)| Line {
                label: spec.label.clone().unwrap_or_else(|| spec.topic.clone()),
                color: spec.color.as_deref().and_then(parse_color).unwrap_or(PALETTE[index % PALETTE.len()]),
                handle: connections.series(&widget.connection, &spec.topic, spec.value_path.as_deref()),
            })
            .collect(),
    );
    let window_s = RwSignal::new(widget.window_s.unwrap_or(DEFAULT_WINDOW_S));
    let fixed_range = widget.min.zip(widget.max);
    let canvas = NodeRef::<Canvas>::new();
    let points = RwSignal::new(0usize);
    // How long the last redraw took, in ms: shown as data-draw-ms for benchmarks and curious users.
    let draw_ms = RwSignal::new(0.0f64);
    let last_values = RwSignal::new(Vec::<String>::new());
    let decimals = widget.decimals;

    // Redraw at most once per animation frame, after anything it shows
    // changed; a hidden page draws nothing (it redraws on the next change).
    let draw = {
        let lines = lines.clone();
        move || {
            let Some(canvas) = canvas.get_untracked() else { return };
            let to_ms = now_ms();
            let from_ms = to_ms - f64::from(window_s.get_untracked()) * 1000.0;
            let (count, values) = redraw(&canvas, &lines, from_ms, to_ms, fixed_range, decimals);
            draw_ms.set(now_ms() - to_ms);
            points.set(count);
            last_values.set(values);
        }
    };
    // Owned by the effect: when the chart goes, a pending frame is cancelled.
    let frames = FrameScheduler::new(connections.page(), draw);
    let revisions: Vec<ArcRwSignal<u64>> = lines.iter().map(|line| line.handle.revision.clone()).collect();
    Effect::new(move |_| {
        for revision in &revisions {
            revision.track();
        }
        window_s.track();
        state.clock_ms.track();
        frames.request();
    });

    let dashboard_id = state.active_dashboard.get_untracked();
    let widget_id = widget.id.clone();
    let choose = move |event: leptos::ev::Event| {
        let Ok(seconds) = event_target_value(&event).parse::<u32>() else { return };
        window_s.set(seconds);
        let widget_id = widget_id.clone();
        state.update_dashboard(&dashboard_id, |dashboard| {
            if let Some(widget) = dashboard.widgets.iter_mut().find(|widget| widget.id == widget_id) {
                widget.window_s = Some(seconds);
            }
        });
    };
    let legend: Vec<(String, String)> = lines.iter().map(|line| (line.label.clone(), rgb_css(line.color))).collect();
    view! {
        <div class="chart" data-points=move || points.get().to_string() data-draw-ms=move || format!("{:.1}", draw_ms.get())>
            <div class="chart-bar">
                <ul class="legend">
                    {legend.into_iter().enumerate().map(|(index, (label, color))| view! {
                        <li><span class="swatch" style=format!("background: {color}")></span>{label}" "
                            <strong>{move || last_values.with(|values| values.get(index).cloned().unwrap_or_default())}</strong></li>
                    }).collect_view()}
                </ul>
                <select aria-label="Time window" on:change=choose prop:value=move || window_s.get().to_string()>
                    {WINDOWS.iter().map(|(seconds, label)| view! { <option value=seconds.to_string()>{*label}</option> }).collect_view()}
                </select>
            </div>
            <canvas node_ref=canvas class="chart-canvas" role="img" aria-label=format!("Chart of {}", widget.display_title())></canvas>
        </div>
    }
}

/// Sizes the canvas to its box, draws the window, and returns the number of
/// points in it and each line's last value as text.
fn redraw(
    canvas: &web_sys::HtmlCanvasElement,
    lines: &[Line],
    from_ms: f64,
    to_ms: f64,
    fixed_range: Option<(f64, f64)>,
    decimals: Option<u8>,
) -> (usize, Vec<String>) {
    let ratio = web_sys::window().map_or(1.0, |window| window.device_pixel_ratio()).max(1.0);
    let width = (f64::from(canvas.client_width().max(120)) * ratio) as u32;
    let height = (f64::from(canvas.client_height().max(80)) * ratio) as u32;
    // Setting the size also clears the canvas, which every redraw needs.
    canvas.set_width(width);
    canvas.set_height(height);
    let plot_columns = (width as usize).saturating_sub((60.0 * ratio) as usize).max(10);
    let mut count = 0;
    let mut values = Vec::with_capacity(lines.len());
    let decimated: Vec<Vec<Column>> = lines
        .iter()
        .map(|line| {
            let buffer = line.handle.buffer.borrow();
            count += buffer.count_since(from_ms);
            values.push(buffer.last().map(|(_, value)| format_number(value, decimals)).unwrap_or_default());
            decimate(buffer.since(from_ms), from_ms, to_ms, plot_columns)
        })
        .collect();
    let all: Vec<Column> = decimated.iter().flatten().copied().collect();
    let y_range = fixed_range.or_else(|| auto_range(&all)).unwrap_or((0.0, 1.0));
    let chart_lines: Vec<ChartLine<'_>> = lines
        .iter()
        .zip(&decimated)
        .map(|(line, columns)| ChartLine { label: &line.label, color: line.color, columns })
        .collect();
    let ink = if prefers_dark(canvas) { RGBColor(0xe0, 0xe4, 0xea) } else { RGBColor(0x33, 0x3a, 0x44) };
    if let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) {
        let area = backend.into_drawing_area();
        let frame = ChartFrame { from_ms, to_ms, y_range, lines: &chart_lines, ink, scale: ratio };
        if let Err(error) = draw_chart(&area, &frame) {
            web_sys::console::warn_1(&format!("chart: {error}").into());
        }
    }
    (count, values)
}

fn prefers_dark(canvas: &web_sys::HtmlCanvasElement) -> bool {
    canvas.closest("[data-theme='dark']").ok().flatten().is_some()
        || (canvas.closest("[data-theme='light']").ok().flatten().is_none()
            && web_sys::window()
                .and_then(|window| window.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|query| query.matches()))
}

fn rgb_css(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}
