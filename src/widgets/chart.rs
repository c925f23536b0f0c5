//! Chart: a line chart of one or more series (topics and JSON paths) that
//! can be read. A cursor with a tooltip lists every shown series' value at
//! the nearest point in time (hover, or tap on a phone); the wheel, a pinch
//! and the Zoom buttons zoom the time axis, a drag pans it, and "Back to
//! live" follows now again; range presets reach over the stored history;
//! the legend toggles series; series on `"axis": "right"` get a right-hand
//! axis; and what is shown, or everything held, exports as CSV or PNG.
//! History comes from the router's ring buffers (restored from storage at
//! start); the canvas is redrawn at most once per animation frame and only
//! when data, range or size changed. `data-points` counts the points in the
//! range; `data-range-start`/`-end` (ms since the epoch) and `data-live`
//! say what the range is.

use crate::reactive::handler;
use std::cell::Cell;
use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;

use super::chart_canvas::{
    csv_of, draw_range, held_range, png_of, rgb_css, tip_at, ChartSpec, Layout, Line, Surface, Tip,
};
use super::chart_draw::{parse_color, PALETTE};
use super::Binding;
use crate::client::frames::FrameScheduler;
use crate::client::Connections;
use crate::model::chart_view::{span_label, TimeRange, PRESETS};
use crate::model::dashboard::{Axis, DEFAULT_WINDOW_S};
use crate::model::Widget;
use crate::state::AppState;
use crate::web::clock::{now_ms, wall_origin_ms};
use crate::web::gestures::{listen_for_gestures, Gesture};

