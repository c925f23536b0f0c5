//! Text: the value (or whole payload) with an optional unit and template.
//! Always a text node: a payload full of markup is shown, never run.

use leptos::prelude::*;

use super::{formatted, Binding};
use crate::model::Widget;

/// The text widget.
#[component]
pub fn Text(widget: Widget, binding: Binding) -> impl IntoView {
    let template = widget.template.clone();
    let unit = widget.unit.clone().unwrap_or_default();
    let value = Memo::new(move |_| {
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
    view! { <p class="text-value" data-value=value>{value}</p> }
}
