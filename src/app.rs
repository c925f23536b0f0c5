//! Start-up and layout. Settings come from `?config=<url>` when given, else
//! from this browser's saved settings, else the demo dashboard hosted next
//! to the app (`demo.json`, bound to the device simulator on the local
//! broker), else the bare local default; a file that cannot be fetched or
//! parsed is reported on the page and the app carries on with the next source.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::client::Connections;
use crate::dialog::Dialogs;
use crate::model::config::MAX_FILE_SIZE;
use crate::model::config::{parse_config, parse_saved_settings};
use crate::model::share::{parse_shared_json, read_share_fragment, SharedFragment};
use crate::model::ConfigFile;
use crate::state::AppState;
use crate::views::explorer::ExplorerMemory;
use crate::views::shell::navigation::{follow_location, initial_route, location_hash};
use crate::views::shell::Shell;
use crate::views::toasts::Undo;
use crate::web::clock::now_ms;
use crate::web::deflate::inflate_raw;
use crate::web::{local_storage, BrowserError};

/// localStorage key of the saved settings; the version is part of the key
/// and, inside the JSON, the file format's own `version`.
pub const SETTINGS_KEY: &str = "mqtt-deck.settings.v1";
/// The demo dashboard, served next to the app.
const DEMO_FILE: &str = "demo.json";

/// The whole app: state, connections and the dialogs by context, then the shell.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let connections = Connections::new(state);
    provide_context(connections);
    provide_context(Dialogs::new());
    provide_context(Undo::new());
    provide_context(ExplorerMemory::new());
    crate::pwa::install(state);
    // Read before anything rewrites the address: a share link is a hash too.
    let shared = take_shared_dashboard();
    state.route.set(initial_route());
    follow_location(state);
    let history_restored = crate::client::history::keep(state, connections);
    leptos::task::spawn_local(async move {
        // The history is read while the settings load, and restored before any connection opens.
        let history = crate::web::history::start_loading();
        let config = load_startup_config(state).await;
        // Bound before the drivers start, so the first SUBSCRIBE carries the widgets' topics.
        connections.bind_dashboards(&config.dashboards);
        crate::client::history::restore(state, connections, history_restored, history, &config).await;
        start_connections(state, connections, config);
        if let Some(shared) = shared {
            offer_shared_dashboard(state, shared).await;
        }
    });
    // The topic bindings follow the dashboards: a widget added binds (and
    // subscribes) its topic, a widget deleted or re-pointed drops it.
    crate::reactive::effect(move || state.dashboards.with(|dashboards| connections.bind_dashboards(dashboards)));
    crate::client::alerts::watch(state, connections);
    // The one place settings are persisted: after every user change.
    crate::reactive::effect(move || {
        if state.settings_revision.get() > 0 {
            match state.settings_snapshot().to_storage_json() {
                Ok(text) => save_settings(&text),
                Err(error) => state.notice.set(Some(format!("the settings could not be saved: {error}"))),
            }
        }
    });
    // The clock that staleness and "updated … ago" are measured against.
    if let Ok(clock) = set_interval_with_handle(move || state.clock_ms.set(now_ms()), Duration::from_secs(1)) {
        on_cleanup(move || clock.clear());
    }
    view! { <Shell /> }
}

fn start_connections(state: AppState, connections: Connections, mut config: ConfigFile) {
    state.settings_rest.set(ConfigFile {
        connections: Vec::new(),
        dashboards: Vec::new(),
        saved_messages: Vec::new(),
        ..config.clone()
    });
    // The route's dashboard, else the remembered one, else the first (see `navigation`).
    state.dashboards.set(std::mem::take(&mut config.dashboards));
    state.theme.set(config.theme.take());
    state.saved_messages.set(std::mem::take(&mut config.saved_messages));
    connections.start_all(config.connections);
}

/// What a share link (`#z=…`, or an older `#config=…`) in the address holds.
fn take_shared_dashboard() -> Option<SharedFragment> {
    read_share_fragment(&location_hash())
}

