//! Move, resize, edit and delete, shown on each widget in edit mode.

use leptos::prelude::*;

use super::EditorHandle;
use crate::model::{Dashboard, Widget};
use crate::state::AppState;

/// The bar of one widget.
#[component]
pub(super) fn WidgetEditBar(widget: Widget) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editor = expect_context::<EditorHandle>();
    let dashboard_id = StoredValue::new(state.active_dashboard.get_untracked());
    let id = StoredValue::new(widget.id.clone());
    let change = move |action: fn(&mut Dashboard, &str)| {
        move |_| state.update_dashboard(&dashboard_id.get_value(), |dashboard| action(dashboard, &id.get_value()))
    };
    let edit = {
        let widget = widget.clone();
        move |_| editor.0.set(Some((widget.clone(), false)))
    };
    let name = widget.display_title();
    let delete = {
        let remove = change(|dashboard, id| {
            dashboard.remove_widget(id);
        });
        let name = name.clone();
        move |event| {
            if crate::web::confirm(&format!("Delete the widget {name:?}?")) {
                remove(event);
            }
        }
    };
    view! {
        <div class="edit-bar" role="group" aria-label=format!("Arrange {name}")>
            <button type="button" on:click=edit aria-label=format!("Edit {name}")>"Edit"</button>
            <button type="button" aria-label="Move earlier" on:click=change(|dashboard, id| dashboard.move_widget(id, -1))>"←"</button>
            <button type="button" aria-label="Move later" on:click=change(|dashboard, id| dashboard.move_widget(id, 1))>"→"</button>
            <button type="button" aria-label="Narrower" on:click=change(|dashboard, id| dashboard.resize_widget(id, -1))>"−"</button>
            <button type="button" aria-label="Wider" on:click=change(|dashboard, id| dashboard.resize_widget(id, 1))>"+"</button>
            <button type="button" class="danger" aria-label=format!("Delete {name}") on:click=delete>"Delete"</button>
        </div>
    }
}
