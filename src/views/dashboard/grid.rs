//! The widgets of one dashboard, keyed by widget id: each slot follows its
//! own widget and rebuilds it only when that widget's settings change, so
//! editing one widget (or a chart's window) leaves the others alone.

use leptos::prelude::*;

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
    let widget = Memo::new(move |_| {
        state
            .with_dashboard_tracked(&dashboard_id, |dashboard| {
                dashboard.widgets.iter().find(|widget| widget.id == widget_id).cloned()
            })
            .flatten()
    });
    move || {
        widget.get().map(|widget| {
            // Widgets never import views: the edit controls are handed in.
            let controls = widget.clone();
            view! { <WidgetView widget edit_controls=move || view! { <WidgetEditBar widget=controls.clone() /> } /> }
        })
    }
}
