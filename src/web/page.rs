//! The page-wide browser events, one listener each for the page's life:
//! `online` and `offline` (the browser's network state) and
//! `visibilitychange` (a phone suspending a background tab). What they
//! mean for the app is handed in as callbacks; the visibility is also kept
//! in [`PageState`] so the per-WebSocket-frame path never asks the DOM.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// What the page's events keep current.
#[derive(Debug, Default)]
pub struct PageState {
    hidden: Cell<bool>,
}

impl PageState {
    /// The state as it is now.
    pub fn read() -> Rc<PageState> {
        Rc::new(PageState { hidden: Cell::new(query_hidden()) })
    }

    /// Whether the page is a hidden (background) tab.
    pub fn is_hidden(&self) -> bool {
        self.hidden.get()
    }
}

fn query_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// What the app does on each event.
pub struct PageHandlers {
    /// The browser went online (`true`) or offline (`false`).
    pub network: Box<dyn Fn(bool)>,
    /// The page was hidden (`false`) or became visible again (`true`).
    pub visibility: Box<dyn Fn(bool)>,
}

/// The listeners, held for the page's life (dropping them would leave the
/// browser calling freed closures, so the holder keeps them).
pub struct PageEvents {
    _listeners: Vec<Closure<dyn FnMut()>>,
}

impl PageEvents {
    /// Listens to the three events once, keeping `page` current.
    pub fn listen(page: Rc<PageState>, handlers: PageHandlers) -> PageEvents {
        let handlers = Rc::new(handlers);
        let mut listeners = Vec::new();
        let Some(window) = web_sys::window() else { return PageEvents { _listeners: listeners } };
        for (event, online) in [("online", true), ("offline", false)] {
            let handlers = handlers.clone();
            let listener = Closure::<dyn FnMut()>::new(move || (handlers.network)(online));
            if window.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref()).is_ok() {
                listeners.push(listener);
            }
        }
        if let Some(document) = window.document() {
            let listener = Closure::<dyn FnMut()>::new(move || {
                let hidden = query_hidden();
                page.hidden.set(hidden);
                (handlers.visibility)(!hidden);
            });
            if document.add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref()).is_ok()
            {
                listeners.push(listener);
            }
        }
        PageEvents { _listeners: listeners }
    }
}
