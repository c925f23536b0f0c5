//! The widget form: the fields that apply to the chosen kind, rebuilt into
//! a checked widget as the user types. The fields are typed
//! (`model::widget_form`); this component only lays them out.

use leptos::prelude::*;

use super::EditorHandle;
use crate::model::widget_form::{build_widget, FieldInput, FormField};
use crate::model::{FieldError, Widget, WidgetKind};
use crate::state::AppState;

/// The form for one widget.
#[component]
pub(super) fn WidgetEditor(widget: Widget, is_new: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editor = expect_context::<EditorHandle>();
    let kind = RwSignal::new(widget.kind);
    let connection = RwSignal::new(widget.connection.clone());
    let texts: Vec<(FormField, RwSignal<String>)> =
        FormField::ALL.iter().map(|&field| (field, RwSignal::new(field.text_of(&widget)))).collect();
    let texts = StoredValue::new(texts);
    let base = StoredValue::new(widget);
    let text_signal = move |field: FormField| {
        texts.with_value(|texts| texts.iter().find(|(each, _)| *each == field).map(|(_, text)| *text))
    };
    let build = move || -> Result<Widget, FieldError> {
        base.with_value(|base| {
            build_widget(base, kind.get(), connection.get(), |field| {
                text_signal(field).map(|text| text.get()).unwrap_or_default()
            })
        })
    };
    let problem = move || build().err();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(widget) = build() else { return };
        state.place_widget(widget);
        editor.0.set(None);
    };
    let connections = move || state.connection_choices();
    view! {
        <form class="panel editor widget-editor" aria-label="Widget settings" on:submit=save>
            <h3>{if is_new { "New widget" } else { "Edit widget" }}</h3>
            <div class="grid">
                <label>"Kind"
                    <select prop:value=move || kind.get().as_str() on:change=move |event| {
                        if let Some(chosen) = WidgetKind::from_name(&event_target_value(&event)) { kind.set(chosen) }
                    }>
                        {WidgetKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{kind.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Connection"
                    <select prop:value=move || connection.get() on:change=move |event| connection.set(event_target_value(&event))>
                        {move || connections().into_iter().map(|(id, name)| view! { <option value=id.clone()>{name}</option> }).collect_view()}
                    </select>
                </label>
                {FormField::ALL.iter().map(|&field| {
                    let text = text_signal(field).unwrap_or_default();
                    let shown = move || field.applies_to(kind.get());
                    let input = move || match field.input() {
                        FieldInput::Flag => view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || text.get() == "true"
                                    on:change=move |event| text.set(event_target_checked(&event).to_string()) />
                                {field.label()}
                            </label>
                        }.into_any(),
                        FieldInput::Lines => view! {
                            <label class="wide">{field.label()}
                                <textarea rows="3" bind:value=text placeholder=field.example() spellcheck="false"></textarea>
                            </label>
                        }.into_any(),
                        _ => view! {
                            <label>{field.label()}
                                <input type="text" bind:value=text placeholder=field.example() spellcheck="false" autocomplete="off" />
                            </label>
                        }.into_any(),
                    };
                    move || shown().then(input)
                }).collect_view()}
            </div>
            {move || problem().map(|error| view! { <p class="field-error" role="alert">{error.to_string()}</p> })}
            <div class="actions">
                <button type="submit" class="primary" disabled=move || problem().is_some()>"Save widget"</button>
                <button type="button" on:click=move |_| editor.0.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
