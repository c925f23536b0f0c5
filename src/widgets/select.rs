//! Multi-state control (off/eco/comfort, fan speeds): one option per entry
//! of `states`, whose `match` is the payload it sends and the state it
//! shows. Up to four options are segmented buttons, more a select. The
//! device confirms like the switch ([`Confirmed`]); `data-state` is the
//! shown option's payload.

use crate::reactive::handler;
use leptos::prelude::*;

use super::command::Command;
use super::confirmed::Confirmed;
use super::icons::StateIcon;
use super::Binding;
use crate::model::Widget;

/// Options shown as segmented buttons; more are a select.
const MOST_SEGMENTS: usize = 4;

/// The multi-state control.
#[component]
pub fn Select(widget: Widget, binding: Binding) -> impl IntoView {
    let options = StoredValue::new(widget.states.clone());
    let payload_of = move |index: usize| {
        options.with_value(|options| match options[index].matches.as_ref() {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        })
    };
    let label_of = move |index: usize| {
        options.with_value(|options| options[index].label.clone()).unwrap_or_else(|| payload_of(index))
    };
    // A state is the option's payload.
    let index_of = move |payload: &str| (0..options.with_value(Vec::len)).find(|index| payload_of(*index) == payload);
    let reported = crate::reactive::memo(move || {
        binding.reading.with(|reading| {
            let reading = reading.as_ref()?;
            let index = options.with_value(|options| options.iter().position(|option| option.matches(reading)))?;
            Some(payload_of(index))
        })
    });
    let describe = move |payload: &str| index_of(payload).map_or_else(|| payload.to_owned(), label_of);
    let control = Confirmed::new(binding, &widget, reported, describe);
    let (shown, pending) = (control.shown, control.pending);
    let shown_index = move || shown.with(|shown| shown.as_deref().and_then(index_of));
    let title = widget.display_title();
    let choose = {
        let (control, title) = (control.clone(), title.clone());
        move |index: usize| {
            let label = label_of(index);
            let question = format!("Set {title} to {label}?");
            control.send(payload_of(index), Command { payload: payload_of(index), question, action: "Set" });
        }
    };
    let disabled = move || !binding.connected.get();
    let count = widget.states.len();
    let picker = if count <= MOST_SEGMENTS {
        let buttons = (0..count)
            .map(|index| {
                let choose = choose.clone();
                let look = options.with_value(|options| (options[index].icon, options[index].color.clone()));
                view! {
                    <button type="button" class="segment" aria-pressed=move || (shown_index() == Some(index)).to_string()
                        data-pending=move || pending.with(|pending| pending.as_deref().and_then(index_of) == Some(index)).to_string()
                        disabled=disabled on:click=handler(move |_| choose(index))>
                        {look.0.map(|icon| view! { <StateIcon icon color=look.1.clone() /> })}
                        {label_of(index)}
                    </button>
                }
            })
            .collect_view();
        view! { <div class="segmented" role="group" aria-label=title>{buttons}</div> }.into_any()
    } else {
        let on_change = move |event: leptos::ev::Event| {
            if let Ok(index) = event_target_value(&event).parse::<usize>() {
                choose(index);
            }
        };
        view! {
            <select aria-label=title prop:disabled=disabled on:change=handler(on_change)
                prop:value=move || shown_index().map_or(String::new(), |index| index.to_string())>
                <option value="" disabled=true>"unknown"</option>
                {(0..count).map(|index| view! { <option value=index.to_string()>{label_of(index)}</option> }).collect_view()}
            </select>
        }
        .into_any()
    };
    let state = move || shown.get().unwrap_or_else(|| "unknown".to_owned());
    view! {
        <div class="multi-state" data-state=state data-pending=control.pending_text()>{picker}</div>
        {control.note_view()}
    }
}