/// The factor of one press of "Zoom in" (its inverse zooms out).
const ZOOM_STEP: f64 = 0.5;

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
                right: spec.axis == Some(Axis::Right),
                handle: connections.series(&widget.connection, &spec.topic, spec.value_path.as_deref()),
            })
            .collect(),
    );
    let title = widget.display_title();
    let window_s = widget.window_s.unwrap_or(DEFAULT_WINDOW_S);
    let range = RwSignal::new(TimeRange::live(f64::from(window_s) * 1000.0));
    let shown = RwSignal::new(vec![true; lines.len()]);
    let (fixed_range, decimals) = (widget.min.zip(widget.max), widget.decimals);
    let canvas = NodeRef::<Canvas>::new();
    let points = RwSignal::new(0usize);
    // How long the last redraw took, in ms: shown as data-draw-ms for benchmarks and curious users.
    let draw_ms = RwSignal::new(0.0f64);
    let drawn_range = RwSignal::new((0.0f64, 0.0f64));
    let last_values = RwSignal::new(Vec::<String>::new());
    let layout = Rc::new(Cell::new(Layout::default()));
    let cursor_x = RwSignal::new(None::<f64>);
    let tip = RwSignal::new(None::<Tip>);
    let with_spec = {
        let lines = lines.clone();
        move |read: &mut dyn FnMut(&ChartSpec<'_>)| {
            shown.with_untracked(|shown| read(&ChartSpec { lines: &lines, shown, fixed_range, decimals }))
        }
    };
    let show_tip = {
        let (with_spec, layout) = (with_spec.clone(), layout.clone());
        move || {
            let Some(x) = cursor_x.get_untracked() else { return tip.set(None) };
            with_spec(&mut |spec| tip.set(tip_at(x, &layout.get(), spec)));
        }
    };

    // Redraw at most once per animation frame, after anything it shows
    // changed; a hidden page draws nothing (it redraws on the next change).
    let draw = {
        let (with_spec, layout, show_tip) = (with_spec.clone(), layout.clone(), show_tip.clone());
        move || {
            let Some(canvas) = canvas.get_untracked() else { return };
            let started = now_ms();
            let bounds = range.get_untracked().bounds(started);
            let surface = Surface {
                width: f64::from(canvas.client_width().max(120)),
                height: f64::from(canvas.client_height().max(80)),
                ratio: web_sys::window().map_or(1.0, |window| window.device_pixel_ratio()).max(1.0),
                dark: prefers_dark(&canvas),
            };
            with_spec(&mut |spec| {
                let (drawn, count, values) = draw_range(&canvas, spec, bounds, &surface);
                layout.set(drawn);
                points.set(count);
                last_values.set(values);
            });
            drawn_range.set(bounds);
            draw_ms.set(now_ms() - started);
            show_tip();
        }
    };
    // Owned by the effect: when the chart goes, a pending frame is cancelled.
    let frames = FrameScheduler::new(connections.page(), draw);
    let revisions: Vec<ArcRwSignal<u64>> = lines.iter().map(|line| line.handle.revision.clone()).collect();
    crate::reactive::effect(move || {
        for revision in &revisions {
            revision.track();
        }
        range.track();
        shown.track();
        // A live range moves with the clock; a fixed one only with its points.
        if range.with(TimeRange::is_live) {
            state.clock_ms.track();
        }
        frames.request();
    });

    let gestures = {
        let (layout, show_tip) = (layout.clone(), show_tip.clone());
        move |gesture: Gesture| {
            let Layout { plot, ratio, .. } = layout.get();
            let anchor = |x: f64| (x * ratio - plot.left) / (plot.right - plot.left).max(1.0);
            let now = now_ms();
            match gesture {
                Gesture::Point(x) => cursor_x.set(Some(x)),
                Gesture::Leave => cursor_x.set(None),
                Gesture::Zoom { x, factor } => range.update(|range| *range = range.zoomed(now, factor, anchor(x))),
                Gesture::Pan { x, dx } => {
                    cursor_x.set(Some(x));
                    let width = layout.get().plot_width_css().max(1.0);
                    range.update(|range| *range = range.panned(now, -dx / width * range.span_ms));
                }
            }
            show_tip();
        }
    };
    canvas.on_load(move |element| {
        // Owned by the node ref's effect, so it goes with the chart.
        StoredValue::new_local(listen_for_gestures(&element, gestures));
    });

    let dashboard_id = state.active_dashboard.get_untracked();
    let widget_id = widget.id.clone();
    let choose = move |event: leptos::ev::Event| {
        let Ok(seconds) = event_target_value(&event).parse::<u32>() else { return };
        range.set(TimeRange::live(f64::from(seconds) * 1000.0));
        let widget_id = widget_id.clone();
        state.update_dashboard(&dashboard_id, |dashboard| {
            if let Some(widget) = dashboard.widgets.iter_mut().find(|widget| widget.id == widget_id) {
                widget.window_s = Some(seconds);
            }
        });
    };
    let zoom = move |factor: f64| {
        move |_| range.update(|range| *range = range.zoomed(now_ms(), factor, if range.is_live() { 1.0 } else { 0.5 }))
    };
    let back_to_live = move |_| range.update(|range| *range = TimeRange::live(range.span_ms));
    let everything = RwSignal::new(false);
    let file_name = title.replace(['/', '\\', ' '], "-");
    let export = move |as_png: bool| {
        let (with_spec, name) = (with_spec.clone(), file_name.clone());
        move |_| {
            with_spec(&mut |spec| {
                let chosen =
                    if everything.get_untracked() { held_range(spec.lines) } else { Some(drawn_range.get_untracked()) };
                let Some(range) = chosen else {
                    return state.notice.set(Some("The chart holds no points to export yet.".into()));
                };
                let saved = if as_png {
                    png_of(spec, range).and_then(|url| crate::web::download_url(&format!("{name}.png"), &url))
                } else {
                    crate::web::download(&format!("{name}.csv"), &csv_of(spec, range, !everything.get_untracked()))
                };
                if let Err(error) = saved {
                    state.notice.set(Some(format!("The chart could not be exported: {error}")));
                }
            });
        }
    };
    let legend: Vec<(String, String)> = lines.iter().map(|line| (line.label.clone(), rgb_css(line.color))).collect();
    let epoch = move |at: f64| format!("{:.0}", wall_origin_ms() + at);
    view! {
        <div class="chart" data-points=move || points.get().to_string() data-draw-ms=move || format!("{:.1}", draw_ms.get())
            data-range-start=move || epoch(drawn_range.get().0) data-range-end=move || epoch(drawn_range.get().1)
            data-live=move || range.with(TimeRange::is_live).to_string()>
            <div class="chart-bar">
                <ul class="legend">
                    {legend.into_iter().enumerate().map(|(index, (label, color))| view! {
                        <li><button type="button" class="legend-item" title="Show or hide this series"
                            aria-pressed=move || shown.with(|shown| shown[index]).to_string()
                            on:click=handler(move |_| shown.update(|shown| shown[index] = !shown[index]))>
                            <span class="swatch" style=format!("background: {color}")></span>{label}" "
                            <strong>{move || last_values.with(|values| values.get(index).cloned().unwrap_or_default())}</strong>
                        </button></li>
                    }).collect_view()}
                </ul>
                <div class="chart-tools">
                    <select aria-label="Time window" on:change=handler(choose) prop:value=move || {
                        let seconds = (range.get().span_ms / 1000.0).round() as u32;
                        if PRESETS.iter().any(|(preset, _)| *preset == seconds) { seconds.to_string() } else { "other".to_owned() }
                    }>
                        // Shown, not offered: the span after a zoom, or a window of the file's own.
                        <option value="other" hidden>{move || span_label(range.get().span_ms)}</option>
                        {PRESETS.iter().map(|(seconds, label)| view! { <option value=seconds.to_string()>{*label}</option> }).collect_view()}
                    </select>
                    <button type="button" class="secondary" aria-label="Zoom in" title="Zoom in" on:click=handler(zoom(ZOOM_STEP))>"+"</button>
                    <button type="button" class="secondary" aria-label="Zoom out" title="Zoom out" on:click=handler(zoom(1.0 / ZOOM_STEP))>"−"</button>
                    <button type="button" class="secondary" disabled=move || range.with(TimeRange::is_live) on:click=handler(back_to_live)>"Back to live"</button>
                    <details class="chart-export">
                        <summary>"Export"</summary>
                        <div class="chart-export-menu">
                            <label class="checkbox"><input type="checkbox" bind:checked=everything />"Everything held, not only what is shown"</label>
                            <button type="button" on:click=handler(export(false))>"Export CSV"</button>
                            <button type="button" on:click=handler(export(true))>"Export PNG"</button>
                        </div>
                    </details>
                </div>
            </div>
            <div class="chart-plot">
                <canvas node_ref=canvas class="chart-canvas" role="img" aria-label=format!("Chart of {title}")></canvas>
                {move || tip.get().map(|tip| view! {
                    <div class="chart-cursor" style:left=format!("{:.1}px", tip.left_css)></div>
                    <div role="tooltip" class="chart-tooltip" class:flip=tip.flip style:left=format!("{:.1}px", tip.left_css)>
                        <time>{tip.time}</time>
                        <ul>{tip.rows.into_iter().map(|row| view! {
                            <li><span class="swatch" style=format!("background: {}", row.color)></span>{row.label}" "<strong>{row.value}</strong></li>
                        }).collect_view()}</ul>
                    </div>
                })}
            </div>
        </div>
    }
}

fn prefers_dark(canvas: &web_sys::HtmlCanvasElement) -> bool {
    canvas.closest("[data-theme='dark']").ok().flatten().is_some()
        || (canvas.closest("[data-theme='light']").ok().flatten().is_none()
            && web_sys::window()
                .and_then(|window| window.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|query| query.matches()))
}
