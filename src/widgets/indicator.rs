//! Indicator (LED): on, off or unknown, from a payload match
//! (`on_payload` / `off_payload`) or, with `threshold`, from a number.

use leptos::prelude::*;

use super::Binding;
use crate::model::value::Reading;
use crate::model::Widget;

/// What an indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedState {
    /// Lit.
    On,
    /// Dark.
    Off,
    /// No message yet, or one that means neither.
    Unknown,
}

impl LedState {
    fn as_str(self) -> &'static str {
        match self {
            LedState::On => "on",
            LedState::Off => "off",
            LedState::Unknown => "unknown",
        }
    }
}

/// The state `reading` means for `widget`.
pub fn led_state(widget: &Widget, reading: Option<&Reading>) -> LedState {
    let Some(reading) = reading else { return LedState::Unknown };
    if let (Some(threshold), Some(number)) = (widget.threshold, reading.as_number()) {
        return if number >= threshold { LedState::On } else { LedState::Off };
    }
    let text = reading.display_text();
    if text == widget.on_payload() {
        LedState::On
    } else if widget.off_payload.is_none() || text == widget.off_payload() {
        // With only an on payload given, anything else means off.
        if matches!(reading, Reading::Missing(_)) {
            LedState::Unknown
        } else {
            LedState::Off
        }
    } else {
        LedState::Unknown
    }
}

/// The indicator widget.
#[component]
pub fn Indicator(widget: Widget, binding: Binding) -> impl IntoView {
    let state = Memo::new(move |_| binding.reading.with(|reading| led_state(&widget, reading.as_ref())));
    let text = move || {
        binding
            .reading
            .with(|reading| reading.as_ref().map(Reading::display_text).unwrap_or_else(|| "no message yet".into()))
    };
    view! {
        <div class="indicator" data-state=move || state.get().as_str()>
            <span class="led" aria-hidden="true"></span>
            <span class="indicator-label">{move || state.get().as_str()}</span>
            <span class="indicator-payload">{text}</span>
        </div>
    }
}
