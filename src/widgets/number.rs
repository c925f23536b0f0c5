//! Number input: a setpoint typed in (sent on Enter or Set) or stepped with
//! − and + by `step`, kept within `min`…`max`. The device confirms like the
//! switch ([`Confirmed`]). With a state topic, − and + wait for the real
//! state, so they never step from a value the device did not have.

use crate::reactive::handler;
use leptos::prelude::*;

use super::command::Command;
use super::confirmed::Confirmed;
use super::{formatted, Binding};
use crate::model::value::{format_number, Reading};
use crate::model::Widget;

/// The number input.
#[component]
pub fn NumberInput(widget: Widget, binding: Binding) -> impl IntoView {
    let (min, max) = (widget.min.unwrap_or(f64::NEG_INFINITY), widget.max.unwrap_or(f64::INFINITY));
    let step = widget.step.unwrap_or(1.0);
    // A state is the number as its shortest text, so 22 and 22.0 agree.
    let reported = crate::reactive::memo(move || binding.number().map(|value| value.to_string()));
    let shown_widget = widget.clone();
    let describe = move |value: &str| match model::number::parse_number(value) {
        Some(number) => formatted(&shown_widget, Some(&Reading::Number(number))),
        None => value.to_owned(),
    };
    let control = Confirmed::new(binding, &widget, reported, describe.clone());
    let note = control.note;
    let shown =
        Signal::derive(move || control.shown.with(|shown| shown.as_deref().and_then(model::number::parse_number)));
    // What the person is typing, until it is sent.
    let draft = RwSignal::new(None::<String>);
    let title = widget.display_title();
    let send = {
        let (control, title, widget) = (control.clone(), title.clone(), widget.clone());
        move |value: f64| {
            draft.set(None);
            // The value as it goes out (21.5 + 0.1 is not exactly 21.6), so the state confirms it.
            let value = model::number::parse_number(&format_number(value, widget.decimals)).unwrap_or(value);
            if value < min || value > max {
                let bound = if value < min { format!("the minimum {min}") } else { format!("the maximum {max}") };
                return note
                    .set(Some(format!("{} is beyond {bound}; not sent", format_number(value, widget.decimals))));
            }
            let question = format!("Set {title} to {}?", describe(&value.to_string()));
            control.send(
                value.to_string(),
                Command { payload: format_number(value, widget.decimals), question, action: "Set" },
            );
        }
    };
    let step_by = {
        let send = send.clone();
        move |direction: f64| {
            if let Some(value) = shown.get_untracked() {
                send((value + direction * step).clamp(min, max));
            }
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match draft.get_untracked().as_deref().map(model::number::parse_number) {
            Some(Some(value)) => send(value),
            Some(None) => note.set(Some("that is not a number; not sent".into())),
            None => {}
        }
    };
    let decimals = widget.decimals;
    let text =
        move || draft.get().or_else(|| shown.get().map(|value| format_number(value, decimals))).unwrap_or_default();
    let offline = move || !binding.connected.get();
    let no_value = move || offline() || shown.get().is_none();
    let (decrease, increase) = (format!("Decrease {title}"), format!("Increase {title}"));
    let step_down = step_by.clone();
    view! {
        <form class="number-input" data-state=move || shown.get().map_or("unknown".to_owned(), |value| value.to_string())
            data-pending=control.pending_text() on:submit=handler(submit)>
            <button type="button" class="step" aria-label=decrease disabled=no_value on:click=handler(move |_| step_down(-1.0))>"−"</button>
            <input type="text" inputmode="decimal" aria-label=title prop:value=text prop:disabled=offline
                on:input=handler(move |event| draft.set(Some(event_target_value(&event)))) />
            <button type="button" class="step" aria-label=increase disabled=no_value on:click=handler(move |_| step_by(1.0))>"+"</button>
            <button type="submit" disabled=offline>"Set"</button>
        </form>
        <p class="number-unit">{widget.unit.clone()}</p>
        {control.note_view()}
    }
}
