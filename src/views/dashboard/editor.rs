//! The widget form: the fields that apply to the chosen kind, rebuilt into
//! a checked widget as the user types. Each field shows its own problem
//! beside it (`aria-invalid`, `aria-describedby`), and only once the user
//! has typed in it or pressed Save; placeholders read as hints ("e.g. …").
//! Topic fields offer the topics seen on the connection, the JSON path
//! field the fields of the last payload; series and colour bands are rows.
//! The fields are typed (`model::widget_form`); this component lays them out.

use crate::reactive::handler;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::form_rows::FieldRows;
use super::suggestions::{PathSuggestions, TopicSuggestions, PATH_LIST_ID, TOPIC_LIST_ID};
use super::EditorHandle;
use crate::model::widget_form::{build_widget, FieldInput, FormErrors, FormField};
use crate::model::{Widget, WidgetKind};
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
    // Fields the user has typed in; every field once Save was pressed.
    let touched = RwSignal::new(Vec::<FormField>::new());
    let submitted = RwSignal::new(false);
    let touch = move |field: FormField| {
        if !touched.with_untracked(|touched| touched.contains(&field)) {
            touched.update(|touched| touched.push(field));
        }
    };
    let built = crate::reactive::memo(move || {
        base.with_value(|base| {
            build_widget(base, kind.get(), connection.get(), |field| {
                text_signal(field).map(|text| text.get()).unwrap_or_default()
            })
        })
    });
    let errors = move || built.with(|built| built.as_ref().err().cloned().unwrap_or_default());
    let shown_error = move |field: FormField| {
        let visible = submitted.get() || touched.with(|touched| touched.contains(&field));
        visible.then(|| errors().into_iter().find(|(at, _)| *at == Some(field)).map(|(_, problem)| problem)).flatten()
    };
    let general_error = move || {
        let any_touched = submitted.get() || touched.with(|touched| !touched.is_empty());
        any_touched.then(|| first_unplaced(&errors())).flatten()
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        match built.get_untracked() {
            Ok(widget) => {
                let id = widget.id.clone();
                state.place_widget(widget);
                editor.0.set(None);
                if is_new {
                    state.highlight.set(Some(id));
                }
            }
            Err(_) => focus_first_invalid(),
        }
    };
    let connections = move || state.connection_choices();
    // The topic the user last typed in any topic field, to narrow the suggestions.
    let typed_topic = RwSignal::new(text_signal(FormField::Topic).map(|text| text.get_untracked()).unwrap_or_default());
    let state_topic = text_signal(FormField::Topic).unwrap_or_default();
    view! {
        <form class="panel editor widget-editor" aria-label="Widget settings" on:submit=handler(save) novalidate>
            <h3>{if is_new { "New widget" } else { "Edit widget" }}</h3>
            <TopicSuggestions connection=connection.into() typed=typed_topic.into() />
            <PathSuggestions connection=connection.into() topic=state_topic.into() />
            <div class="grid">
                <label>"Kind"
                    <select prop:value=move || kind.get().as_str() on:change=handler(move |event| {
                        if let Some(chosen) = WidgetKind::from_name(&event_target_value(&event)) { kind.set(chosen) }
                    })>
                        {WidgetKind::ALL.iter().map(|kind| view! { <option value=kind.as_str()>{kind.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Connection"
                    <select prop:value=move || connection.get() on:change=handler(move |event| connection.set(event_target_value(&event)))>
                        {move || connections().into_iter().map(|(id, name)| view! { <option value=id.clone()>{name}</option> }).collect_view()}
                    </select>
                </label>
                {FormField::ALL.iter().map(|&field| {
                    let text = text_signal(field).unwrap_or_default();
                    let shown = move || field.applies_to(kind.get());
                    let error_id = format!("widget-field-{field:?}-error").to_ascii_lowercase();
                    let problem = move || shown_error(field);
                    let invalid = move || problem().is_some().to_string();
                    let described = {
                        let error_id = error_id.clone();
                        move || problem().map(|_| error_id.clone())
                    };
                    let message = {
                        let error_id = error_id.clone();
                        move || problem().map(|problem| view! { <span class="field-error" id=error_id.clone()>{problem}</span> })
                    };
                    let list = match field {
                        FormField::Topic | FormField::CommandTopic => Some(TOPIC_LIST_ID),
                        FormField::ValuePath => Some(PATH_LIST_ID),
                        _ => None,
                    };
                    let on_input = move |event: leptos::ev::Event| {
                        let value = event_target_value(&event);
                        if list == Some(TOPIC_LIST_ID) {
                            typed_topic.set(value.clone());
                        }
                        text.set(value);
                        touch(field);
                    };
                    let hint = field.example();
                    let placeholder = (!hint.is_empty()).then(|| format!("e.g. {hint}"));
                    let input = move || match (field, field.input()) {
                        (_, FieldInput::Flag) => view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || text.get() == "true"
                                    on:change=handler(move |event| { text.set(event_target_checked(&event).to_string()); touch(field); }) />
                                {field.label()}
                            </label>
                        }.into_any(),
                        (FormField::Series, _) => view! {
                            <div class="wide" on:input=handler(move |_| touch(field))>
                                <FieldRows field text topics_list=TOPIC_LIST_ID />
                                {message.clone()}
                            </div>
                        }.into_any(),
                        (FormField::Thresholds | FormField::States, _) => view! {
                            <div class="wide" on:input=handler(move |_| touch(field))>
                                <span class="label-text">{field.label()}</span>
                                <FieldRows field text topics_list="" />
                                {message.clone()}
                            </div>
                        }.into_any(),
                        _ => view! {
                            <label>{field.label()}
                                <input type="text" prop:value=move || text.get() on:input=handler(on_input) placeholder=placeholder.clone()
                                    list=list spellcheck="false" autocomplete="off"
                                    on:focus=handler(move |_| if list == Some(TOPIC_LIST_ID) { typed_topic.set(text.get_untracked()) })
                                    aria-invalid=invalid aria-describedby=described.clone() />
                                {message.clone()}
                            </label>
                        }.into_any(),
                    };
                    move || shown().then(input.clone())
                }).collect_view()}
            </div>
            {move || general_error().map(|problem| view! { <p class="field-error" role="alert">{problem}</p> })}
            <div class="actions">
                <button type="submit" class="primary">"Save widget"</button>
                <button type="button" on:click=handler(move |_| editor.0.set(None))>"Cancel"</button>
            </div>
        </form>
    }
}

/// A problem that belongs to no field of the form, if any.
fn first_unplaced(errors: &FormErrors) -> Option<String> {
    errors.iter().find(|(field, _)| field.is_none()).map(|(_, problem)| problem.clone())
}

/// Moves focus to the first field marked invalid, once the marks are drawn.
fn focus_first_invalid() {
    request_animation_frame(|| {
        let field = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.query_selector(".widget-editor [aria-invalid=\"true\"]").ok().flatten())
            .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(field) = field {
            let _ = field.focus();
        }
    });
}
