//! Sharing the dashboard on screen: a link that carries it and the
//! connections it uses (never a password), deflated to about a quarter so
//! that it fits a QR code, the natural way onto a phone; a Copy button;
//! and the banner that offers to import a link that was opened. Old
//! `#config=` links still import.

use crate::reactive::handler;
use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};
use wasm_bindgen::JsCast;

use super::files::apply_import;
use crate::client::Connections;
use crate::dialog::Dialogs;
use crate::model::share::{deflated_fragment, share_file, share_fragment, share_json};
use crate::state::AppState;
use crate::web::deflate::deflate_raw;

/// Modules of quiet zone around the QR code, as the standard asks.
const QUIET_ZONE: i32 = 4;

/// The Share link button and, once pressed, the link with Copy and its QR code.
#[component]
pub fn ShareLink() -> impl IntoView {
    let state = expect_context::<AppState>();
    let link = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<String>);
    let make = move |_| {
        let settings = state.settings_snapshot();
        let active = state.active_dashboard.get_untracked();
        let Some(dashboard) = settings.dashboards.iter().find(|dashboard| dashboard.id == active) else { return };
        let file = share_file(&settings, dashboard);
        let page = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
        let base = page.split('#').next().unwrap_or_default().to_owned();
        copied.set(None);
        leptos::task::spawn_local(async move {
            // The plain link where the browser cannot deflate (it still imports everywhere).
            let fragment = match deflate_raw(share_json(&file).as_bytes()).await {
                Ok(deflated) => deflated_fragment(&deflated),
                Err(_) => share_fragment(&file),
            };
            link.set(Some(format!("{base}{fragment}")));
        });
    };
    let copy = move |_| {
        let Some(text) = link.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            copied.set(Some(match crate::web::copy_text(&text).await {
                Ok(_) => "Copied.".to_owned(),
                Err(_) => "The browser did not allow copying: select the link and copy it yourself.".to_owned(),
            }));
        });
    };
    view! {
        <button type="button" on:click=handler(make)>"Share link"</button>
        {move || link.get().map(|text| view! {
            <div class="share-sheet">
                <label class="share-link">"Link to this dashboard and its connection settings (passwords are never included)"
                    <input type="text" readonly prop:value=text.clone() on:focus=handler(move |event: web_sys::FocusEvent| {
                        if let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    }) />
                </label>
                <div class="actions">
                    <button type="button" class="primary" on:click=handler(copy)>"Copy link"</button>
                    <span class="hint" role="status">{move || copied.get()}</span>
                </div>
                <QrImage text />
            </div>
        })}
    }
}

/// `text` as a QR code (error correction L, the smallest that fits), or why not.
#[component]
fn QrImage(text: String) -> impl IntoView {
    let Ok(code) = QrCode::encode_text(&text, QrCodeEcc::Low) else {
        return view! {
            <p class="hint">{format!("The link is {} characters, too long for a QR code: copy it instead.", text.len())}</p>
        }
        .into_any();
    };
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + QUIET_ZONE, y + QUIET_ZONE));
            }
        }
    }
    let extent = size + 2 * QUIET_ZONE;
    view! {
        <figure class="qr">
            <svg viewBox=format!("0 0 {extent} {extent}") width="240" height="240" role="img"
                aria-label="QR code of the link" shape-rendering="crispEdges">
                <rect width=extent height=extent fill="#ffffff" />
                <path d=path fill="#000000" />
            </svg>
            <figcaption class="hint">"Scan it with a phone's camera to open this dashboard there."</figcaption>
        </figure>
    }
    .into_any()
}

/// Offers to import a share link's dashboard.
#[component]
pub fn ShareBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let dialogs = expect_context::<Dialogs>();
    let description = move || {
        state.pending_share.with(|shared| {
            shared.as_ref().map(|file| {
                let titles: Vec<String> =
                    file.dashboards.iter().map(|dashboard| format!("{:?}", dashboard.title)).collect();
                format!(
                    "This link shares the dashboard {} with {} connection{}. Import it?",
                    titles.join(", "),
                    file.connections.len(),
                    if file.connections.len() == 1 { "" } else { "s" }
                )
            })
        })
    };
    let finish = move || {
        state.pending_share.set(None);
        // The link did its work; a reload should not ask again.
        crate::views::shell::navigation::replace_route(state, state.route.get_untracked());
    };
    view! {
        {move || description().map(|text| view! {
            <div class="banner" role="dialog" aria-label="Shared dashboard">
                <p>{text}</p>
                <button type="button" class="primary" on:click=handler(move |_| {
                    if let Some(file) = state.pending_share.get_untracked() { apply_import(state, connections, dialogs, file) }
                    finish();
                })>"Import"</button>
                <button type="button" on:click=handler(move |_| finish())>"Dismiss"</button>
            </div>
        })}
    }
}
