//! Pointer and wheel gestures on a chart, read by a small script of its own
//! (one listener per event, none per frame) and reported to one callback as
//! `(gesture, x, amount)`, `x` in CSS pixels from the element's left edge:
//! hover or tap (the cursor is at `x`), leave, zoom (by the factor
//! `amount`, below 1 zooming in, around `x`: the wheel, where up zooms in,
//! or a two-finger pinch) and pan (a one-pointer drag by `amount` pixels).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function chart_gestures(element, report) {
    const held = new Map();
    let spread = 0;
    const at = (event) => event.clientX - element.getBoundingClientRect().left;
    const apart = () => { const [a, b] = held.values(); return Math.abs(a - b); };
    element.addEventListener('wheel', (event) => {
        event.preventDefault();
        const pixels = event.deltaY * (event.deltaMode === 1 ? 33 : event.deltaMode === 2 ? 400 : 1);
        report(2, at(event), Math.exp(Math.max(-1, Math.min(1, pixels / 250))));
    }, { passive: false });
    element.addEventListener('pointerdown', (event) => {
        element.setPointerCapture(event.pointerId);
        held.set(event.pointerId, at(event));
        if (held.size === 2) spread = apart();
        report(0, at(event), 0);
    });
    element.addEventListener('pointermove', (event) => {
        const x = at(event), was = held.get(event.pointerId);
        if (was === undefined) return report(0, x, 0);
        held.set(event.pointerId, x);
        if (held.size === 2) {
            const now = apart();
            if (spread > 8 && now > 8) { const [a, b] = held.values(); report(2, (a + b) / 2, spread / now); }
            spread = now;
        } else if (held.size === 1 && x !== was) report(3, x, x - was);
    });
    const release = (event) => { held.delete(event.pointerId); };
    element.addEventListener('pointerup', release);
    element.addEventListener('pointercancel', release);
    element.addEventListener('pointerleave', (event) => { if (event.pointerType === 'mouse' && !held.size) report(1, 0, 0); });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = chart_gestures)]
    fn listen(element: &web_sys::Element, report: &Closure<dyn FnMut(u8, f64, f64)>);
}

/// A gesture on a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gesture {
    /// The pointer is over `x`, or a finger tapped there.
    Point(f64),
    /// The mouse left.
    Leave,
    /// Zoom by `factor` (below 1: in) around `x`.
    Zoom { x: f64, factor: f64 },
    /// A drag to `x`, by `dx` pixels since the last report.
    Pan { x: f64, dx: f64 },
}

/// Reports the gestures on `element` to `on_gesture` for as long as the
/// returned handle is kept.
pub fn listen_for_gestures(
    element: &web_sys::Element,
    mut on_gesture: impl FnMut(Gesture) + 'static,
) -> GestureListener {
    let report = Closure::<dyn FnMut(u8, f64, f64)>::new(move |kind: u8, x: f64, amount: f64| {
        on_gesture(match kind {
            0 => Gesture::Point(x),
            1 => Gesture::Leave,
            2 => Gesture::Zoom { x, factor: amount },
            _ => Gesture::Pan { x, dx: amount },
        })
    });
    listen(element, &report);
    GestureListener { _report: report }
}

/// Keeps a chart's gesture callback alive; dropped with the chart.
pub struct GestureListener {
    _report: Closure<dyn FnMut(u8, f64, f64)>,
}