/// Offers the shared dashboard for import, once the settings are loaded; a
/// broken link says why.
async fn offer_shared_dashboard(state: AppState, shared: SharedFragment) {
    let file = match shared {
        SharedFragment::File(file) => file.map_err(|error| error.to_string()),
        SharedFragment::Deflated(Err(error)) => Err(error.to_string()),
        SharedFragment::Deflated(Ok(bytes)) => match inflate_raw(&bytes, MAX_FILE_SIZE).await {
            Ok(text) => parse_shared_json(text).map_err(|error| error.to_string()),
            Err(error) => Err(format!("the shared link cannot be unpacked: {error}")),
        },
    };
    match file {
        Ok(file) => state.pending_share.set(Some(file)),
        Err(error) => state.notice.set(Some(format!("The shared link cannot be imported: {error}"))),
    }
}

/// Settings for this page load, reporting any source that failed.
async fn load_startup_config(state: AppState) -> ConfigFile {
    if let Some(url) = config_url_from_location() {
        match fetch_text(&url).await {
            Ok(text) => match parse_config(&text, &url) {
                Ok(config) => {
                    // Kept for a visit without network (a wall tablet, a phone bookmark),
                    // without the passwords the user did not ask to remember.
                    if let (Some(storage), Ok(copy)) = (local_storage(), config.to_storage_json()) {
                        let _ = storage.set_item(&config_copy_key(&url), &copy);
                    }
                    return config;
                }
                Err(error) => state.notice.set(Some(error.to_string())),
            },
            Err(error) => {
                let copy = local_storage().and_then(|storage| storage.get_item(&config_copy_key(&url)).ok().flatten());
                if let Some(config) = copy.and_then(|text| parse_config(&text, &url).ok()) {
                    state.notice.set(Some(format!(
                        "could not load settings from {url} ({error}); showing the copy kept from the last visit"
                    )));
                    return config;
                }
                state.notice.set(Some(format!("could not load settings from {url}: {error}")));
            }
        }
    }
    let (saved, problems) = load_saved_settings();
    if !problems.is_empty() {
        state.notice.set(Some(problems.join(" ")));
    }
    if let Some(saved) = saved {
        return saved;
    }
    // A first visit: the demo, which is a normal settings file (a missing one is no error).
    match fetch_text(DEMO_FILE).await.map(|text| parse_config(&text, DEMO_FILE)) {
        Ok(Ok(demo)) => demo,
        Ok(Err(error)) => {
            state.notice.set(Some(error.to_string()));
            ConfigFile::default()
        }
        Err(_) => ConfigFile::default(),
    }
}

/// localStorage key of the last copy of the settings file at `url`.
fn config_copy_key(url: &str) -> String {
    format!("mqtt-deck.config-copy:{url}")
}

fn config_url_from_location() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("config").filter(|url| !url.is_empty())
}

/// The saved settings, if any, and a sentence for each thing that could not
/// be used. Unreadable text is copied to a backup key before anything can
/// overwrite it.
fn load_saved_settings() -> (Option<ConfigFile>, Vec<String>) {
    let Some(storage) = local_storage() else { return (None, Vec::new()) };
    let Ok(Some(text)) = storage.get_item(SETTINGS_KEY) else { return (None, Vec::new()) };
    match parse_saved_settings(&text, "the settings saved in this browser") {
        Ok(loaded) => (Some(loaded.config), loaded.problems),
        Err(error) => {
            let backup = format!("{SETTINGS_KEY}.unreadable");
            let _ = storage.set_item(&backup, &text);
            (None, vec![format!("{error}. They were copied to {backup:?} and the default settings are used.")])
        }
    }
}

fn save_settings(text: &str) {
    if let Some(storage) = local_storage() {
        if let Err(error) = storage.set_item(SETTINGS_KEY, text) {
            web_sys::console::error_1(&error);
        }
    }
}

async fn fetch_text(url: &str) -> Result<String, BrowserError> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "the answer was not an HTTP response")?;
    if !response.ok() {
        return Err(BrowserError(format!("HTTP {} {}", response.status(), response.status_text())));
    }
    let text = JsFuture::from(response.text()?).await?;
    Ok(text.as_string().ok_or("the response body is not text")?)
}
