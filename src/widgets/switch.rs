//! Switch: on/off with a state topic and a command topic. A press publishes
//! the command and shows *pending* until the state topic confirms it; if the
//! device reports the other state, or nothing within `confirm_timeout_s`,
//! the switch shows the reported state again and says so. With a
//! `response_topic` (MQTT 5.0) the correlated response confirms it too, or
//! reports its failure. Without either it is optimistic and says so.

use leptos::prelude::*;

use super::command::{response_note, send_command, Awaited, Command, Outcome};
use super::Binding;
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
    // Optimistic state when there is no state topic (or a response confirmed it).
    let assumed = RwSignal::new(None::<bool>);
    let awaited = Awaited::<bool>::default();
    let (pending, note) = (awaited.target, awaited.note);
    let current = move || if has_state_topic { reported.get() } else { assumed.get() };
    let shown = move || pending.get().or_else(current);

    // Every new state message settles a pending command, one way or the other.
    Effect::new(move |previous: Option<Option<f64>>| {
        let arrived = binding.sample.with(|sample| sample.as_ref().map(|sample| sample.at_ms));
        if let (Some(target), true) = (pending.get_untracked(), previous.is_some() && arrived != previous.flatten()) {
            awaited.settle(match reported.get_untracked() {
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
            Outcome::Sent { awaits_response } if has_state_topic || awaits_response => {
                awaited.start(target, timeout_s, if has_state_topic { "confirmation" } else { "response" });
            }
            Outcome::Sent { .. } => {
                assumed.set(Some(target));
                note.set(Some("optimistic: no state topic confirms it".into()));
            }
            // A response confirms the command, or reports its failure; with
            // a state topic, the state topic still says what the device is.
            Outcome::Answered(response) if pending.get_untracked() == Some(target) => {
                if response.failed || !has_state_topic {
                    if !response.failed {
                        assumed.set(Some(target));
                    }
                    awaited.settle(Some(response_note(&response)));
                } else {
                    note.set(Some(response_note(&response)));
                }
            }
            Outcome::Answered(_) => {}
            Outcome::NotSent(error) => note.set(Some(format!("not sent: {error}"))),
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
