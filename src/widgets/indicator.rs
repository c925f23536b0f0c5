//! Indicator (LED): on, off or unknown, from a payload match
//! (`on_payload` / `off_payload`) or, with `threshold`, from a number. With
//! `states`, each state has its own label, colour and icon ("Locked" in red
//! with a lock), and the payload is shown only when it says something the
//! label does not.

use leptos::prelude::*;

use super::icons::StateIcon;
use super::Binding;
use crate::model::dashboard::look_for;
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
    let payload = move || binding.reading.with(|reading| reading.as_ref().map(Reading::display_text));
    if !widget.states.is_empty() {
        return view! { <StateIndicator widget binding /> }.into_any();
    }
    let state = crate::reactive::memo(move || binding.reading.with(|reading| led_state(&widget, reading.as_ref())));
    let label = move || state.get().as_str();
    view! {
        <div class="indicator" data-state=label>
            <span class="led" aria-hidden="true"></span>
            <span class="indicator-label">{label}</span>
            <PayloadBeside payload=Signal::derive(payload) label=Signal::derive(move || label().to_owned()) />
        </div>
    }
    .into_any()
}

/// An indicator with looks per state: `data-state` is the matched state's label.
#[component]
fn StateIndicator(widget: Widget, binding: Binding) -> impl IntoView {
    let look = crate::reactive::memo(move || {
        binding.reading.with(|reading| {
            let reading = reading.as_ref()?;
            look_for(&widget.states, reading)
                .map(|state| (state.label_for(reading), state.color.clone(), state.icon, state.matches.is_some()))
        })
    });
    let label =
        Signal::derive(move || look.with(|look| look.as_ref().map_or("unknown".into(), |(label, ..)| label.clone())));
    let color = Signal::derive(move || look.with(|look| look.as_ref().and_then(|(_, color, ..)| color.clone())));
    // A state named for its exact payload says all the payload would ("Unlocked", not "Unlocked false").
    let exact = Signal::derive(move || look.with(|look| look.as_ref().is_some_and(|(.., exact)| *exact)));
    let payload = move || binding.reading.with(|reading| reading.as_ref().map(Reading::display_text));
    let mark = move || match look.with(|look| look.as_ref().and_then(|(_, _, icon, _)| *icon)) {
        Some(icon) => view! { <StateIcon icon color /> }.into_any(),
        None => view! {
            <svg class="led" viewBox="0 0 20 20" aria-hidden="true">
                <circle cx="10" cy="10" r="9" fill=move || color.get().unwrap_or_else(|| "currentColor".into()) />
            </svg>
        }
        .into_any(),
    };
    view! {
        <div class="indicator" data-state=label>
            {mark}
            <span class="indicator-label">{label}</span>
            <PayloadBeside payload=Signal::derive(payload) label hide=exact />
        </div>
    }
}

/// The payload beside the label, unless it says the same ("ON" beside
/// "on") or `hide`; "no message yet" before the first.
#[component]
fn PayloadBeside(
    payload: Signal<Option<String>>,
    label: Signal<String>,
    #[prop(optional, into)] hide: Signal<bool>,
) -> impl IntoView {
    let text = move || match payload.get() {
        None => Some("no message yet".to_owned()),
        Some(_) if hide.get() => None,
        Some(text) if text.eq_ignore_ascii_case(&label.get()) => None,
        Some(text) => Some(text),
    };
    view! { <span class="indicator-payload">{text}</span> }
}
