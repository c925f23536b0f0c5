//! Getting settings in and out: export to a JSON file, import from one, a
//! share link for the dashboard on screen, the banner that offers to import
//! a share link that was opened, and the theme switch. Imports add and
//! never overwrite (see [`crate::model::share::plan_import`]); a broken,
//! foreign or oversized file is reported and changes nothing.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::client::Connections;
use crate::model::config::{parse_config, MAX_FILE_SIZE};
use crate::model::share::{export_json, share_file, share_fragment};
use crate::model::ConfigFile;
use crate::state::AppState;
use crate::web::{download, BrowserError};

/// Adds what `file` brings to the current settings and says what happened.
fn apply_import(state: AppState, connections: Connections, file: ConfigFile) {
    let summary = connections.import(file);
    state.notice.set(None);
    state.info.set(Some(summary));
}

/// Export, import and share, shown in edit mode.
#[component]
pub fn FileActions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let share_link = RwSignal::new(None::<String>);
    let export = move |_| {
        if let Err(error) = download("mqtt-deck.json", &export_json(&state.settings_snapshot())) {
            state.notice.set(Some(format!("The export failed: {error}")));
        }
    };
    let import = move |event: leptos::ev::Event| {
        let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let name = file.name();
            let loaded = match read_file(&file).await {
                Ok(text) => parse_config(&text, &name).map_err(|error| error.to_string()),
                Err(error) => Err(error.to_string()),
            };
            match loaded {
                Ok(config) => apply_import(state, connections, config),
                Err(error) => {
                    state.info.set(None);
                    state.notice.set(Some(format!("Nothing was imported. {error}")));
                }
            }
        });
    };
    let share = move |_| {
        let settings = state.settings_snapshot();
        let active = state.active_dashboard.get_untracked();
        let Some(dashboard) = settings.dashboards.iter().find(|dashboard| dashboard.id == active) else { return };
        let fragment = share_fragment(&share_file(&settings, dashboard));
        let page = web_sys::window().and_then(|window| window.location().href().ok()).unwrap_or_default();
        let base = page.split('#').next().unwrap_or_default().to_owned();
        share_link.set(Some(format!("{base}{fragment}")));
    };
    view! {
        <div class="file-actions" role="group" aria-label="Settings file">
            <button type="button" on:click=export>"Export"</button>
            <label class="button-like">"Import" <input type="file" accept="application/json,.json" class="visually-hidden" on:change=import /></label>
            <button type="button" on:click=share>"Share link"</button>
        </div>
        {move || share_link.get().map(|link| view! {
            <label class="share-link">"Link to this dashboard and its connection settings (passwords are never included)"
                <input type="text" readonly prop:value=link on:focus=move |event| {
                    if let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                } />
            </label>
        })}
    }
}

/// Offers to import a share link's dashboard.
#[component]
pub fn ShareBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
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
                <button type="button" class="primary" on:click=move |_| {
                    if let Some(file) = state.pending_share.get_untracked() { apply_import(state, connections, file) }
                    finish();
                }>"Import"</button>
                <button type="button" on:click=move |_| finish()>"Dismiss"</button>
            </div>
        })}
    }
}

/// Cycles the theme: system, light, dark.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    Effect::new(move |_| {
        let theme = state.theme.get();
        if let Some(root) =
            web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element())
        {
            let _ = match &theme {
                Some(theme) => root.set_attribute("data-theme", theme),
                None => root.remove_attribute("data-theme"),
            };
        }
    });
    let next = move |_| {
        state.theme.update(|theme| {
            *theme = match theme.as_deref() {
                None => Some("light".into()),
                Some("light") => Some("dark".into()),
                _ => None,
            }
        });
        state.settings_changed();
    };
    let label = move || format!("Theme: {}", state.theme.get().unwrap_or_else(|| "system".into()));
    view! {
        <button type="button" class="secondary theme" aria-label=label title=label on:click=next>
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2" />
                <path d="M12 3a9 9 0 0 1 0 18z" fill="currentColor" />
            </svg>
        </button>
    }
}

async fn read_file(file: &web_sys::File) -> Result<String, BrowserError> {
    let size = file.size() as usize;
    if size > MAX_FILE_SIZE {
        return Err(BrowserError(format!(
            "{} is {size} bytes; files over {MAX_FILE_SIZE} bytes are refused",
            file.name()
        )));
    }
    let text = JsFuture::from(file.text()).await?;
    text.as_string().ok_or_else(|| BrowserError(format!("{} could not be read as text", file.name())))
}
