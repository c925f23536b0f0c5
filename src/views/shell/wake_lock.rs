//! The screen wake lock of kiosk mode (a wall tablet should not go dark).
//! `navigator.wakeLock` is reached by reflection: web-sys keeps it behind
//! its unstable APIs. The browser drops the lock when the page is hidden,
//! so it is asked for again each time the page is shown; where the API is
//! missing (older Safari, Firefox without the flag) nothing happens.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::AppState;

/// Holds a screen wake lock while `wanted` is true and the page is visible.
pub fn hold_while(wanted: Signal<bool>) {
    let visible = expect_context::<AppState>().visible;
    let sentinel = StoredValue::new_local(None::<JsValue>);
    crate::reactive::effect(move || {
        let want = wanted.get() && visible.get();
        match (want, sentinel.get_value()) {
            (true, None) => leptos::task::spawn_local(async move {
                if let Some(lock) = request_screen_lock().await {
                    if wanted.get_untracked() {
                        sentinel.set_value(Some(lock));
                    } else {
                        release(&lock);
                    }
                }
            }),
            (false, Some(lock)) => {
                release(&lock);
                sentinel.set_value(None);
            }
            _ => {}
        }
    });
}

async fn request_screen_lock() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let wake_lock = js_sys::Reflect::get(&navigator, &"wakeLock".into()).ok().filter(|lock| !lock.is_undefined())?;
    let request: js_sys::Function = js_sys::Reflect::get(&wake_lock, &"request".into()).ok()?.dyn_into().ok()?;
    let promise: js_sys::Promise = request.call1(&wake_lock, &"screen".into()).ok()?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

fn release(lock: &JsValue) {
    if let Ok(release) =
        js_sys::Reflect::get(lock, &"release".into()).and_then(|release| release.dyn_into::<js_sys::Function>())
    {
        let _ = release.call0(lock);
    }
}
