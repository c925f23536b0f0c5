//! Once-per-frame scheduling. Received bytes wait in the inbox until the
//! next animation frame, so a burst of WebSocket frames costs one session
//! pass and one signal update per display frame; a chart redraws at most
//! once per frame. Hidden tabs get no animation frames, so there the work
//! runs at once: keep alive must still be answered in a background tab.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::web::page::PageState;

/// When the caller should do the work it asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drain {
    /// Now: the page is hidden and no animation frame would come.
    Now,
    /// The scheduled callback will run on the next animation frame.
    OnNextFrame,
}

/// Runs a callback on the next animation frame, at most once per frame
/// however often it is requested. Dropping it cancels a pending frame, so
/// the browser never calls a freed closure.
pub struct FrameScheduler {
    /// The pending request's id, if one is pending.
    pending: Rc<Cell<Option<i32>>>,
    page: Rc<PageState>,
    callback: Closure<dyn FnMut(f64)>,
}

impl FrameScheduler {
    /// A scheduler for `run`.
    pub fn new(page: Rc<PageState>, mut run: impl FnMut() + 'static) -> Self {
        let pending = Rc::new(Cell::new(None));
        let flag = pending.clone();
        let callback = Closure::<dyn FnMut(f64)>::new(move |_| {
            flag.set(None);
            run();
        });
        FrameScheduler { pending, page, callback }
    }

    /// Asks for the callback. It returns [`Drain::Now`] when the page is
    /// hidden, and the caller does the work itself.
    pub fn request(&self) -> Drain {
        if self.page.is_hidden() {
            return Drain::Now;
        }
        // The common case under load: a frame is already on its way.
        if self.pending.get().is_some() {
            return Drain::OnNextFrame;
        }
        let id = web_sys::window()
            .and_then(|window| window.request_animation_frame(self.callback.as_ref().unchecked_ref()).ok());
        self.pending.set(id);
        if id.is_some() {
            Drain::OnNextFrame
        } else {
            Drain::Now
        }
    }
}

impl Drop for FrameScheduler {
    fn drop(&mut self) {
        if let (Some(id), Some(window)) = (self.pending.take(), web_sys::window()) {
            let _ = window.cancel_animation_frame(id);
        }
    }
}
