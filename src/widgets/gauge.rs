//! Gauge: a number on a 240° arc between `min` and `max`, coloured by the
//! highest threshold the value reached; `role="meter"` with its aria values.

use leptos::prelude::*;

use super::{formatted, Binding};
use crate::model::Widget;

const SWEEP_DEGREES: f64 = 240.0;
const RADIUS: f64 = 40.0;

/// The gauge widget.
#[component]
pub fn Gauge(widget: Widget, binding: Binding) -> impl IntoView {
    let (min, max) = widget.range();
    let value = move || binding.number();
    let fraction = move || value().map(|value| ((value - min) / (max - min)).clamp(0.0, 1.0));
    let band_widget = widget.clone();
    let color = move || band_widget.band_color(value()?).map(str::to_owned);
    let label_widget = widget.clone();
    let label =
        crate::reactive::memo(move || binding.reading.with(|reading| formatted(&label_widget, reading.as_ref())));
    view! {
        <div class="gauge" role="meter" aria-label=widget.display_title() aria-valuemin=min aria-valuemax=max
            aria-valuenow=move || value().map(|value| value.to_string()) aria-valuetext=label>
            <svg viewBox="0 0 100 84" aria-hidden="true">
                <path class="gauge-track" d=arc_path(1.0) />
                {move || fraction().map(|fraction| view! {
                    <path class="gauge-value" d=arc_path(fraction) style=color().map(|color| format!("stroke: {color}")) />
                })}
            </svg>
            <div class="gauge-label">{label}</div>
            <div class="gauge-range"><span>{min}</span><span>{max}</span></div>
        </div>
    }
}

/// An SVG arc from the start of the sweep to `fraction` of it.
fn arc_path(fraction: f64) -> String {
    let start = 90.0 + (360.0 - SWEEP_DEGREES) / 2.0;
    let end = start + SWEEP_DEGREES * fraction.clamp(0.0001, 1.0);
    let point = |degrees: f64| {
        let radians = degrees.to_radians();
        // The browser's Math: Rust's own sin and cos bring 6 KB of libm into the wasm.
        (50.0 + RADIUS * js_sys::Math::cos(radians), 50.0 + RADIUS * js_sys::Math::sin(radians))
    };
    let (x0, y0) = point(start);
    let (x1, y1) = point(end);
    let large = if end - start > 180.0 { 1 } else { 0 };
    format!("M {x0:.2} {y0:.2} A {RADIUS} {RADIUS} 0 {large} 1 {x1:.2} {y1:.2}")
}
