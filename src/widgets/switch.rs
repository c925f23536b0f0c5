//! Switch: on/off with a state topic and a command topic. A press publishes
//! the command and shows *pending* until the state topic confirms it; if the
//! device reports the other state, or nothing within `confirm_timeout_s`,
//! the switch shows the reported state again and says so. Without a state
//! topic it is optimistic and says that too.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::{send_command, Binding, Command};
use crate::model::dashboard::DEFAULT_CONFIRM_TIMEOUT_S;
use crate::model::value::Reading;
use crate::model::Widget;

/// The switch widget.
#[component]
pub fn Switch(widget: Widget, binding: Binding) -> impl IntoView {
    let has_state_topic = widget.topic.is_some();
    let on_payload = widget.on_payload().to_owned();
    let off_payload = widget.off_payload().to_owned();
    let reported = Memo::new({
        let (on_payload, off_payload) = (on_payload.clone(), off_payload.clone());
        move |_| {
            binding.reading.with(|reading| {
                let text = reading.as_ref().map(Reading::display_text)?;
                (text == on_payload).then_some(true).or((text == off_payload).then_some(false))
            })
        }
    });
    // Optimistic state when there is no state topic.
    let assumed = RwSignal::new(None::<bool>);
    let pending = RwSignal::new(None::<bool>);
    let note = RwSignal::new(None::<String>);
    let timer = StoredValue::new_local(None::<Timeout>);
    let current = move || if has_state_topic { reported.get() } else { assumed.get() };
    let shown = move || pending.get().or_else(current);

    // Every new state message settles a pending command, one way or the other.
    Effect::new(move |previous: Option<Option<f64>>| {
        let arrived = binding.sample.with(|sample| sample.as_ref().map(|sample| sample.at_ms));
        if let (Some(target), true) = (pending.get_untracked(), previous.is_some() && arrived != previous.flatten()) {
            timer.set_value(None);
            pending.set(None);
            note.set(match reported.get_untracked() {
                Some(state) if state == target => None,
                Some(state) => Some(format!("the device stayed {}", if state { "on" } else { "off" })),
                None => Some("the device reported a state that is neither on nor off".into()),
            });
        }
        arrived
    });

    let timeout_s = widget.confirm_timeout_s.unwrap_or(DEFAULT_CONFIRM_TIMEOUT_S);
    let label = widget.display_title();
    let title = label.clone();
    let press = move |_| {
        let target = !shown().unwrap_or(false);
        let payload = if target { &on_payload } else { &off_payload };
        let verb = if target { "Turn on" } else { "Turn off" };
        let command = Command { payload: payload.clone(), question: format!("{verb} {title}?"), action: verb };
        send_command(&binding, &widget, command, move |outcome| match outcome {
            Ok(()) if has_state_topic => {
                pending.set(Some(target));
                note.set(None);
                timer.set_value(Some(Timeout::new(timeout_s * 1000, move || {
                    if pending.get_untracked().is_some() {
                        pending.set(None);
                        note.set(Some(format!("no confirmation within {timeout_s} s; showing the reported state")));
                    }
                })));
            }
            Ok(()) => {
                assumed.set(Some(target));
                note.set(Some("optimistic: no state topic confirms it".into()));
            }
            Err(error) => note.set(Some(format!("not sent: {error}"))),
        });
    };
    let state_text = move || match (pending.get(), shown()) {
        (Some(target), _) => format!("turning {}…", if target { "on" } else { "off" }),
        (None, Some(true)) => "on".to_owned(),
        (None, Some(false)) => "off".to_owned(),
        (None, None) => "unknown".to_owned(),
    };
    view! {
        <button type="button" class="switch" role="switch" aria-label=label
            aria-checked=move || shown().unwrap_or(false).to_string()
            data-pending=move || pending.get().is_some().to_string()
            data-state=move || shown().map_or("unknown", |on| if on { "on" } else { "off" })
            disabled=move || !binding.connected.get() on:click=press>
            <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
            <span class="switch-text">{state_text}</span>
        </button>
        <p class="widget-note" role="status">{move || note.get()}</p>
    }
}
