//! Text: the value (or whole payload) with an optional unit and template,
//! or the label of its matching state (`states`, also `value_map`). Always
//! a text node: a payload full of markup is shown, never run.

use leptos::prelude::*;

use super::icons::StateIcon;
use super::{formatted, Binding};
use crate::model::dashboard::look_for;
use crate::model::Widget;

/// The text widget.
#[component]
pub fn Text(widget: Widget, binding: Binding) -> impl IntoView {
    let template = widget.template.clone();
    let unit = widget.unit.clone().unwrap_or_default();
    let states = widget.states.clone();
    let look = crate::reactive::memo(move || {
        binding.reading.with(|reading| {
            let reading = reading.as_ref()?;
            look_for(&states, reading).map(|state| (state.label_for(reading), state.icon, state.color.clone()))
        })
    });
    let value = crate::reactive::memo(move || {
        if let Some((label, ..)) = look.get() {
            return label;
        }
        binding.reading.with(|reading| {
            let plain = Widget { unit: None, ..widget.clone() };
            let value = formatted(&plain, reading.as_ref());
            match &template {
                Some(template) if reading.is_some() => template.replace("{value}", &value).replace("{unit}", &unit),
                _ if reading.is_some() && !unit.is_empty() => format!("{value} {unit}"),
                _ => value,
            }
        })
    });
    let icon = move || {
        let (_, icon, color) = look.get()?;
        icon.map(|icon| view! { <StateIcon icon color /> })
    };
    view! { <p class="text-value" data-value=value>{icon}{value}</p> }
}
