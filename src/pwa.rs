//! The installable, offline-capable side of the app: it registers the
//! service worker (`sw.js`, which keeps the app shell), tells the user when
//! a new version is ready and reloads into it on request, looks for a new
//! version when the page comes back to the front, and says when the page is
//! offline.

use crate::reactive::handler;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;

use crate::state::AppState;

#[wasm_bindgen(inline_js = r#"
export function register_service_worker(url, onUpdateReady) {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.register(url).then((registration) => {
        const offer = () => { if (registration.waiting && navigator.serviceWorker.controller) onUpdateReady(); };
        offer();
        registration.addEventListener('updatefound', () => {
            const worker = registration.installing;
            if (worker) worker.addEventListener('statechange', () => { if (worker.state === 'installed') offer(); });
        });
    }).catch((error) => console.warn('MQTT Deck: the service worker could not be registered:', error));
}
export function check_for_update() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker.getRegistration().then((registration) => registration && registration.update()).catch(() => {});
}
export function apply_update() {
    navigator.serviceWorker.getRegistration().then((registration) => {
        if (!registration || !registration.waiting) { location.reload(); return; }
        navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
        registration.waiting.postMessage('skip-waiting');
    });
}
"#)]
extern "C" {
    fn register_service_worker(url: &str, on_update_ready: &js_sys::Function);
    /// Looks for a new deployment (called when the page comes back to the front).
    pub fn check_for_update();
    fn apply_update();
}

/// Registers the service worker, once per page, and reads whether the
/// browser is online (the `online` and `offline` events are followed by
/// [`crate::web::page`], through [`crate::client::Connections`]).
pub fn install(state: AppState) {
    // Called at most once per page, when a new version is waiting: it lives as long as the page.
    let on_update = Closure::<dyn FnMut()>::new(move || state.update_ready.set(true));
    register_service_worker("sw.js", on_update.as_ref().unchecked_ref());
    on_update.forget();
    if let Some(window) = web_sys::window() {
        state.online.set(window.navigator().on_line());
    }
}

/// "You are offline" and "a new version is ready", when they apply.
#[component]
pub fn AppStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        {move || (!state.online.get()).then(|| view! {
            <p class="offline" role="status">
                "You are offline. Your dashboards and settings in this browser are intact; connections resume when the network is back."
            </p>
        })}
        {move || state.update_ready.get().then(|| view! {
            <div class="banner" role="dialog" aria-label="Update">
                <p>"A new version of MQTT Deck is ready."</p>
                <button type="button" class="primary" on:click=handler(move |_| apply_update())>"Reload"</button>
                <button type="button" on:click=handler(move |_| state.update_ready.set(false))>"Later"</button>
            </div>
        })}
    }
}
