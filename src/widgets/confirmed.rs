//! A control whose commands the device confirms (switch, select, number
//! input, colour picker): what it shows (the pending target, else the
//! reported state), and sending a new target. A press shows *pending* until
//! the state topic reports the target; if the device reports something
//! else, or nothing within `confirm_timeout_s`, the control shows the
//! reported state again and says so. With a `response_topic` (MQTT 5.0) the
//! correlated response confirms it too, or reports its failure. Without
//! either it is optimistic and says so.
//!
//! A state is its text (the payload, or "on"/"off"), so one instance of
//! this code serves every control: generic over the state's type it cost
//! a copy per control in the wasm.

use std::rc::Rc;

use leptos::prelude::*;

use super::command::{response_note, send_command, Awaited, Command, Outcome};
use super::Binding;
use crate::model::dashboard::DEFAULT_CONFIRM_TIMEOUT_S;
use crate::model::Widget;

/// A confirmed control's state and its one verb, [`Confirmed::send`].
#[derive(Clone)]
pub struct Confirmed {
    /// What the control shows: the target while pending, else the state.
    pub shown: Signal<Option<String>>,
    /// The target of the command waiting to be confirmed.
    pub pending: RwSignal<Option<String>>,
    /// The card's note.
    pub note: RwSignal<Option<String>>,
    send: Rc<dyn Fn(String, Command)>,
}

impl Confirmed {
    /// A control of `widget` whose state topic reads as `reported`;
    /// `describe` names a state in the card's notes ("on", "eco", "21.5 °C").
    pub fn new(
        binding: Binding,
        widget: &Widget,
        reported: Memo<Option<String>>,
        describe: impl Fn(&str) -> String + 'static,
    ) -> Self {
        let has_state_topic = widget.topic.is_some();
        // Optimistic state when there is no state topic (or a response confirmed it).
        let assumed = RwSignal::new(None::<String>);
        let awaited = Awaited::<String>::default();
        let (pending, note) = (awaited.target, awaited.note);
        let shown = Signal::derive(move || {
            pending.get().or_else(|| if has_state_topic { reported.get() } else { assumed.get() })
        });
        let describe = Rc::new(describe);

        // Every new state message settles a pending command, one way or the other.
        let describe_state = describe.clone();
        Effect::new(move |previous: Option<Option<f64>>| {
            let arrived = binding.sample.with(|sample| sample.as_ref().map(|sample| sample.at_ms));
            if let (Some(target), true) = (pending.get_untracked(), previous.is_some() && arrived != previous.flatten())
            {
                awaited.settle(match reported.get_untracked() {
                    Some(state) if state == target => None,
                    Some(state) => {
                        Some(format!("the device reported {}, not {}", describe_state(&state), describe_state(&target)))
                    }
                    None => Some("the device reported a state this control does not know".into()),
                });
            }
            arrived
        });

        let timeout_s = widget.confirm_timeout_s.unwrap_or(DEFAULT_CONFIRM_TIMEOUT_S);
        let widget = widget.clone();
        let send = move |target: String, command: Command| {
            send_command(&binding, &widget, command, move |outcome| match outcome {
                Outcome::Sent { awaits_response } if has_state_topic || awaits_response => {
                    awaited.start(target.clone(), timeout_s, if has_state_topic { "confirmation" } else { "response" });
                }
                Outcome::Sent { .. } => {
                    assumed.set(Some(target.clone()));
                    note.set(Some("optimistic: no state topic confirms it".into()));
                }
                // A response confirms the command, or reports its failure; with
                // a state topic, the state topic still says what the device is.
                Outcome::Answered(response) if pending.get_untracked().as_ref() == Some(&target) => {
                    if response.failed || !has_state_topic {
                        if !response.failed {
                            assumed.set(Some(target.clone()));
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
        Confirmed { shown, pending, note, send: Rc::new(send) }
    }

    /// Sends `command`, which asks the device for `target`.
    pub fn send(&self, target: String, command: Command) {
        (self.send)(target, command);
    }

    /// Whether a command is waiting, as `data-pending` says it.
    pub fn pending_text(&self) -> impl Fn() -> String + Send + Sync + 'static {
        let pending = self.pending;
        move || pending.with(Option::is_some).to_string()
    }

    /// The card's note, as a status line.
    pub fn note_view(&self) -> impl IntoView {
        let note = self.note;
        view! { <p class="widget-note" role="status">{move || note.get()}</p> }
    }
}
