//! Getting settings in and out: export to a JSON file, import from one
//! (share links are `share.rs`), and the theme switch. Imports add and
//! never overwrite a connection (see [`crate::model::import`]), and ask
//! before replacing a dashboard that is already here; a broken,
//! foreign or oversized file is reported and changes nothing.

use crate::reactive::handler;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::client::Connections;
use crate::dialog::{Choice, Dialogs, Question};
use crate::model::config::{parse_config, MAX_FILE_SIZE};
use crate::model::import::{conflicting_dashboards, ConflictChoice};
use crate::model::share::export_json;
use crate::model::ConfigFile;
use crate::state::AppState;
use crate::web::{download, BrowserError};

/// Adds what `file` brings to the current settings and says what
/// happened; when some of its dashboards exist here, asks first: replace
/// them, keep both, or cancel (which imports nothing).
pub(super) fn apply_import(state: AppState, connections: Connections, dialogs: Dialogs, file: ConfigFile) {
    let finish = move |file: ConfigFile, choice: ConflictChoice| {
        let summary = connections.import(file, choice);
        state.notice.set(None);
        state.info.set(Some(summary));
    };
    let conflicts = conflicting_dashboards(&state.settings_snapshot(), &file);
    if conflicts.is_empty() {
        return finish(file, ConflictChoice::KeepBoth);
    }
    let titles: Vec<String> = conflicts.iter().map(|title| format!("“{title}”")).collect();
    let question = match titles.as_slice() {
        [one] => format!("The dashboard {one} is already here"),
        many => format!("{} of these dashboards are already here", many.len()),
    };
    let detail = format!(
        "{} Replace it with the imported one, or keep both (the imported one is added beside it)?",
        if titles.len() > 1 { titles.join(", ") + "." } else { String::new() }
    );
    let replace = {
        let file = file.clone();
        Choice::new("Replace", move || finish(file.clone(), ConflictChoice::Replace)).danger()
    };
    let keep_both = Choice::new("Keep both", move || finish(file.clone(), ConflictChoice::KeepBoth));
    dialogs.ask(Question {
        title: question,
        detail: Some(detail.trim().to_owned()),
        choices: vec![keep_both, replace],
    });
}

/// Export, import and share, shown in edit mode.
#[component]
pub fn FileActions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let dialogs = expect_context::<Dialogs>();
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
                Ok(config) => apply_import(state, connections, dialogs, config),
                Err(error) => {
                    state.info.set(None);
                    state.notice.set(Some(format!("Nothing was imported. {error}")));
                }
            }
        });
    };
    let clear_history = move |_| {
        let clear = Choice::new("Clear history", move || {
            leptos::task::spawn_local(async move {
                crate::client::history::clear(connections).await;
                state.info.set(Some("The chart history and last values kept in this browser were deleted.".into()));
            });
        });
        let detail =
            "Every chart's points and every widget's last value kept in this browser are deleted. Settings stay.";
        dialogs.confirm("Clear the history?", Some(detail.into()), clear.danger());
    };
    view! {
        <div class="file-actions" role="group" aria-label="Settings file">
            <button type="button" on:click=handler(export)>"Export"</button>
            <button type="button" on:click=handler(clear_history)>"Clear history"</button>
            <label class="button-like">"Import" <input type="file" accept="application/json,.json" class="visually-hidden" on:change=handler(import) /></label>
            <super::share::ShareLink />
        </div>
    }
}

/// Cycles the theme: system, light, dark.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let state = expect_context::<AppState>();
    crate::reactive::effect(move || {
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
        <button type="button" class="secondary theme" aria-label=label title=label on:click=handler(next)>
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
