//! The dashboards screen: one tab per dashboard (a link to `#/d/<id>`),
//! the widget grid, and edit mode (separate from viewing, so a stray tap
//! changes nothing) to add, configure, drag, resize and delete widgets and
//! to add, rename, reorder and delete dashboards; deletes offer Undo. The
//! changes themselves are methods of the model (`model::dashboard_edit`);
//! these components lay them out.
//!
//! - `grid.rs`: the widgets of the dashboard on screen, keyed by id;
//! - `edit_bar.rs`: move, resize, edit and delete on each widget;
//! - `editor.rs`: the widget form (its fields are `model::widget_form`);
//! - `form_rows.rs`: the form's chart series and colour bands as rows;
//! - `suggestions.rs`: topics and JSON paths seen, offered as the user types.

mod edit_bar;
mod editor;
mod form_rows;
mod grid;
mod suggestions;

use crate::reactive::handler;
use leptos::prelude::*;

use crate::model::dashboard_edit::{add_dashboard, move_dashboard};
use crate::model::route::{Route, Screen};
use crate::model::{Widget, WidgetKind};
use crate::state::AppState;
use crate::views::toasts::Undo;
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
    let active = crate::reactive::memo(move || {
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
    let kiosk = move || state.route.with(|route| route.kiosk);
    let add_widget = move |_| {
        let Some(dashboard_id) = active.get_untracked() else { return };
        let widget_id = state.with_dashboard(&dashboard_id, |dashboard| dashboard.new_widget_id()).unwrap_or_default();
        let connection = state
            .connections
            .with_untracked(|views| views.first().map(|view| view.profile.with_untracked(|profile| profile.id.clone())))
            .unwrap_or_default();
        editor.0.set(Some((Widget::new(widget_id, WidgetKind::Gauge, connection), true)));
    };
    // The tabs are rebuilt when a dashboard is added, removed or renamed,
    // not when a widget changes.
    let tabs = crate::reactive::memo(move || {
        state
            .dashboards
            .with(|all| all.iter().map(|dashboard| (dashboard.id.clone(), dashboard.title.clone())).collect::<Vec<_>>())
    });
    view! {
        <section class="dashboards" aria-label="Dashboards">
            <div class="tabs-bar" hidden=kiosk>
                <nav class="tabs" aria-label="Dashboards">
                    {move || tabs.get().into_iter().map(|(id, title)| view! { <DashboardTab id title /> }).collect_view()}
                </nav>
                <div class="tab-actions">
                    {move || state.editing.get().then(|| view! {
                        <button type="button" class="secondary" on:click=handler(add_dashboard)>"Add dashboard"</button>
                    })}
                    <button type="button" class=move || if state.editing.get() { "primary" } else { "secondary" }
                        aria-pressed=move || state.editing.get().to_string()
                        on:click=handler(move |_| { state.editing.update(|editing| *editing = !*editing); editor.0.set(None); })>
                        {move || if state.editing.get() { "Done" } else { "Edit" }}
                    </button>
                </div>
            </div>
            {move || state.editing.get().then(|| view! {
                <super::FileActions />
                <p class="hint">"Drag a widget by its ⠿ handle, or focus the handle and press the arrow keys; drag the corner to resize."</p>
            })}
            {move || match active.get() {
                None => view! {
                    <p class="empty">"No dashboard yet. Press Edit, then Add dashboard, or import a file."</p>
                }.into_any(),
                Some(dashboard_id) => view! {
                    {let settings_id = dashboard_id.clone();
                     move || state.editing.get().then(|| view! { <DashboardSettings dashboard_id=settings_id.clone() /> })}
                    {move || state.editing.get().then(|| view! {
                        <button type="button" class="primary add-widget" on:click=handler(add_widget)>"Add widget"</button>
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
    let href = Route::to(Screen::Dashboard(Some(id.clone()))).hash();
    let selected = move || state.active_dashboard.get() == id;
    let title = if title.is_empty() { "Untitled".to_owned() } else { title };
    view! {
        <a class="tab" href=href aria-current=move || selected().then_some("page")>{title}</a>
    }
}

/// Rename, reorder or delete the dashboard on screen.
#[component]
fn DashboardSettings(dashboard_id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let undo = expect_context::<Undo>();
    let title =
        RwSignal::new(state.with_dashboard(&dashboard_id, |dashboard| dashboard.title.clone()).unwrap_or_default());
    let id = StoredValue::new(dashboard_id);
    let rename = move |_| {
        let new_title = title.get_untracked().trim().to_owned();
        state.update_dashboard(&id.get_value(), |dashboard| dashboard.title = new_title);
    };
    let reorder = move |by: isize| {
        state.dashboards.update(|all| move_dashboard(all, &id.get_value(), by));
        state.settings_changed();
    };
    let delete = move |_| {
        let id = id.get_value();
        let Some(index) = state.dashboards.with_untracked(|all| all.iter().position(|other| other.id == id)) else {
            return;
        };
        let mut removed = None;
        state.dashboards.update(|all| removed = Some(all.remove(index)));
        let first = state.dashboards.with_untracked(|all| all.first().map(|d| d.id.clone())).unwrap_or_default();
        state.active_dashboard.set(first);
        state.settings_changed();
        let Some(removed) = removed else { return };
        let count = removed.widgets.len();
        let text = format!(
            "Deleted the dashboard \"{}\" and its {count} widget{}.",
            removed.title,
            if count == 1 { "" } else { "s" }
        );
        undo.offer(text, move || {
            let restored = removed.clone();
            let restored_id = restored.id.clone();
            state.dashboards.update(|all| {
                all.retain(|other| other.id != restored.id);
                all.insert(index.min(all.len()), restored);
            });
            state.active_dashboard.set(restored_id);
            state.settings_changed();
        });
    };
    view! {
        <div class="dashboard-settings">
            <label>"Dashboard title" <input type="text" bind:value=title on:change=handler(rename) /></label>
            <button type="button" on:click=handler(move |_| reorder(-1))>"Move tab left"</button>
            <button type="button" on:click=handler(move |_| reorder(1))>"Move tab right"</button>
            <button type="button" class="danger" on:click=handler(delete)>"Delete dashboard"</button>
        </div>
    }
}
