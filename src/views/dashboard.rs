//! The dashboards: one tab per dashboard, the widget grid, and edit mode
//! (separate from viewing, so a stray tap changes nothing) to add, configure,
//! move, resize and delete widgets and to add, rename and delete dashboards.
//! The widget form is driven by a field table: each kind shows the fields
//! that apply to it, and the widget is rebuilt and validated as the user types.

use std::collections::HashMap;

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::client::router;
use crate::model::{Dashboard, Widget, WidgetKind};
use crate::state::AppState;
use crate::widgets::{ask, WidgetView};

/// The widget being edited (and whether it is new), shared by the grid and the bars.
#[derive(Clone, Copy)]
struct EditorHandle(RwSignal<Option<(Widget, bool)>>);

/// Tabs, grid and editor.
#[component]
pub fn Dashboards() -> impl IntoView {
    let state = expect_context::<AppState>();
    let editor = EditorHandle(RwSignal::new(None));
    provide_context(editor);
    let active = move || {
        let id = state.active_dashboard.get();
        state.dashboards.with(|dashboards| dashboards.iter().find(|dashboard| dashboard.id == id).cloned())
    };
    let add_dashboard = move |_| {
        let taken: Vec<String> = state.dashboards.with_untracked(|all| all.iter().map(|d| d.id.clone()).collect());
        let id = unique_name("dashboard", &taken);
        let title = format!("Dashboard {}", taken.len() + 1);
        state.dashboards.update(|all| all.push(Dashboard::new(id.clone(), title)));
        state.active_dashboard.set(id);
        state.editing.set(true);
        state.settings_changed();
    };
    let add_widget = move |_| {
        let Some(dashboard) = active() else { return };
        let taken: Vec<String> = dashboard.widgets.iter().map(|widget| widget.id.clone()).collect();
        let connection = state
            .connections
            .with_untracked(|views| views.first().map(|view| view.profile.with_untracked(|profile| profile.id.clone())))
            .unwrap_or_default();
        editor.0.set(Some((Widget::new(unique_name("widget", &taken), WidgetKind::Gauge, connection), true)));
    };
    view! {
        <section class="dashboards" aria-label="Dashboards">
            <div class="tabs-bar">
                <div class="tabs" role="tablist">
                    <For each=move || state.dashboards.get() key=|dashboard| (dashboard.id.clone(), dashboard.title.clone()) let:dashboard>
                        <DashboardTab dashboard />
                    </For>
                </div>
                <div class="tab-actions">
                    {move || state.editing.get().then(|| view! {
                        <button type="button" class="secondary" on:click=add_dashboard>"Add dashboard"</button>
                    })}
                    <button type="button" class=move || if state.editing.get() { "primary" } else { "secondary" }
                        aria-pressed=move || state.editing.get().to_string()
                        on:click=move |_| { state.editing.update(|editing| *editing = !*editing); editor.0.set(None); }>
                        {move || if state.editing.get() { "Done" } else { "Edit" }}
                    </button>
                </div>
            </div>
            {move || state.editing.get().then(|| view! { <super::FileActions /> })}
            {move || match active() {
                None => view! {
                    <p class="empty">"No dashboard yet. Press Edit, then Add dashboard, or import a file."</p>
                }.into_any(),
                Some(dashboard) => view! {
                    {state.editing.get().then(|| view! { <DashboardSettings dashboard=dashboard.clone() /> })}
                    {state.editing.get().then(|| view! {
                        <button type="button" class="primary add-widget" on:click=add_widget>"Add widget"</button>
                    })}
                    {move || editor.0.get().map(|(widget, is_new)| view! { <WidgetEditor widget is_new /> })}
                    <WidgetGrid dashboard_id=dashboard.id.clone() />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DashboardTab(dashboard: Dashboard) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = dashboard.id.clone();
    let selected = {
        let id = id.clone();
        move || state.active_dashboard.get() == id
    };
    let title = if dashboard.title.is_empty() { dashboard.id.clone() } else { dashboard.title.clone() };
    view! {
        <button type="button" role="tab" class="tab" aria-selected=move || selected().to_string()
            on:click=move |_| state.active_dashboard.set(id.clone())>{title}</button>
    }
}

/// Rename or delete the dashboard on screen.
#[component]
fn DashboardSettings(dashboard: Dashboard) -> impl IntoView {
    let state = expect_context::<AppState>();
    let title = RwSignal::new(dashboard.title.clone());
    let id = dashboard.id.clone();
    let rename = {
        let id = id.clone();
        move |_| {
            let new_title = title.get_untracked().trim().to_owned();
            state.update_dashboard(&id, |dashboard| dashboard.title = new_title);
        }
    };
    let delete = move |_| {
        if !ask(&format!("Delete the dashboard {:?} and its {} widgets?", dashboard.title, dashboard.widgets.len())) {
            return;
        }
        state.dashboards.update(|all| all.retain(|other| other.id != id));
        let first = state.dashboards.with_untracked(|all| all.first().map(|d| d.id.clone())).unwrap_or_default();
        state.active_dashboard.set(first);
        state.settings_changed();
    };
    view! {
        <div class="dashboard-settings">
            <label>"Dashboard title" <input type="text" bind:value=title on:change=rename /></label>
            <button type="button" class="danger" on:click=delete>"Delete dashboard"</button>
        </div>
    }
}

#[component]
fn WidgetGrid(dashboard_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let widgets = move || {
        state.dashboards.with(|all| {
            all.iter()
                .find(|dashboard| dashboard.id == dashboard_id)
                .map(|dashboard| dashboard.widgets.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="widget-grid">
            // Keyed by the whole widget: an edited widget is rebuilt with its new settings.
            <For each=widgets key=|widget| serde_json::to_string(widget).unwrap_or_default() let:widget>
                {
                    // Widgets never import views: the edit controls are handed in.
                    let controls = widget.clone();
                    view! { <WidgetView widget edit_controls=move || view! { <WidgetEditBar widget=controls.clone() /> } /> }
                }
            </For>
        </div>
    }
}

/// Move, resize, edit and delete, shown on each widget in edit mode.
#[component]
pub fn WidgetEditBar(widget: Widget) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editor = expect_context::<EditorHandle>();
    let dashboard_id = state.active_dashboard.get_untracked();
    let id = widget.id.clone();
    let change = move |action: fn(&mut Vec<Widget>, usize)| {
        let widget_id = id.clone();
        let dashboard_id = dashboard_id.clone();
        move |_| {
            let widget_id = widget_id.clone();
            state.update_dashboard(&dashboard_id, move |dashboard| {
                if let Some(index) = dashboard.widgets.iter().position(|widget| widget.id == widget_id) {
                    action(&mut dashboard.widgets, index);
                }
            });
        }
    };
    let edit = {
        let widget = widget.clone();
        move |_| editor.0.set(Some((widget.clone(), false)))
    };
    let name = widget.display_title();
    let delete = {
        let remove = change(|widgets, index| {
            widgets.remove(index);
        });
        let name = name.clone();
        move |event| {
            if ask(&format!("Delete the widget {name:?}?")) {
                remove(event);
            }
        }
    };
    view! {
        <div class="edit-bar" role="group" aria-label=format!("Arrange {name}")>
            <button type="button" on:click=edit aria-label=format!("Edit {name}")>"Edit"</button>
            <button type="button" aria-label="Move earlier" on:click=change(|widgets, index| if index > 0 { widgets.swap(index, index - 1) })>"←"</button>
            <button type="button" aria-label="Move later" on:click=change(|widgets, index| if index + 1 < widgets.len() { widgets.swap(index, index + 1) })>"→"</button>
            <button type="button" aria-label="Narrower" on:click=change(|widgets, index| resize(&mut widgets[index], -1))>"−"</button>
            <button type="button" aria-label="Wider" on:click=change(|widgets, index| resize(&mut widgets[index], 1))>"+"</button>
            <button type="button" class="danger" aria-label=format!("Delete {name}") on:click=delete>"Delete"</button>
        </div>
    }
}

fn resize(widget: &mut Widget, by: i8) {
    let current = widget.width.unwrap_or(if widget.kind == WidgetKind::Chart { 2 } else { 1 }) as i8;
    widget.width = Some((current + by).clamp(1, 4) as u8);
}

/// Puts `widget` on the dashboard on screen (replacing the one with its id;
/// a first dashboard is made when there is none), binds its topics so that
/// its connection subscribes them, and saves. Returns the dashboard's title.
pub(crate) fn place_widget(state: AppState, widget: Widget) -> String {
    router::bind_dashboards(std::slice::from_ref(&Dashboard {
        widgets: vec![widget.clone()],
        ..Dashboard::new(String::new(), String::new())
    }));
    let mut dashboard_id = state.active_dashboard.get_untracked();
    if !state.dashboards.with_untracked(|all| all.iter().any(|dashboard| dashboard.id == dashboard_id)) {
        dashboard_id = "pinned".to_owned();
        state.dashboards.update(|all| all.push(Dashboard::new(dashboard_id.clone(), "Pinned".into())));
        state.active_dashboard.set(dashboard_id.clone());
    }
    let mut title = String::new();
    state.update_dashboard(&dashboard_id, |dashboard| {
        title = dashboard.title.clone();
        match dashboard.widgets.iter_mut().find(|existing| existing.id == widget.id) {
            Some(existing) => *existing = widget,
            None => dashboard.widgets.push(widget),
        }
    });
    title
}

pub(crate) fn unique_name(base: &str, taken: &[String]) -> String {
    (1..).map(|index| format!("{base}-{index}")).find(|name| !taken.contains(name)).unwrap_or_else(|| base.to_owned())
}

/// How a form field maps to the widget's JSON.
#[derive(Clone, Copy, PartialEq)]
enum FieldType {
    Text,
    Number,
    Whole,
    Flag,
    /// One series per line: `topic | $.path | label | #color`.
    Series,
    /// One threshold per line: `value #color`.
    Thresholds,
}

struct Field {
    key: &'static str,
    label: &'static str,
    field_type: FieldType,
    kinds: &'static [WidgetKind],
    placeholder: &'static str,
}

use WidgetKind::{
    Button as Btn, Chart as Cht, Gauge as Gau, Indicator as Ind, Slider as Sld, Switch as Swt, Text as Txt,
};

const ALL: &[WidgetKind] = &[Gau, Swt, Btn, Sld, Cht, Txt, Ind];
const FIELDS: &[Field] = &[
    Field { key: "title", label: "Title", field_type: FieldType::Text, kinds: ALL, placeholder: "Living room" },
    Field {
        key: "topic",
        label: "State topic",
        field_type: FieldType::Text,
        kinds: &[Gau, Swt, Sld, Txt, Ind],
        placeholder: "home/living/temperature",
    },
    Field {
        key: "value_path",
        label: "JSON path",
        field_type: FieldType::Text,
        kinds: &[Gau, Swt, Sld, Txt, Ind],
        placeholder: "$.temperature",
    },
    Field {
        key: "command_topic",
        label: "Command topic",
        field_type: FieldType::Text,
        kinds: &[Swt, Btn, Sld],
        placeholder: "home/lamp/set",
    },
    Field {
        key: "series",
        label: "Series (one per line: topic | $.path | label | #colour)",
        field_type: FieldType::Series,
        kinds: &[Cht],
        placeholder: "home/living/temperature | $.temperature | Living",
    },
    Field { key: "payload", label: "Payload", field_type: FieldType::Text, kinds: &[Btn], placeholder: "ring" },
    Field {
        key: "on_payload",
        label: "On payload",
        field_type: FieldType::Text,
        kinds: &[Swt, Ind],
        placeholder: "ON",
    },
    Field {
        key: "off_payload",
        label: "Off payload",
        field_type: FieldType::Text,
        kinds: &[Swt, Ind],
        placeholder: "OFF",
    },
    Field { key: "threshold", label: "On at or above", field_type: FieldType::Number, kinds: &[Ind], placeholder: "" },
    Field { key: "unit", label: "Unit", field_type: FieldType::Text, kinds: &[Gau, Sld, Txt], placeholder: "°C" },
    Field { key: "min", label: "Minimum", field_type: FieldType::Number, kinds: &[Gau, Sld, Cht], placeholder: "0" },
    Field { key: "max", label: "Maximum", field_type: FieldType::Number, kinds: &[Gau, Sld, Cht], placeholder: "100" },
    Field { key: "step", label: "Step", field_type: FieldType::Number, kinds: &[Sld], placeholder: "1" },
    Field {
        key: "throttle_ms",
        label: "Least ms between publishes while dragging",
        field_type: FieldType::Whole,
        kinds: &[Sld],
        placeholder: "250",
    },
    Field {
        key: "decimals",
        label: "Decimals",
        field_type: FieldType::Whole,
        kinds: &[Gau, Sld, Cht, Txt],
        placeholder: "",
    },
    Field {
        key: "thresholds",
        label: "Colour bands (one per line: from-value #colour)",
        field_type: FieldType::Thresholds,
        kinds: &[Gau],
        placeholder: "28 #e53935",
    },
    Field { key: "window_s", label: "Window (s)", field_type: FieldType::Whole, kinds: &[Cht], placeholder: "600" },
    Field {
        key: "template",
        label: "Template ({value}, {unit})",
        field_type: FieldType::Text,
        kinds: &[Txt],
        placeholder: "Door: {value}",
    },
    Field { key: "qos", label: "Command QoS", field_type: FieldType::Whole, kinds: &[Swt, Btn, Sld], placeholder: "0" },
    Field {
        key: "retain",
        label: "Retain commands",
        field_type: FieldType::Flag,
        kinds: &[Swt, Btn, Sld],
        placeholder: "",
    },
    Field {
        key: "confirm",
        label: "Ask before sending",
        field_type: FieldType::Flag,
        kinds: &[Swt, Btn, Sld],
        placeholder: "",
    },
    Field {
        key: "confirm_timeout_s",
        label: "Seconds to wait for the state",
        field_type: FieldType::Whole,
        kinds: &[Swt],
        placeholder: "5",
    },
    Field { key: "stale_after_s", label: "Stale after (s)", field_type: FieldType::Whole, kinds: ALL, placeholder: "" },
    Field { key: "width", label: "Width (columns 1–4)", field_type: FieldType::Whole, kinds: ALL, placeholder: "1" },
];

/// The text a field shows for the widget's current value.
fn field_text(field: &Field, value: Option<&Value>) -> String {
    match (field.field_type, value) {
        (_, None | Some(Value::Null)) => String::new(),
        (FieldType::Series, Some(Value::Array(series))) => series
            .iter()
            .map(|line| {
                let part = |key: &str| line.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
                let mut parts = vec![part("topic"), part("value_path"), part("label"), part("color")];
                while parts.last().is_some_and(String::is_empty) {
                    parts.pop();
                }
                parts.join(" | ")
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldType::Thresholds, Some(Value::Array(bands))) => bands
            .iter()
            .map(|band| {
                format!(
                    "{} {}",
                    band.get("value").unwrap_or(&Value::Null),
                    band.get("color").and_then(Value::as_str).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
        (FieldType::Flag, Some(value)) => value.as_bool().unwrap_or(false).to_string(),
        (_, Some(Value::String(text))) => text.clone(),
        (_, Some(other)) => other.to_string(),
    }
}

/// The JSON for a field's text; None removes the field.
fn field_value(field: &Field, text: &str) -> Result<Option<Value>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let number = |text: &str| text.parse::<f64>().ok().filter(|number| number.is_finite());
    match field.field_type {
        FieldType::Text => Ok(Some(Value::from(text))),
        FieldType::Flag => Ok(Some(Value::from(text == "true"))),
        FieldType::Number => number(text)
            .map(|number| Some(Value::from(number)))
            .ok_or_else(|| format!("{}: {text:?} is not a number", field.label)),
        FieldType::Whole => text
            .parse::<u64>()
            .map(|whole| Some(Value::from(whole)))
            .map_err(|_| format!("{}: {text:?} is not a whole number", field.label)),
        FieldType::Series => Ok(Some(Value::Array(
            text.lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| {
                    let parts: Vec<&str> = line.split('|').map(str::trim).collect();
                    let mut series = Map::new();
                    for (key, part) in ["topic", "value_path", "label", "color"].into_iter().zip(parts) {
                        if !part.is_empty() {
                            series.insert(key.into(), Value::from(part));
                        }
                    }
                    Value::Object(series)
                })
                .collect(),
        ))),
        FieldType::Thresholds => text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let (value, color) = line.trim().split_once(char::is_whitespace).unwrap_or((line.trim(), ""));
                let value = number(value).ok_or_else(|| format!("{}: {value:?} is not a number", field.label))?;
                Ok(serde_json::json!({ "value": value, "color": color.trim() }))
            })
            .collect::<Result<Vec<_>, String>>()
            .map(|bands| Some(Value::Array(bands))),
    }
}

/// The form for one widget: fields for its kind, checked as the user types.
#[component]
fn WidgetEditor(widget: Widget, is_new: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editor = expect_context::<EditorHandle>();
    let original = serde_json::to_value(&widget).unwrap_or_default();
    let kind = RwSignal::new(widget.kind);
    let connection = RwSignal::new(widget.connection.clone());
    let texts: HashMap<&'static str, RwSignal<String>> =
        FIELDS.iter().map(|field| (field.key, RwSignal::new(field_text(field, original.get(field.key))))).collect();
    let texts = StoredValue::new(texts);
    let original = StoredValue::new(original);
    let build = move || -> Result<Widget, String> {
        let mut object = original.with_value(|original| original.as_object().cloned().unwrap_or_default());
        object.insert("kind".into(), Value::from(kind.get().as_str()));
        object.insert("connection".into(), Value::from(connection.get()));
        for field in FIELDS {
            let text = texts.with_value(|texts| texts[field.key].get());
            let applies = field.kinds.contains(&kind.get());
            match field_value(field, &text)? {
                Some(value) if applies => object.insert(field.key.into(), value),
                _ => object.remove(field.key),
            };
        }
        let widget: Widget = serde_json::from_value(Value::Object(object)).map_err(|error| error.to_string())?;
        widget.validate("this form", "widget").map_err(|error| error.to_string().replace("this form: widget.", ""))?;
        Ok(widget)
    };
    let problem = move || build().err();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(widget) = build() else { return };
        place_widget(state, widget);
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
                {FIELDS.iter().map(|field| {
                    let text = texts.with_value(|texts| texts[field.key]);
                    let shown = move || field.kinds.contains(&kind.get());
                    let input = move || match field.field_type {
                        FieldType::Flag => view! {
                            <label class="checkbox">
                                <input type="checkbox" prop:checked=move || text.get() == "true"
                                    on:change=move |event| text.set(event_target_checked(&event).to_string()) />
                                {field.label}
                            </label>
                        }.into_any(),
                        FieldType::Series | FieldType::Thresholds => view! {
                            <label class="wide">{field.label}
                                <textarea rows="3" bind:value=text placeholder=field.placeholder spellcheck="false"></textarea>
                            </label>
                        }.into_any(),
                        _ => view! {
                            <label>{field.label}
                                <input type="text" bind:value=text placeholder=field.placeholder spellcheck="false" autocomplete="off" />
                            </label>
                        }.into_any(),
                    };
                    move || shown().then(input)
                }).collect_view()}
            </div>
            {move || problem().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <div class="actions">
                <button type="submit" class="primary" disabled=move || problem().is_some()>"Save widget"</button>
                <button type="button" on:click=move |_| editor.0.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
