//! The widgets of one dashboard, keyed by widget id: each slot follows its
//! own widget and rebuilds it only when that widget's settings change, so
//! editing one widget (or a chart's window) leaves the others alone. A
//! widget just added is scrolled into view and highlighted for a moment.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::edit_bar::WidgetEditBar;
use crate::state::AppState;
use crate::widgets::WidgetView;

/// The grid of the dashboard `dashboard_id`.
#[component]
pub(super) fn WidgetGrid(dashboard_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = StoredValue::new(dashboard_id);
    let widget_ids = move || {
        state
            .with_dashboard_tracked(&id.get_value(), |dashboard| {
                dashboard.widgets.iter().map(|widget| widget.id.clone()).collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <div class="widget-grid">
            <For each=widget_ids key=|widget_id| widget_id.clone() let:widget_id>
                <WidgetSlot dashboard_id=id.get_value() widget_id />
            </For>
        </div>
    }
}

#[component]
fn WidgetSlot(dashboard_id: String, widget_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lookup_id = widget_id.clone();
    let widget = crate::reactive::memo(move || {
        state
            .with_dashboard_tracked(&dashboard_id, |dashboard| {
                dashboard.widgets.iter().find(|widget| widget.id == lookup_id).cloned()
            })
            .flatten()
    });
    let id = StoredValue::new(widget_id.clone());
    crate::reactive::effect(move || {
        if state.highlight.with(|new| new.as_deref() == Some(id.get_value().as_str())) {
            request_animation_frame(move || show_new(state, &id.get_value()));
        }
    });
    move || {
        widget.get().map(|widget| {
            // Widgets never import views: the edit controls are handed in.
            let controls = widget.clone();
            view! { <WidgetView widget edit_controls=move || view! { <WidgetEditBar widget=controls.clone() /> } /> }
        })
    }
}

/// How long a new widget stays highlighted, in milliseconds.
const HIGHLIGHT_MS: u32 = 2_500;

/// Scrolls the new widget `id` into view and highlights it for a moment.
fn show_new(state: AppState, id: &str) {
    let Some(card) = card_element(id) else { return };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    card.scroll_into_view_with_scroll_into_view_options(&options);
    mark(id, "highlight", true);
    let id = id.to_owned();
    gloo_timers::callback::Timeout::new(HIGHLIGHT_MS, move || {
        mark(&id, "highlight", false);
        if state.highlight.with_untracked(|new| new.as_deref() == Some(id.as_str())) {
            state.highlight.set(None);
        }
    })
    .forget();
}

/// The card of widget `id` on screen.
pub(super) fn card_element(id: &str) -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    let selector = format!("[data-widget-id=\"{}\"]", id.replace(['"', '\\'], ""));
    document.query_selector(&selector).ok().flatten()?.dyn_into().ok()
}

/// The widget id of the card under the point (client coordinates).
pub(super) fn card_at(x: i32, y: i32) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let element = document.element_from_point(x as f32, y as f32)?;
    element.closest("[data-widget-id]").ok().flatten()?.get_attribute("data-widget-id")
}

pub(super) fn mark(id: &str, class: &str, on: bool) {
    if let Some(card) = card_element(id) {
        let _ = card.class_list().toggle_with_force(class, on);
    }
}
