//! The route in the address bar and the route on screen, kept in step:
//! links are plain `<a href="#/topics">`, so back, forward, bookmarks and
//! a sub-path host work as the browser makes them; `hashchange` and
//! `popstate` bring a change in, [`navigate`] and [`replace_route`] take
//! one out. The last route is remembered for the next visit, and the
//! dashboard route follows the dashboard on screen (and the other way round).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::model::route::{Route, Screen};
use crate::state::AppState;
use crate::web::local_storage;

/// localStorage key of the last route.
const ROUTE_KEY: &str = "mqtt-deck.route";
/// localStorage key of the dashboard on screen, so that Dashboards opens it again.
const ACTIVE_DASHBOARD_KEY: &str = "mqtt-deck.active-dashboard";

/// The location's hash, `#…` or empty.
pub fn location_hash() -> String {
    web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default()
}

/// The route to start on: the address's, else the remembered one, else the first dashboard.
pub fn initial_route() -> Route {
    Route::parse(&location_hash())
        .or_else(|| stored(ROUTE_KEY).and_then(|hash| Route::parse(&hash)))
        .unwrap_or_default()
}

/// The dashboard shown last, if remembered.
pub fn remembered_dashboard() -> Option<String> {
    stored(ACTIVE_DASHBOARD_KEY)
}

fn stored(key: &str) -> Option<String> {
    local_storage().and_then(|storage| storage.get_item(key).ok().flatten())
}

fn remember(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Goes to `route`, as a new history entry.
pub fn navigate(state: AppState, route: Route) {
    if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
        if location_hash() != route.hash() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&route.hash()));
        }
    }
    state.route.set(route);
}

/// Shows `route` in place of the current history entry (a resolved
/// `#/d`, a share link that was dealt with).
pub fn replace_route(state: AppState, route: Route) {
    if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&route.hash()));
    }
    if state.route.with_untracked(|current| *current != route) {
        state.route.set(route);
    }
}

/// Follows the address bar for the app's life.
pub fn follow_location(state: AppState) {
    let from_location = Closure::<dyn Fn()>::new(move || {
        if let Some(route) = Route::parse(&location_hash()) {
            if state.route.with_untracked(|current| *current != route) {
                state.route.set(route);
            }
        }
    });
    if let Some(window) = web_sys::window() {
        for event in ["hashchange", "popstate"] {
            let _ = window.add_event_listener_with_callback(event, from_location.as_ref().unchecked_ref());
        }
    }
    from_location.forget();

    // A dashboard route puts its dashboard on screen.
    crate::reactive::effect(move || {
        let wanted = state.route.with(|route| route.dashboard().map(str::to_owned));
        if let Some(wanted) = wanted.filter(|wanted| state.active_dashboard.get_untracked() != *wanted) {
            state.active_dashboard.set(wanted);
        }
    });
    // One naming no dashboard, or one that is not (or no longer) there,
    // shows the dashboard on screen, else the remembered one, else the
    // first, and says so in the address.
    crate::reactive::effect(move || {
        let route = state.route.get();
        let Screen::Dashboard(wanted) = &route.screen else { return };
        let resolved = state.dashboards.with(|all| {
            let exists = |id: &str| all.iter().any(|dashboard| dashboard.id == id);
            if wanted.as_deref().is_some_and(exists) {
                return None;
            }
            Some(state.active_dashboard.get_untracked())
                .filter(|id| exists(id))
                .or_else(|| remembered_dashboard().filter(|id| exists(id)))
                .or_else(|| all.first().map(|dashboard| dashboard.id.clone()))
        });
        let Some(resolved) = resolved else { return };
        if state.active_dashboard.get_untracked() != resolved {
            state.active_dashboard.set(resolved.clone());
        }
        replace_route(state, Route { screen: Screen::Dashboard(Some(resolved)), kiosk: route.kiosk });
    });
    // The dashboard on screen changed in code (added, pinned to, deleted):
    // the dashboard route follows it.
    Effect::new(move |previous: Option<String>| {
        let active = state.active_dashboard.get();
        if previous.is_some_and(|previous| previous != active) && !active.is_empty() {
            remember(ACTIVE_DASHBOARD_KEY, &active);
            let route = state.route.get_untracked();
            if matches!(route.screen, Screen::Dashboard(_)) && route.dashboard() != Some(active.as_str()) {
                navigate(state, Route { screen: Screen::Dashboard(Some(active.clone())), kiosk: route.kiosk });
            }
        }
        active
    });
    // Remembered for the next visit; kiosk mode is for the address that asks for it.
    crate::reactive::effect(move || {
        let route = state.route.get();
        remember(ROUTE_KEY, &Route { kiosk: false, ..route }.hash());
    });
}
