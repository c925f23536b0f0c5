//! Notices at the top of the page: a problem (`role="alert"`) stays until
//! the user dismisses it or acts; a confirmation (`role="status"`) clears
//! itself after a few seconds; an undoable change ("Widget Lamp deleted —
//! Undo") offers its Undo for a while, then goes.

use crate::reactive::handler;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use crate::state::AppState;

/// How long a confirmation stays on screen, in milliseconds.
const INFO_SHOWN_MS: u32 = 8_000;
/// How long Undo is offered, in milliseconds.
const UNDO_OFFERED_MS: u32 = 10_000;

/// An undoable change: what happened, and how to take it back.
#[derive(Clone)]
struct UndoOffer {
    text: String,
    restore: Rc<dyn Fn()>,
    serial: u64,
}

/// The offer of the last undoable change, provided by context.
#[derive(Clone, Copy)]
pub struct Undo(RwSignal<Option<UndoOffer>, LocalStorage>);

impl Undo {
    /// Nothing to undo.
    pub fn new() -> Self {
        Undo(RwSignal::new_local(None))
    }

    /// Offers to undo what `text` describes by running `restore`; replaces an older offer.
    pub fn offer(&self, text: impl Into<String>, restore: impl Fn() + 'static) {
        let serial = self.0.with_untracked(|offer| offer.as_ref().map_or(0, |offer| offer.serial + 1));
        self.0.set(Some(UndoOffer { text: text.into(), restore: Rc::new(restore), serial }));
    }
}

impl Default for Undo {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `clear(key)` `after_ms` after `shown` last turned to `Some(key)`;
/// `clear` checks that the same thing is still on screen.
fn clear_after<K: Clone + 'static>(
    after_ms: u32,
    shown: impl Fn() -> Option<K> + 'static,
    clear: impl Fn(&K) + Copy + 'static,
) {
    let timer = StoredValue::new_local(None::<Timeout>);
    crate::reactive::effect(move || {
        timer.set_value(shown().map(|key| Timeout::new(after_ms, move || clear(&key))));
    });
}

/// The notices.
#[component]
pub fn Toasts() -> impl IntoView {
    let state = expect_context::<AppState>();
    let undo = expect_context::<Undo>();
    clear_after(
        INFO_SHOWN_MS,
        move || state.info.get(),
        move |text| {
            if state.info.with_untracked(|current| current.as_ref() == Some(text)) {
                state.info.set(None);
            }
        },
    );
    clear_after(
        UNDO_OFFERED_MS,
        move || undo.0.with(|offer| offer.as_ref().map(|offer| offer.serial)),
        move |serial| {
            if undo.0.with_untracked(|offer| offer.as_ref().map(|offer| offer.serial)) == Some(*serial) {
                undo.0.set(None);
            }
        },
    );
    view! {
        <div class="toasts">
            {move || state.notice.get().map(|text| view! {
                <div class="notice" role="alert">
                    <p>{text}</p>
                    <button type="button" on:click=handler(move |_| state.notice.set(None))>"Dismiss"</button>
                </div>
            })}
            {move || state.info.get().map(|text| view! { <p class="info" role="status">{text}</p> })}
            {move || undo.0.get().map(|offer| {
                let restore = offer.restore.clone();
                view! {
                    <div class="info undo" role="status">
                        <p>{offer.text.clone()}</p>
                        <button type="button" class="primary" on:click=handler(move |_| {
                            undo.0.set(None);
                            restore();
                        })>"Undo"</button>
                    </div>
                }
            })}
        </div>
    }
}
