//! The dashboards: one tab per dashboard, the widget grid, and edit mode
//! (separate from viewing, so a stray tap changes nothing) to add,
//! configure, move, resize and delete widgets and to add, rename and
//! delete dashboards. The changes themselves are methods of the model
//! (`model::dashboard_edit`); these components lay them out.
//!
//! - `grid.rs`: the widgets of the dashboard on screen, keyed by id;
//! - `edit_bar.rs`: move, resize, edit and delete on each widget;
//! - `editor.rs`: the widget form (its fields are `model::widget_form`).

mod edit_bar;
mod editor;
mod grid;

use leptos::prelude::*;

use crate::model::dashboard_edit::add_dashboard;
use crate::model::{Widget, WidgetKind};
use crate::state::AppState;
use editor::WidgetEditor;
use grid::WidgetGrid;

/// The widget being edited (and whether it is new), shared by the grid and the bars.
#[derive(Clone, Copy)]
struct EditorHandle(RwSignal<Option<(Widget, bool)>>);

/// Tabs, grid and editor.
#[component]
pub fn Dashboards() -> impl IntoView {
    let state = expect_context::<AppState>();
    let editor = EditorHandle(RwSignal::new(None));
    provide_context(editor);
    // The id of the dashboard on screen, if it exists: the grid is rebuilt
    // only when this changes, not on every edit of a widget.
    let active = Memo::new(move |_| {
        let id = state.active_dashboard.get();
        state.dashboards.with(|dashboards| dashboards.iter().any(|dashboard| dashboard.id == id).then_some(id))
    });
    let add_dashboard = move |_| {
        let mut id = String::new();
        state.dashboards.update(|all| id = add_dashboard(all));
        state.active_dashboard.set(id);
        state.editing.set(true);
        state.settings_changed();
    };
    let add_widget = move |_| {
        let Some(dashboard_id) = active.get_untracked() else { return };
        let widget_id = state.with_dashboard(&dashboard_id, |dashboard| dashboard.new_widget_id()).unwrap_or_default();
        let connection = state
            .connections
            .with_untracked(|views| views.first().map(|view| view.profile.with_untracked(|profile| profile.id.clone())))
            .unwrap_or_default();
        editor.0.set(Some((Widget::new(widget_id, WidgetKind::Gauge, connection), true)));
    };
    let tabs = move || {
        state
            .dashboards
            .with(|all| all.iter().map(|dashboard| (dashboard.id.clone(), dashboard.title.clone())).collect::<Vec<_>>())
    };
    view! {
        <section class="dashboards" aria-label="Dashboards">
            <div class="tabs-bar">
                <div class="tabs" role="tablist">
                    <For each=tabs key=|tab| tab.clone() let:tab>
                        <DashboardTab id=tab.0 title=tab.1 />
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
            {move || match active.get() {
                None => view! {
                    <p class="empty">"No dashboard yet. Press Edit, then Add dashboard, or import a file."</p>
                }.into_any(),
                Some(dashboard_id) => view! {
                    {let settings_id = dashboard_id.clone();
                     move || state.editing.get().then(|| view! { <DashboardSettings dashboard_id=settings_id.clone() /> })}
                    {move || state.editing.get().then(|| view! {
                        <button type="button" class="primary add-widget" on:click=add_widget>"Add widget"</button>
                    })}
                    {move || editor.0.get().map(|(widget, is_new)| view! { <WidgetEditor widget is_new /> })}
                    <WidgetGrid dashboard_id=dashboard_id.clone() />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DashboardTab(id: String, title: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let selected = {
        let id = id.clone();
        move || state.active_dashboard.get() == id
    };
    let title = if title.is_empty() { id.clone() } else { title };
    view! {
        <button type="button" role="tab" class="tab" aria-selected=move || selected().to_string()
            on:click=move |_| state.active_dashboard.set(id.clone())>{title}</button>
    }
}

/// Rename or delete the dashboard on screen.
#[component]
fn DashboardSettings(dashboard_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let title =
        RwSignal::new(state.with_dashboard(&dashboard_id, |dashboard| dashboard.title.clone()).unwrap_or_default());
    let id = StoredValue::new(dashboard_id);
    let rename = move |_| {
        let new_title = title.get_untracked().trim().to_owned();
        state.update_dashboard(&id.get_value(), |dashboard| dashboard.title = new_title);
    };
    let delete = move |_| {
        let id = id.get_value();
        let count = state.with_dashboard(&id, |dashboard| dashboard.widgets.len()).unwrap_or_default();
        if !crate::web::confirm(&format!("Delete the dashboard {:?} and its {count} widgets?", title.get_untracked())) {
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
