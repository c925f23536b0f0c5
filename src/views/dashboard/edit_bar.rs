//! Arranging a widget in edit mode: a move handle (drag it with a mouse,
//! a finger or a pen, or focus it and press the arrow keys), a resize
//! handle in the card's corner (drag it, or arrows: ← → width, ↑ ↓
//! height), Edit, and Delete with Undo. Pointer events serve every kind of
//! pointer; focus returns to the handle after a move, which rebuilds the card.

use crate::reactive::handler;
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::grid::{card_at, card_element, mark};
use super::EditorHandle;
use crate::model::dashboard_edit::{Dimension, MAX_SPAN};
use crate::model::Widget;
use crate::state::AppState;
use crate::views::toasts::Undo;

/// Grid row height in pixels; matches `grid-auto-rows` in the stylesheet.
const ROW_HEIGHT_PX: f64 = 150.0;

/// A resize in progress: where the pointer started and the size then.
#[derive(Clone, Copy)]
struct ResizeStart {
    x: f64,
    y: f64,
    width: u8,
    height: u8,
    column_px: f64,
}

/// The bar of one widget.
#[component]
pub(super) fn WidgetEditBar(widget: Widget) -> impl IntoView {
    let state = expect_context::<AppState>();
    let editor = expect_context::<EditorHandle>();
    let undo = expect_context::<Undo>();
    let dashboard_id = StoredValue::new(state.active_dashboard.get_untracked());
    let id = StoredValue::new(widget.id.clone());
    let name = widget.display_title();
    let size = (widget.span(), widget.rows());
    let edit = {
        let widget = widget.clone();
        move |_| editor.0.set(Some((widget.clone(), false)))
    };
    let delete = {
        let name = name.clone();
        move |_| {
            let dashboard = dashboard_id.get_value();
            let mut removed = None;
            state.update_dashboard(&dashboard, |board| removed = board.remove_widget(&id.get_value()));
            if let Some((index, widget)) = removed {
                undo.offer(format!("Deleted the widget \"{name}\"."), move || {
                    let widget = widget.clone();
                    state.update_dashboard(&dashboard, |board| board.restore_widget(index, widget));
                });
            }
        }
    };
    let move_by = move |by: isize| {
        state.update_dashboard(&dashboard_id.get_value(), |board| board.move_widget(&id.get_value(), by));
        refocus(&id.get_value(), "drag-handle");
    };

    // Dragging the move handle: the card under the pointer is the drop target.
    let target = RwSignal::new(None::<String>);
    let on_move_down = move |event: PointerEvent| {
        if let Some(handle) = handle_of(&event) {
            let _ = handle.set_pointer_capture(event.pointer_id());
        }
        event.prevent_default();
        target.set(None);
        mark(&id.get_value(), "dragging", true);
    };
    let on_move_drag = move |event: PointerEvent| {
        if !has_capture(&event) {
            return;
        }
        let over = card_at(event.client_x(), event.client_y()).filter(|over| *over != id.get_value());
        if target.get_untracked() != over {
            if let Some(previous) = target.get_untracked() {
                mark(&previous, "drop-target", false);
            }
            if let Some(over) = &over {
                mark(over, "drop-target", true);
            }
            target.set(over);
        }
    };
    let on_move_up = move |_: PointerEvent| {
        mark(&id.get_value(), "dragging", false);
        let Some(over) = target.get_untracked() else { return };
        mark(&over, "drop-target", false);
        target.set(None);
        state.update_dashboard(&dashboard_id.get_value(), |board| {
            if let Some(index) = board.widgets.iter().position(|widget| widget.id == over) {
                board.move_widget_to(&id.get_value(), index);
            }
        });
        refocus(&id.get_value(), "drag-handle");
    };
    let on_move_key = move |event: KeyboardEvent| {
        let by = match event.key().as_str() {
            "ArrowLeft" | "ArrowUp" => -1,
            "ArrowRight" | "ArrowDown" => 1,
            _ => return,
        };
        event.prevent_default();
        move_by(by);
    };

    // Dragging the resize handle: the card previews its new size; the drop saves it.
    let resize = StoredValue::new(None::<ResizeStart>);
    let preview = StoredValue::new(size);
    let on_resize_down = move |event: PointerEvent| {
        let Some(handle) = handle_of(&event) else { return };
        let _ = handle.set_pointer_capture(event.pointer_id());
        event.prevent_default();
        let card_width = card_element(&id.get_value()).map(|card| card.get_bounding_client_rect().width());
        let column_px = card_width.map_or(220.0, |width| width / f64::from(size.0));
        resize.set_value(Some(ResizeStart {
            x: f64::from(event.client_x()),
            y: f64::from(event.client_y()),
            width: size.0,
            height: size.1,
            column_px,
        }));
        preview.set_value(size);
    };
    let on_resize_drag = move |event: PointerEvent| {
        let Some(start) = resize.get_value() else { return };
        let cells = |from: u8, moved: f64, cell: f64| {
            (f64::from(from) + (moved / cell).round()).clamp(1.0, f64::from(MAX_SPAN)) as u8
        };
        let width = cells(start.width, f64::from(event.client_x()) - start.x, start.column_px);
        let height = cells(start.height, f64::from(event.client_y()) - start.y, ROW_HEIGHT_PX);
        if preview.get_value() != (width, height) {
            preview.set_value((width, height));
            if let Some(card) = card_element(&id.get_value()) {
                let _ = card.style().set_property("--span", &width.to_string());
                let _ = card.style().set_property("--rows", &height.to_string());
            }
        }
    };
    let on_resize_up = move |_: PointerEvent| {
        if resize.get_value().is_none() {
            return;
        }
        resize.set_value(None);
        let (width, height) = preview.get_value();
        if (width, height) != size {
            state.update_dashboard(&dashboard_id.get_value(), |board| {
                board.set_widget_size(&id.get_value(), width, height)
            });
            refocus(&id.get_value(), "resize-handle");
        }
    };
    let on_resize_key = move |event: KeyboardEvent| {
        let (dimension, by) = match event.key().as_str() {
            "ArrowLeft" => (Dimension::Width, -1),
            "ArrowRight" => (Dimension::Width, 1),
            "ArrowUp" => (Dimension::Height, -1),
            "ArrowDown" => (Dimension::Height, 1),
            _ => return,
        };
        event.prevent_default();
        state.update_dashboard(&dashboard_id.get_value(), |board| board.resize_widget(&id.get_value(), dimension, by));
        refocus(&id.get_value(), "resize-handle");
    };
    view! {
        <div class="edit-bar" role="group" aria-label=format!("Arrange {name}")>
            <button type="button" class="drag-handle" aria-label=format!("Move {name}")
                title="Drag to move, or press the arrow keys"
                on:pointerdown=handler(on_move_down) on:pointermove=handler(on_move_drag) on:pointerup=handler(on_move_up)
                on:pointercancel=handler(move |_| { mark(&id.get_value(), "dragging", false); target.set(None); })
                on:keydown=handler(on_move_key)>
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="currentColor">
                    <circle cx="9" cy="6" r="1.6" /><circle cx="15" cy="6" r="1.6" /><circle cx="9" cy="12" r="1.6" />
                    <circle cx="15" cy="12" r="1.6" /><circle cx="9" cy="18" r="1.6" /><circle cx="15" cy="18" r="1.6" />
                </svg>
            </button>
            <span class="size-label" data-size=format!("{}x{}", size.0, size.1)>{format!("{} × {}", size.0, size.1)}</span>
            <button type="button" on:click=handler(edit) aria-label=format!("Edit {name}")>"Edit"</button>
            <button type="button" class="danger" aria-label=format!("Delete {name}") on:click=handler(delete)>"Delete"</button>
            <button type="button" class="resize-handle" aria-label=format!("Resize {name}")
                title="Drag to resize, or press the arrow keys: ← → width, ↑ ↓ height"
                on:pointerdown=handler(on_resize_down) on:pointermove=handler(on_resize_drag) on:pointerup=handler(on_resize_up)
                on:pointercancel=handler(move |_| resize.set_value(None)) on:keydown=handler(on_resize_key)>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
                    <path d="M20 10v10H10M20 16l-4 4" />
                </svg>
            </button>
        </div>
    }
}

fn handle_of(event: &PointerEvent) -> Option<web_sys::Element> {
    event.current_target()?.dyn_into::<web_sys::Element>().ok()
}

fn has_capture(event: &PointerEvent) -> bool {
    handle_of(event).is_some_and(|handle| handle.has_pointer_capture(event.pointer_id()))
}

/// Focuses the `class` button of widget `id` once the moved or resized card is back on screen.
fn refocus(id: &str, class: &str) {
    let (id, class) = (id.to_owned(), class.to_owned());
    request_animation_frame(move || {
        let button = card_element(&id)
            .and_then(|card| card.query_selector(&format!(".{class}")).ok().flatten())
            .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            let _ = button.focus();
        }
    });
}
