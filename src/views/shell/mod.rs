//! The app's frame: a header with the brand, the navigation, a status chip
//! per connection and the theme switch; notices; and one screen at a time,
//! chosen by the route (`data-screen` on its root). On a phone the header
//! is one 56 px row and the navigation is a tab bar at the bottom, in the
//! thumb's reach. Kiosk mode (`#/d/<id>?kiosk`) shows the dashboard and the
//! status chips alone and keeps the screen awake where the browser can.
//!
//! - `navigation.rs`: the route in the address bar and on screen, in step;
//! - `wake_lock.rs`: the kiosk's screen wake lock.

pub mod navigation;
mod wake_lock;

use leptos::prelude::*;

use super::toasts::Toasts;
use super::{
    AlertsScreen, ConnectionBar, ConnectionManager, Dashboards, MessageLogView, PublishPanel, ShareBanner, ThemeSwitch,
    TopicExplorer,
};
use crate::dialog::DialogHost;
use crate::model::route::{Route, Screen};
use crate::state::AppState;

/// The whole page.
#[component]
pub fn Shell() -> impl IntoView {
    let state = expect_context::<AppState>();
    let kiosk = crate::reactive::memo(move || state.route.with(|route| route.kiosk));
    // Rebuilt when the screen changes, not when the dashboard id does.
    let screen = crate::reactive::memo(move || state.route.with(|route| route.screen.hook()));
    crate::reactive::effect(move || {
        if kiosk.get() {
            state.editing.set(false);
        }
    });
    wake_lock::hold_while(kiosk.into());
    view! {
        <header class="topbar" class:kiosk=kiosk>
            {move || (!kiosk.get()).then(|| view! {
                <h1 class="brand"><a href="#/d">"MQTT Deck"</a></h1>
                <Navigation />
            })}
            <ConnectionBar />
            {move || (!kiosk.get()).then(|| view! { <ThemeSwitch /> })}
        </header>
        <Toasts />
        <crate::pwa::AppStatus />
        <ShareBanner />
        // Messages received since the page loaded, on every screen (the benchmarks read it).
        <main id="main" class="screen" class:kiosk=kiosk data-screen=move || screen.get()
            data-messages-received=move || state.log.with(|log| log.received_total)>
            {move || match screen.get() {
                "topics" => view! { <div class="layout single"><TopicExplorer /></div> }.into_any(),
                "publish" => view! { <div class="layout single"><PublishPanel /></div> }.into_any(),
                "log" => view! { <div class="layout single"><MessageLogView /></div> }.into_any(),
                "connections" => view! { <div class="layout single"><ConnectionManager /></div> }.into_any(),
                "alerts" => view! { <div class="layout single"><AlertsScreen /></div> }.into_any(),
                _ => view! { <Dashboards /> }.into_any(),
            }}
        </main>
        <DialogHost />
    }
}

/// The links to the screens: a top bar on wide screens, a bottom tab bar on phones.
#[component]
fn Navigation() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dashboards_href = move || {
        let active = state.active_dashboard.get();
        Route::to(Screen::Dashboard(Some(active).filter(|id| !id.is_empty()))).hash()
    };
    let active_alerts = crate::reactive::memo(move || state.alerts.with(|log| log.active_count()));
    let link = move |hook: &'static str, label: &'static str, href: Signal<String>, icon: &'static str| {
        let current = move || state.route.with(|route| route.screen.hook() == hook);
        // The alerts that are up and not yet acknowledged, on the Alerts link.
        let badge = move || {
            let count = if hook == "alerts" { active_alerts.get() } else { 0 };
            (count > 0).then(|| view! { <span class="nav-badge" data-alert-count=count>{count}</span> })
        };
        view! {
            <a href=href class="nav-link" aria-current=move || current().then_some("page")>
                <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor"
                    stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=icon /></svg>
                <span>{label}</span>
                {badge}
            </a>
        }
    };
    let fixed = |screen: Screen| Signal::stored(Route::to(screen).hash());
    view! {
        <nav class="app-nav" aria-label="Screens">
            {link("dashboard", "Dashboards", Signal::derive(dashboards_href), "M4 4h7v7H4zM13 4h7v4h-7zM13 10h7v10h-7zM4 13h7v7H4z")}
            {link("topics", "Topics", fixed(Screen::Topics), "M5 5h6M8 5v14M8 12h8M8 19h8M16 12h3M16 19h3")}
            {link("publish", "Publish", fixed(Screen::Publish), "M4 12l16-8-6 16-3-7z")}
            {link("log", "Log", fixed(Screen::Log), "M5 6h14M5 12h14M5 18h9")}
            {link("alerts", "Alerts", fixed(Screen::Alerts), "M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20h4")}
            {link("connections", "Connections", fixed(Screen::Connections), "M7 7a5 5 0 0 1 10 0v3M5 10h14v10H5zM12 14v2")}
        </nav>
    }
}
