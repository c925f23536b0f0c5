//! The Alerts screen (`#/alerts`): the alerts that are up, each with when
//! it rose, the value it rose on and an Acknowledge button; the past ones
//! with when they cleared; and the browser's notification and sound
//! switches. Rules are set on a widget (its form's Alerts field or the
//! file's `alerts`); every item has `data-alert-rule` and `data-alert-state`.

use crate::reactive::handler;
use leptos::prelude::*;

use crate::client::alerts::{switch, switched_on, NOTIFY_KEY, SOUND_KEY};
use crate::model::alerts::{AlertEntry, AlertState};
use crate::model::counted;
use crate::state::AppState;
use crate::web::clock::{date_time, wall_now_ms};
use crate::web::notify;

/// The whole screen.
#[component]
pub fn AlertsScreen() -> impl IntoView {
    let state = expect_context::<AppState>();
    // (up now, past), newest first.
    let lists = crate::reactive::memo(move || {
        state.alerts.with(|log| log.entries.iter().cloned().partition::<Vec<_>, _>(|entry| entry.cleared_at.is_none()))
    });
    let shown = move |past: bool| {
        move || {
            let entries = lists.with(|(up, gone)| if past { gone.clone() } else { up.clone() });
            entries.into_iter().map(|entry| alert_item(state, entry)).collect_view()
        }
    };
    let acknowledge_all = move |_| {
        state.alerts.update(|log| {
            log.acknowledge_all(wall_now_ms());
        })
    };
    view! {
        <section class="panel alerts" aria-labelledby="alerts-title">
            <div class="panel-head">
                <h2 id="alerts-title">"Alerts"</h2>
                {move || state.alerts.with(|log| log.active_count() > 0).then(|| view! {
                    <button type="button" on:click=handler(acknowledge_all)>"Acknowledge all"</button>
                })}
            </div>
            <AlertSwitches />
            <h3>{move || format!("Up now: {}", counted(lists.with(|(up, _)| up.len()), "alert", "alerts"))}</h3>
            {move || lists.with(|(up, _)| up.is_empty()).then(|| view! {
                <p class="empty">"Nothing is wrong. Rules are set on a widget: the Alerts field of its form, e.g. \"above 30 | for 10 | notify\"."</p>
            })}
            <ul class="alert-list">{shown(false)}</ul>
            <div class="panel-head">
                <h3>"Past"</h3>
                {move || lists.with(|(_, gone)| !gone.is_empty()).then(|| view! {
                    <button type="button" on:click=handler(move |_| state.alerts.update(|log| log.forget_past()))>"Forget past alerts"</button>
                })}
            </div>
            {move || lists.with(|(_, gone)| gone.is_empty()).then(|| view! { <p class="empty">"No past alerts."</p> })}
            <ul class="alert-list past">{shown(true)}</ul>
        </section>
    }
}

/// One alert, with its Acknowledge button while it is active. The lists
/// are short and change rarely, so they are rebuilt whole.
fn alert_item(state: AppState, entry: AlertEntry) -> impl IntoView {
    let alert_state = entry.state();
    let id = entry.id;
    let mut times = vec![format!("rose {}", date_time(entry.raised_at))];
    times.extend(entry.acknowledged_at.map(|at| format!("acknowledged {}", date_time(at))));
    times.extend(entry.cleared_at.map(|at| format!("cleared {}", date_time(at))));
    let value = match &entry.cleared_value {
        Some(cleared) => format!("{} → {cleared}", entry.value),
        None => entry.value.clone(),
    };
    let acknowledge_label = format!("Acknowledge {}", entry.title);
    view! {
        <li class="alert-item" data-alert-rule=entry.rule.hook() data-alert-state=alert_state.as_str()>
            <strong class="alert-title">{entry.title}</strong>
            <span class="alert-value">{value}</span>
            <span class="alert-times">{times.join(" · ")}</span>
            {(alert_state == AlertState::Active).then(|| view! {
                <button type="button" class="primary" aria-label=acknowledge_label
                    on:click=handler(move |_| state.alerts.update(|log| { log.acknowledge(id, wall_now_ms()); }))>"Acknowledge"</button>
            })}
        </li>
    }
}

/// Notifications (asked for only on this click) and the sound.
#[component]
fn AlertSwitches() -> impl IntoView {
    let permission = RwSignal::new(notify::permission());
    let notifying = RwSignal::new(switched_on(NOTIFY_KEY) && permission.with_untracked(|answer| answer == "granted"));
    let sound = RwSignal::new(switched_on(SOUND_KEY));
    let toggle_notifications = move |_| {
        if notifying.get_untracked() {
            notifying.set(false);
            switch(NOTIFY_KEY, false);
            return;
        }
        leptos::task::spawn_local(async move {
            let answer = notify::request_permission().await;
            let granted = answer == "granted";
            permission.set(answer);
            notifying.set(granted);
            switch(NOTIFY_KEY, granted);
        });
    };
    let explain = move || match permission.get().as_str() {
        "denied" => "Notifications are blocked for this site in the browser's settings.",
        "unsupported" => "This browser cannot show notifications.",
        _ if notifying.get() => "Rules marked notify show a notification while this page is open, in front or not.",
        _ => "Rules marked notify can show a notification; the browser asks first.",
    };
    view! {
        <div class="alert-switches">
            <button type="button" aria-pressed=move || notifying.get().to_string() on:click=handler(toggle_notifications)
                disabled=move || permission.with(|answer| answer == "denied" || answer == "unsupported")>
                {move || if notifying.get() { "Notifications on" } else { "Turn on notifications" }}
            </button>
            <label class="checkbox"><input type="checkbox" prop:checked=sound on:change=handler(move |event| {
                let on = event_target_checked(&event);
                sound.set(on);
                switch(SOUND_KEY, on);
                if on { notify::beep(); }
            }) />"Sound"</label>
            <p class="hint">{explain}</p>
        </div>
    }
}
