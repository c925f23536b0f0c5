//! Colour picker for RGB lamps: the state topic's colour (`#rrggbb`, `#rgb`
//! or JSON `{r,g,b}`) in the browser's colour picker, faded while unknown, which
//! sends the chosen colour as `#rrggbb` or, with `"color_format": "json"`,
//! `{"r":…,"g":…,"b":…}` when the person closes it (never while the picker
//! is still moving). The device confirms like the switch ([`Confirmed`]).

use crate::reactive::handler;
use leptos::prelude::*;

use super::command::Command;
use super::confirmed::Confirmed;
use super::Binding;
use crate::model::color::Rgb;
use crate::model::Widget;

/// The colour picker.
#[component]
pub fn ColorPicker(widget: Widget, binding: Binding) -> impl IntoView {
    let reported = crate::reactive::memo(move || {
        binding.reading.with(|reading| {
            reading.as_ref().and_then(|reading| Rgb::from_payload(&reading.display_text())).map(Rgb::to_hex)
        })
    });
    // A state is the colour as #rrggbb.
    let control = Confirmed::new(binding, &widget, reported, str::to_owned);
    let shown = control.shown;
    let format = widget.color_format.unwrap_or_default();
    let title = widget.display_title();
    let on_change = {
        let (control, title) = (control.clone(), title.clone());
        move |event: leptos::ev::Event| {
            let Some(color) = Rgb::from_hex(&event_target_value(&event)) else { return };
            let question = format!("Set {title} to {}?", color.to_hex());
            control.send(color.to_hex(), Command { payload: color.to_payload(format), question, action: "Set" });
        }
    };
    let hex = move || shown.get();
    let unknown = move || {
        binding.reading.with(|reading| match reading {
            None => "no colour yet".to_owned(),
            Some(reading) => format!("not a colour: {}", reading.display_text()),
        })
    };
    view! {
        <div class="color-picker" data-state=move || hex().unwrap_or_else(|| "unknown".into()) data-pending=control.pending_text()>
            <input type="color" aria-label=title prop:value=move || hex().unwrap_or_else(|| "#000000".into())
                prop:disabled=move || !binding.connected.get() on:change=handler(on_change) />
            <span class="color-value">{move || hex().unwrap_or_else(unknown)}</span>
        </div>
        {control.note_view()}
    }
}
