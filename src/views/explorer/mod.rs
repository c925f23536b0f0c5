//! The topic explorer: a tree of every topic seen on a connection's
//! subscriptions with counts rolled up to parents, retained flags and a
//! one-line preview; the selected topic's last message (text, JSON with
//! fields to pick, hex, base64), its MQTT 5.0 properties and its history
//! with a sparkline; pin as widget; deletion of retained messages; the
//! connection's subscriptions; and the broker's `$SYS` figures.
//!
//! It stays smooth at thousands of topics and messages a second: the tree
//! is plain data fed once per frame ([`crate::client::Connections::with_tree`]), the view
//! looks at it at most [`REFRESHES_PER_SECOND`] times a second (and at once
//! after a user action), and only the rows in the scrolled-to window exist
//! in the DOM.

use crate::reactive::handler;
use leptos::prelude::*;

use crate::client::Connections;
use crate::model::broker_stats::BrokerStats;
use crate::model::topic_tree::{Expansion, TopicDetail, TreeRow};
use crate::state::AppState;

mod detail;
mod history;
mod payload;
mod subscriptions;
mod sys_panel;
mod tree;

use detail::DetailPane;
use subscriptions::Subscriptions;
use sys_panel::SysPanel;
use tree::TreeView;

/// How often the view follows the stream.
const REFRESHES_PER_SECOND: f64 = 4.0;
/// Height of one tree row in pixels (also a comfortable touch target).
const ROW_HEIGHT: f64 = 44.0;
/// Rows in the scrolling window.
const WINDOW_ROWS: usize = 10;
/// Rows rendered above and below the window so that scrolling shows no gap.
const OVERSCAN_ROWS: usize = 5;
/// History entries shown for a topic.
const HISTORY_SHOWN: usize = 50;

/// How the selected payload is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PayloadView {
    Text,
    Json,
    Hex,
    Base64,
}

/// The tree's window as last computed: rows in all, the first rendered, and the rows.
#[derive(Debug, Clone, Default, PartialEq)]
struct TreeWindow {
    total: usize,
    first: usize,
    rows: Vec<TreeRow>,
}

/// What the explorer shows, recomputed at the throttled rate.
#[derive(Debug, Clone, Default, PartialEq)]
struct Snapshot {
    window: TreeWindow,
    detail: Option<TopicDetail>,
    stats: Option<BrokerStats>,
    topics: usize,
    messages: u64,
    dropped: u64,
    /// Topics at or under the selection holding a retained message (listed only when deleting).
    retained_under_selection: usize,
}

/// What the explorer keeps while another screen is shown: the connection
/// looked at, the open levels, the search and the selected topic.
#[derive(Clone, Copy)]
pub struct ExplorerMemory {
    connection: RwSignal<String>,
    expansion: RwSignal<Expansion>,
    search: RwSignal<String>,
    selected: RwSignal<Option<String>>,
}

impl ExplorerMemory {
    /// Nothing picked yet.
    pub fn new() -> Self {
        ExplorerMemory {
            connection: RwSignal::new(String::new()),
            expansion: RwSignal::new(Expansion::default()),
            search: RwSignal::new(String::new()),
            selected: RwSignal::new(None),
        }
    }
}

impl Default for ExplorerMemory {
    fn default() -> Self {
        Self::new()
    }
}

/// The explorer panel.
#[component]
pub fn TopicExplorer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let ExplorerMemory { connection, expansion, search, selected } = expect_context::<ExplorerMemory>();
    crate::reactive::effect(move || {
        // Follows the first connection until the user picks one.
        let first = state.connections.with(|views| {
            views.first().map(|view| view.profile.with_untracked(|profile| profile.id.clone())).unwrap_or_default()
        });
        let current = connection.get_untracked();
        let exists = state.connection(&current).is_some();
        if current.is_empty() || !exists {
            connection.set(first);
        }
    });
    let scroll_top = RwSignal::new(0.0_f64);
    let snapshot = RwSignal::new(Snapshot::default());

    let refresh = move || {
        let connection = connection.get_untracked();
        let first = ((scroll_top.get_untracked() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN_ROWS);
        let range = first..first + WINDOW_ROWS + 2 * OVERSCAN_ROWS;
        let selected = selected.get_untracked();
        let next = connections.with_tree(&connection, |tree| {
            let (total, rows) = expansion.with_untracked(|expansion| {
                search.with_untracked(|search| tree.visible_rows(expansion, search, range))
            });
            Snapshot {
                window: TreeWindow { total, first, rows },
                detail: selected.as_deref().and_then(|topic| tree.detail(topic, HISTORY_SHOWN)),
                stats: BrokerStats::from_tree(tree),
                topics: tree.topic_count(),
                messages: tree.message_count(),
                dropped: tree.dropped_messages,
                retained_under_selection: selected
                    .as_deref()
                    .map(|topic| tree.retained_count_under(topic))
                    .unwrap_or_default(),
            }
        });
        if snapshot.with_untracked(|current| *current != next) {
            snapshot.set(next);
        }
    };
    // The stream: at the throttled rate.
    let follow = super::throttle::throttled(REFRESHES_PER_SECOND, refresh);
    let revision = connections.tree_revision();
    crate::reactive::effect(move || {
        revision.track();
        follow();
    });
    // The user: at once.
    crate::reactive::effect(move || {
        connection.track();
        expansion.track();
        search.track();
        selected.track();
        scroll_top.track();
        refresh();
    });

    let select = Callback::new(move |topic: String| selected.set(Some(topic)));
    let toggle = Callback::new(move |topic: String| expansion.update(|expansion| expansion.toggle(&topic)));
    let connections = move || state.connection_choices();
    let summary = move || {
        snapshot.with(|snapshot| {
            let mut text = format!(
                "{}, {}",
                crate::model::counted(snapshot.topics, "topic", "topics"),
                crate::model::counted(snapshot.messages, "message", "messages")
            );
            if snapshot.dropped > 0 {
                text.push_str(&format!(
                    "; the topic limit is reached, {} messages on further topics were not kept",
                    snapshot.dropped
                ));
            }
            text
        })
    };

    view! {
        <section class="panel explorer" aria-labelledby="explorer-title">
            <div class="panel-head">
                <h2 id="explorer-title">"Topics"</h2>
                <span class="hint" data-topic-count=move || snapshot.with(|snapshot| snapshot.topics)>{summary}</span>
            </div>
            <div class="explorer-controls">
                <label>"Topics of"
                    <select on:change=handler(move |event| {
                        connection.set(event_target_value(&event));
                        selected.set(None);
                    }) prop:value=move || connection.get()>
                        {move || connections().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Find a topic" <input type="search" bind:value=search placeholder="part of a topic" spellcheck="false" /></label>
                <div class="log-actions">
                    <button type="button" on:click=handler(move |_| expansion.update(|expansion| expansion.set_all(true)))>"Expand all"</button>
                    <button type="button" on:click=handler(move |_| expansion.update(|expansion| expansion.set_all(false)))>"Collapse all"</button>
                </div>
            </div>
            <Subscriptions connection />
            {move || snapshot.with(|snapshot| snapshot.stats.clone()).map(|stats| view! { <SysPanel stats /> })}
            <div class="explorer-body">
                <TreeView snapshot scroll_top selected select toggle />
                {move || match selected.get() {
                    None => view! { <p class="empty">"Select a topic to see its last message, properties and history."</p> }.into_any(),
                    Some(_) => view! { <DetailPane snapshot connection /> }.into_any(),
                }}
            </div>
        </section>
    }
}
