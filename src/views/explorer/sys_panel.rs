//! The broker's own figures from `$SYS/broker/…`.

use leptos::prelude::*;

use crate::model::broker_stats::BrokerStats;

/// The broker's own figures from `$SYS/broker/…`.
#[component]
pub(super) fn SysPanel(stats: BrokerStats) -> impl IntoView {
    let number = |value: Option<f64>| {
        value.map_or_else(|| "—".to_owned(), |value| crate::model::value::format_number(value, Some(1)))
    };
    let clients = stats.clients_connected.map_or_else(|| "—".to_owned(), |value| format!("{value:.0}"));
    let text = |value: Option<String>| value.unwrap_or_else(|| "—".into());
    definitions(
        "sys-panel",
        vec![
            ("Clients connected", "clients", clients),
            ("Received msg/s", "received", number(stats.received_per_s)),
            ("Sent msg/s", "sent", number(stats.sent_per_s)),
            ("Uptime", "uptime", text(stats.uptime)),
            ("Version", "version", text(stats.version)),
        ],
    )
}

/// A `<dl>` of (term, `data-field` key, value) entries; values are text, never markup.
pub(super) fn definitions(class: &'static str, entries: Vec<(&'static str, &'static str, String)>) -> impl IntoView {
    view! {
        <dl class=class>
            {entries.into_iter().map(|(term, key, value)| view! { <div><dt>{term}</dt><dd data-field=key>{value}</dd></div> }).collect_view()}
        </dl>
    }
}
