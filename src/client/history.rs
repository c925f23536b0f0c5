//! History that survives a reload: at start, what the dashboards bind and
//! the explorer's messages are restored from the browser's store before
//! any connection opens (so they come before the first live message); from
//! then on, once a second, what arrived is saved in one transaction, never
//! per message. The limits come from the file's `"history"` object
//! ([`HistoryLimits`]); a store that cannot be opened or is full is said on
//! the page and never stops a dashboard.

use leptos::prelude::*;

use super::explorer::Trees;
use super::Connections;
use crate::model::history::HistoryLimits;
use crate::model::ConfigFile;
use crate::state::AppState;
use crate::web::clock::wall_origin_ms;
use crate::web::history as store;

fn limits(state: AppState) -> HistoryLimits {
    state.settings_rest.with_untracked(|rest| HistoryLimits::from_fields(&rest.unknown).unwrap_or_default())
}

/// Saves what arrived once a second, from the moment the history is
/// restored; returns the handle whose [`restore`] the start-up calls.
pub fn keep(state: AppState, connections: Connections) -> RwSignal<bool> {
    let restored = RwSignal::new(false);
    crate::reactive::effect(move || {
        state.clock_ms.track();
        let limits = limits(state);
        if !restored.get() || !limits.enabled {
            return;
        }
        let origin_ms = wall_origin_ms();
        connections.with_bindings(|bindings| bindings.save_history(origin_ms));
        let explorer = connections.take_unsaved_messages(origin_ms);
        if !explorer.is_empty() {
            store::write_messages(&explorer);
        }
        if let Some(notice) = store::commit(&limits) {
            state.notice.set(Some(notice));
        }
    });
    restored
}

/// Waits for the store read begun by [`store::start_loading`], restores
/// what `config`'s dashboards bind (bound already), and lets [`keep`] save.
pub async fn restore(
    state: AppState,
    connections: Connections,
    restored: RwSignal<bool>,
    loading: js_sys::Promise,
    config: &ConfigFile,
) {
    let enabled = HistoryLimits::from_fields(&config.unknown).unwrap_or_default().enabled;
    match store::loaded(loading).await {
        Ok(()) if enabled => {
            let known: Vec<&str> = config.connections.iter().map(|connection| connection.id.as_str()).collect();
            let (explorer, origin_ms) = (store::stored_messages(), wall_origin_ms());
            connections.change_trees(|trees| trees.restore(&explorer, &known, origin_ms));
            connections.with_bindings(|bindings| bindings.restore_history(origin_ms)).apply();
        }
        Ok(()) => store::forget_loaded(),
        Err(reason) => {
            state.notice.set(Some(format!("Chart history is not kept in this browser: {reason}.")));
            return;
        }
    }
    restored.set(true);
}

/// Empties the store, every chart and the explorer.
pub async fn clear(connections: Connections) {
    store::clear().await;
    connections.change_trees(Trees::clear);
    connections.with_bindings(|bindings| bindings.clear_series()).apply();
}
