//! Once-per-frame scheduling of the driver's work. Received bytes wait in
//! the inbox until the next animation frame, so a burst of WebSocket frames
//! costs one session pass and one signal update per display frame. Hidden
//! tabs get no animation frames, so there the work runs at once: keep alive
//! must still be answered in a background tab.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// When the caller should do the work it asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drain {
    /// Now: the page is hidden and no animation frame would come.
    Now,
    /// The scheduled callback will run on the next animation frame.
    OnNextFrame,
}

/// Runs a callback on the next animation frame, at most once per frame
/// however often it is requested.
pub struct FrameScheduler {
    requested: Rc<Cell<bool>>,
    callback: Closure<dyn FnMut(f64)>,
}

impl FrameScheduler {
    /// A scheduler for `run`.
    pub fn new(mut run: impl FnMut() + 'static) -> Self {
        let requested = Rc::new(Cell::new(false));
        let flag = requested.clone();
        let callback = Closure::<dyn FnMut(f64)>::new(move |_| {
            flag.set(false);
            run();
        });
        FrameScheduler { requested, callback }
    }

    /// Asks for the callback. It returns [`Drain::Now`] when the page is
    /// hidden, and the caller does the work itself.
    pub fn request(&self) -> Drain {
        // The common case under load: a frame is already on its way.
        if self.requested.get() && !is_document_hidden() {
            return Drain::OnNextFrame;
        }
        if is_document_hidden() {
            return Drain::Now;
        }
        let scheduled = web_sys::window()
            .is_some_and(|window| window.request_animation_frame(self.callback.as_ref().unchecked_ref()).is_ok());
        self.requested.set(scheduled);
        if scheduled {
            Drain::OnNextFrame
        } else {
            Drain::Now
        }
    }
}

thread_local! {
    /// The page's visibility, kept current by a `visibilitychange` listener
    /// so that the per-WebSocket-frame path makes no calls into JS for it.
    static HIDDEN: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Whether the page is a hidden (background) tab.
pub fn is_document_hidden() -> bool {
    HIDDEN.with(|hidden| {
        hidden.get().unwrap_or_else(|| {
            track_visibility();
            let now_hidden = query_hidden();
            hidden.set(Some(now_hidden));
            now_hidden
        })
    })
}

fn query_hidden() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Installs the listener once per page; it lives as long as the page.
fn track_visibility() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let on_change = Closure::<dyn FnMut()>::new(|| HIDDEN.with(|hidden| hidden.set(Some(query_hidden()))));
    if document.add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref()).is_ok() {
        on_change.forget();
    }
}
