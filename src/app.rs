//! Start-up and layout. Settings come from `?config=<url>` when given, else
//! from this browser's saved settings, else the local default broker; a
//! file that cannot be fetched or parsed is reported on the page and the
//! app carries on with the next source.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::client;
use crate::model::config::parse_config;
use crate::model::ConfigFile;
use crate::state::{AppState, ConnectionStatus, ConnectionView};
use crate::views::{ConnectionBar, MessageLogView, PublishPanel};

/// localStorage key of the saved settings file.
pub const SETTINGS_KEY: &str = "mqtt-deck/settings";

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    leptos::task::spawn_local(async move {
        let config = load_startup_config(state).await;
        start_connections(state, config);
    });
    view! {
        <header class="topbar">
            <h1 class="brand">"MQTT Deck"</h1>
            <ConnectionBar />
        </header>
        {move || state.notice.get().map(|text| view! { <p class="notice" role="alert">{text}</p> })}
        <main class="layout">
            <PublishPanel />
            <MessageLogView />
        </main>
    }
}

fn start_connections(state: AppState, config: ConfigFile) {
    let views: Vec<ConnectionView> = config
        .connections
        .iter()
        .map(|profile| ConnectionView {
            profile: RwSignal::new(profile.clone()),
            status: RwSignal::new(ConnectionStatus::default()),
        })
        .collect();
    state.connections.set(views.clone());
    for (profile, view) in config.connections.into_iter().zip(views) {
        client::start(profile, view, state.log);
    }
}

/// Settings for this page load, reporting any source that failed.
async fn load_startup_config(state: AppState) -> ConfigFile {
    if let Some(url) = config_url_from_location() {
        match fetch_text(&url).await {
            Ok(text) => match parse_config(&text, &url) {
                Ok(config) => return config,
                Err(error) => state.notice.set(Some(error.to_string())),
            },
            Err(error) => state.notice.set(Some(format!("could not load settings from {url}: {error}"))),
        }
    }
    match load_saved_config() {
        Ok(Some(config)) => config,
        Ok(None) => ConfigFile::default(),
        Err(error) => {
            state.notice.set(Some(error));
            ConfigFile::default()
        }
    }
}

fn config_url_from_location() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get("config").filter(|url| !url.is_empty())
}

fn load_saved_config() -> Result<Option<ConfigFile>, String> {
    let Some(storage) = web_sys::window().and_then(|window| window.local_storage().ok().flatten()) else {
        return Ok(None);
    };
    match storage.get_item(SETTINGS_KEY) {
        Ok(Some(text)) => parse_config(&text, "the settings saved in this browser")
            .map(Some)
            .map_err(|error| format!("{error}. Using the default settings instead.")),
        _ => Ok(None),
    }
}

async fn fetch_text(url: &str) -> Result<String, String> {
    use crate::client::transport::describe_js_error;
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|error| describe_js_error(&error))?;
    let response: web_sys::Response =
        response.dyn_into().map_err(|_| "the answer was not an HTTP response".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {} {}", response.status(), response.status_text()));
    }
    let text = JsFuture::from(response.text().map_err(|error| describe_js_error(&error))?)
        .await
        .map_err(|error| describe_js_error(&error))?;
    text.as_string().ok_or_else(|| "the response body is not text".to_owned())
}
