//! Level bar: a tank or battery level between `min` and `max` (0 … 100 by
//! default), filled in the colour of the highest band it reached;
//! `role="meter"` with its aria values, and `data-level` its percentage.

use leptos::prelude::*;

use super::{formatted, Binding};
use crate::model::Widget;

/// The level bar.
#[component]
pub fn Level(widget: Widget, binding: Binding) -> impl IntoView {
    let (min, max) = widget.range();
    let value = move || binding.number();
    let percent = move || value().map(|value| ((value - min) / (max - min) * 100.0).clamp(0.0, 100.0));
    let band_widget = widget.clone();
    let color = move || value().and_then(|value| band_widget.band_color(value).map(str::to_owned));
    let label_widget = widget.clone();
    let label =
        crate::reactive::memo(move || binding.reading.with(|reading| formatted(&label_widget, reading.as_ref())));
    view! {
        <div class="level" role="meter" aria-label=widget.display_title() aria-valuemin=min aria-valuemax=max
            aria-valuenow=move || value().map(|value| value.to_string()) aria-valuetext=label
            data-level=move || percent().map(|percent| format!("{percent:.0}"))>
            <svg viewBox="0 0 40 100" preserveAspectRatio="none" aria-hidden="true">
                <rect class="level-track" x="1" y="1" width="38" height="98" rx="4" />
                {move || percent().map(|percent| view! {
                    <rect class="level-fill" x="4" y=format!("{:.1}", 96.0 - percent * 0.92) width="32"
                        height=format!("{:.1}", percent * 0.92) rx="2" fill=color().unwrap_or_else(|| "currentColor".into()) />
                })}
            </svg>
            <div class="level-label">{label}</div>
        </div>
    }
}
