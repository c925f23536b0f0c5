//! The topic explorer: a tree of every topic seen on a connection's
//! subscriptions with counts rolled up to parents, retained flags and a
//! one-line preview; the selected topic's last message (text, JSON with
//! fields to pick, hex, base64), its MQTT 5.0 properties and its history
//! with a sparkline; pin as widget; deletion of retained messages; the
//! connection's subscriptions; and the broker's `$SYS` figures.
//!
//! It stays smooth at thousands of topics and messages a second: the tree
//! is plain data fed once per frame ([`crate::client::explorer`]), the view
//! looks at it at most [`REFRESHES_PER_SECOND`] times a second (and at once
//! after a user action), and only the rows in the scrolled-to window exist
//! in the DOM.

use leptos::prelude::*;
use mqtt::topic::validate_topic_filter;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::client;
use crate::model::share::base64_encode;
use crate::model::topic_tree::{
    pinned_widget, suggest_widget_kind, BrokerStats, Expansion, HistoryEntry, TopicDetail, TopicMessage, TreeRow,
};
use crate::model::value::{read_payload, PathStep};
use crate::model::{JsonPath, SubscriptionSpec, WidgetKind};
use crate::state::AppState;
use crate::widgets::ask;

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
/// Payload bytes a text, hex or base64 view renders.
const VIEW_BYTES: usize = 64 * 1024;
/// JSON values the field picker renders before it stops.
const JSON_NODES_SHOWN: usize = 2000;

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

/// The explorer panel.
#[component]
pub fn TopicExplorer() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connection = RwSignal::new(String::new());
    Effect::new(move |_| {
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
    let expansion = RwSignal::new(Expansion::default());
    let search = RwSignal::new(String::new());
    let selected = RwSignal::new(None::<String>);
    let scroll_top = RwSignal::new(0.0_f64);
    let snapshot = RwSignal::new(Snapshot::default());

    let refresh = move || {
        let connection = connection.get_untracked();
        let first = ((scroll_top.get_untracked() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN_ROWS);
        let range = first..first + WINDOW_ROWS + 2 * OVERSCAN_ROWS;
        let selected = selected.get_untracked();
        let next = client::explorer::with_tree(&connection, |tree| {
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
    let revision = client::explorer::revision();
    Effect::new(move |_| {
        revision.track();
        follow();
    });
    // The user: at once.
    Effect::new(move |_| {
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
            let mut text = format!("{} topics, {} messages", snapshot.topics, snapshot.messages);
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
                    <select on:change=move |event| {
                        connection.set(event_target_value(&event));
                        selected.set(None);
                    } prop:value=move || connection.get()>
                        {move || connections().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Find a topic" <input type="search" bind:value=search placeholder="part of a topic" spellcheck="false" /></label>
                <div class="log-actions">
                    <button type="button" on:click=move |_| expansion.update(|expansion| expansion.set_all(true))>"Expand all"</button>
                    <button type="button" on:click=move |_| expansion.update(|expansion| expansion.set_all(false))>"Collapse all"</button>
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

/// The virtualised tree: a scrolling box as tall as every open row, holding
/// only the rows near the scroll position.
#[component]
fn TreeView(
    snapshot: RwSignal<Snapshot>,
    scroll_top: RwSignal<f64>,
    selected: RwSignal<Option<String>>,
    select: Callback<String>,
    toggle: Callback<String>,
) -> impl IntoView {
    let on_scroll = move |event: leptos::ev::Event| {
        if let Some(element) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
            scroll_top.set(f64::from(element.scroll_top()));
        }
    };
    let total = move || snapshot.with(|snapshot| snapshot.window.total);
    let offset = move || snapshot.with(|snapshot| snapshot.window.first as f64 * ROW_HEIGHT);
    // Keyboard: arrows move between rows and open or close them. Focus
    // follows the topic, not the slot: when the window slides under it,
    // the slot now showing that topic takes the focus.
    let tree_ref = NodeRef::<leptos::html::Div>::new();
    let focus_topic = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        snapshot.track();
        let (Some(topic), Some(tree)) = (focus_topic.get(), tree_ref.get()) else { return };
        let button = rendered_nodes(&tree)
            .into_iter()
            .find(|node| node.get_attribute("data-topic").as_deref() == Some(topic.as_str()))
            .and_then(|node| node.query_selector(".node-select").ok().flatten())
            .and_then(|button| button.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            let _ = button.focus();
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let Some(tree) = tree_ref.get() else { return };
        let nodes = rendered_nodes(&tree);
        let active =
            web_sys::window().and_then(|window| window.document()).and_then(|document| document.active_element());
        let Some(index) = active.and_then(|active| nodes.iter().position(|node| node.contains(Some(&active)))) else {
            return;
        };
        let expanded = nodes[index].get_attribute("aria-expanded");
        let topic = nodes[index].get_attribute("data-topic").unwrap_or_default();
        let target = match event.key().as_str() {
            "ArrowDown" => nodes.get(index + 1),
            "ArrowUp" => index.checked_sub(1).and_then(|above| nodes.get(above)),
            "ArrowRight" | "ArrowLeft" => {
                let wanted = if event.key() == "ArrowRight" { "false" } else { "true" };
                if expanded.as_deref() == Some(wanted) {
                    toggle.run(topic.clone());
                }
                Some(&nodes[index])
            }
            _ => return,
        };
        event.prevent_default();
        if let Some(target) = target {
            focus_topic.set(target.get_attribute("data-topic"));
        }
    };
    let on_focusout = move |event: leptos::ev::FocusEvent| {
        let staying = event
            .related_target()
            .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
            .zip(tree_ref.get())
            .is_some_and(|(target, tree)| tree.contains(Some(&target)));
        if !staying {
            focus_topic.set(None);
        }
    };
    view! {
        <div class="tree" role="tree" aria-label="Topic tree" on:scroll=on_scroll node_ref=tree_ref
            on:keydown=on_keydown on:focusout=on_focusout
            style=format!("height: {}px", WINDOW_ROWS as f64 * ROW_HEIGHT)>
            <Show when=move || total() == 0>
                <p class="empty">"No topics yet. Messages on this connection's subscriptions show up here."</p>
            </Show>
            <div class="tree-space" style=move || format!("height: {}px", total() as f64 * ROW_HEIGHT)>
                <div class="tree-rows" style=move || format!("transform: translateY({}px)", offset())>
                    {(0..WINDOW_ROWS + 2 * OVERSCAN_ROWS).map(|position| view! { <TreeSlot position snapshot selected select toggle /> }).collect_view()}
                </div>
            </div>
        </div>
    }
}

/// One row position of the window. Its elements stay while the stream
/// changes what they show (counts, previews), so a tap that lands between
/// two refreshes is never lost to a replaced element.
#[component]
fn TreeSlot(
    position: usize,
    snapshot: RwSignal<Snapshot>,
    selected: RwSignal<Option<String>>,
    select: Callback<String>,
    toggle: Callback<String>,
) -> impl IntoView {
    let row = Memo::new(move |_| snapshot.with(|snapshot| snapshot.window.rows.get(position).cloned()));
    let field = move |read: fn(&TreeRow) -> String| move || row.with(|row| row.as_ref().map(read).unwrap_or_default());
    let flag = move |read: fn(&TreeRow) -> bool| move || row.with(|row| row.as_ref().is_some_and(read));
    let topic = field(|row| row.topic.clone());
    let is_selected = move || {
        row.with(|row| row.as_ref().is_some_and(|row| selected.with(|selected| selected.as_ref() == Some(&row.topic))))
    };
    let has_children = flag(|row| row.has_children);
    let open = flag(|row| row.open);
    let twisty_label = move || {
        let topic = topic();
        format!(
            "{} {}",
            if open() { "Collapse" } else { "Expand" },
            if topic.is_empty() { "(empty level)" } else { &topic }
        )
    };
    let preview = field(|row| row.preview.clone().unwrap_or_default());
    view! {
        <div class="node" role="treeitem" hidden=move || row.with(Option::is_none)
            attr:aria-level=field(|row| (row.depth + 1).to_string())
            aria-expanded=move || has_children().then(|| open().to_string())
            aria-selected=move || is_selected().to_string() data-topic=topic data-count=field(|row| row.count.to_string())
            data-retained=move || flag(|row| row.retained)().to_string() style=field(|row| format!("--depth: {}", row.depth))>
            <button type="button" class="twisty" class:leaf=move || !has_children() aria-hidden=move || (!has_children()).then_some("true")
                tabindex=move || if has_children() { "0" } else { "-1" } aria-label=twisty_label
                on:click=move |_| if has_children() { toggle.run(topic()) }>
                {move || if !has_children() { "" } else if open() { "▾" } else { "▸" }}
            </button>
            <button type="button" class="node-select" on:click=move |_| select.run(topic())>
                <span class="node-name">{field(|row| if row.name.is_empty() { "(empty level)".to_owned() } else { row.name.clone() })}</span>
                <span class="badge">{field(|row| row.count.to_string())}</span>
                <span class="badge retained" title="the broker holds a retained message" hidden=move || !flag(|row| row.retained)()>"R"</span>
                <span class="node-preview">{preview}</span>
            </button>
        </div>
    }
}

/// The tree rows on show, top to bottom.
fn rendered_nodes(tree: &web_sys::HtmlDivElement) -> Vec<web_sys::Element> {
    let Ok(list) = tree.query_selector_all(".node:not([hidden])") else { return Vec::new() };
    (0..list.length()).filter_map(|index| list.item(index)?.dyn_into::<web_sys::Element>().ok()).collect()
}

/// The selected topic: last message, properties, history, actions.
#[component]
fn DetailPane(snapshot: RwSignal<Snapshot>, connection: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let payload_view = RwSignal::new(PayloadView::Text);
    let picked = RwSignal::new(None::<JsonPath>);
    let detail = Memo::new(move |_| snapshot.with(|snapshot| snapshot.detail.clone()));
    // A new topic starts with the whole payload and the JSON view when it is JSON.
    Effect::new(move |previous: Option<Option<String>>| {
        let topic = detail.with(|detail| detail.as_ref().map(|detail| detail.topic.clone()));
        if previous.as_ref() != Some(&topic) {
            picked.set(None);
            let is_json = detail.with_untracked(|detail| {
                detail
                    .as_ref()
                    .and_then(|detail| detail.last.as_ref())
                    .is_some_and(|last| parse_json(&last.payload).is_some())
            });
            payload_view.set(if is_json { PayloadView::Json } else { PayloadView::Text });
        }
        topic
    });

    let pin_kind = RwSignal::new(WidgetKind::Gauge);
    // Suggested when the topic or the picked field changes, not on every
    // message: a kind the user chose stays while the topic streams.
    Effect::new(move |previous: Option<(Option<String>, bool, Option<JsonPath>)>| {
        let (topic, has_message) = detail.with(|detail| {
            (
                detail.as_ref().map(|detail| detail.topic.clone()),
                detail.as_ref().is_some_and(|detail| detail.last.is_some()),
            )
        });
        let key = (topic, has_message, picked.get());
        if previous.as_ref() != Some(&key) {
            let suggestion = detail.with_untracked(|detail| {
                detail
                    .as_ref()
                    .and_then(|detail| detail.last.as_ref())
                    .map(|last| suggest_widget_kind(&last.payload, key.2.as_ref()))
            });
            pin_kind.set(suggestion.unwrap_or(WidgetKind::Text));
        }
        key
    });
    let pin = move |_| {
        let Some(detail) = detail.get_untracked() else { return };
        let payload = detail.last.as_ref().map(|last| last.payload.clone()).unwrap_or_default();
        let path_text = picked.get_untracked().and_then(|path| path.to_text()).filter(|text| text != "$");
        let kind = pin_kind.get_untracked();
        let taken: Vec<String> = state.dashboards.with_untracked(|all| {
            all.iter().flat_map(|dashboard| dashboard.widgets.iter().map(|widget| widget.id.clone())).collect()
        });
        let id = super::dashboard::unique_name("pinned", &taken);
        let widget =
            pinned_widget(id, kind, &connection.get_untracked(), &detail.topic, path_text.as_deref(), &payload);
        let title = super::dashboard::place_widget(state, widget);
        let field = path_text.map(|path| format!(" ({path})")).unwrap_or_default();
        state.info.set(Some(format!(
            "Pinned a {} for {}{field} to the dashboard \"{title}\".",
            kind.as_str(),
            detail.topic
        )));
    };

    let delete_retained = move |topics: Vec<String>| {
        let connection = connection.get_untracked();
        let mut failures = Vec::new();
        for topic in &topics {
            let publish = mqtt::Publish {
                retain: true,
                qos: mqtt::QoS::AtLeastOnce,
                ..mqtt::Publish::new(topic.clone(), Vec::new())
            };
            if let Err(error) = client::publish(&connection, publish) {
                failures.push(format!("{topic}: {error}"));
            }
        }
        if failures.is_empty() {
            state.info.set(Some(format!("Deleted the retained message of {} topic(s).", topics.len())));
        } else {
            state.notice.set(Some(format!("Could not delete every retained message: {}", failures.join("; "))));
        }
    };
    let delete_one = move |_| {
        let Some(topic) = detail.with_untracked(|detail| detail.as_ref().map(|detail| detail.topic.clone())) else {
            return;
        };
        if ask(&format!("Delete the retained message of \"{topic}\"? This publishes an empty retained message to it."))
        {
            delete_retained(vec![topic]);
        }
    };
    let delete_subtree = move |_| {
        let Some(topic) = detail.with_untracked(|detail| detail.as_ref().map(|detail| detail.topic.clone())) else {
            return;
        };
        let topics = client::explorer::with_tree(&connection.get_untracked(), |tree| tree.retained_under(&topic));
        let listed: Vec<&str> = topics.iter().take(10).map(String::as_str).collect();
        let more = topics.len().saturating_sub(listed.len());
        let question = format!(
            "Delete the retained messages of {} topics at or under \"{topic}\"?\n{}{}",
            topics.len(),
            listed.join("\n"),
            if more > 0 { format!("\n… and {more} more") } else { String::new() }
        );
        if ask(&question) {
            delete_retained(topics);
        }
    };
    let retained_here = move || {
        detail.with(|detail| {
            detail
                .as_ref()
                .and_then(|detail| detail.last.as_ref())
                .is_some_and(|last| last.retain && !last.payload.is_empty())
        })
    };
    let retained_below = move || snapshot.with(|snapshot| snapshot.retained_under_selection);

    // The parts that change with the stream are rebuilt on their own; the
    // tabs and actions stay, so a tap between two refreshes is never lost.
    let topic = Memo::new(move |_| {
        detail.with(|detail| detail.as_ref().map(|detail| detail.topic.clone()).unwrap_or_default())
    });
    let counts = move || {
        detail.with(|detail| {
            detail.as_ref().map(|detail| {
                format!("{} messages on this topic, {} at or under it", detail.own_count, detail.subtree_count)
            })
        })
    };
    let last = Memo::new(move |_| detail.with(|detail| detail.as_ref().and_then(|detail| detail.last.clone())));
    let history = Memo::new(move |_| {
        detail.with(|detail| detail.as_ref().map(|detail| detail.history.clone()).unwrap_or_default())
    });
    let is_json =
        Memo::new(move |_| last.with(|last| last.as_ref().is_some_and(|last| parse_json(&last.payload).is_some())));
    let tab = move |view: PayloadView, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (payload_view.get() == view).to_string()
                disabled=move || view == PayloadView::Json && !is_json.get() on:click=move |_| payload_view.set(view)>{label}</button>
        }
    };
    let picked_text = move || picked.get().and_then(|path| path.to_text()).filter(|text| text != "$");

    view! {
        <div class="topic-detail" aria-live="off">
            <h3 class="detail-topic" data-selected-topic=move || topic.get()>{move || topic.get()}</h3>
            <p class="hint">{counts}</p>
            <Show when=move || last.with(Option::is_some)
                fallback=|| view! { <p class="empty">"No message on this very topic; select one below it."</p> }>
                {move || last.get().map(|last| view! { <MessageMeta last /> })}
                <div class="segmented" role="group" aria-label="Payload view">
                    {tab(PayloadView::Text, "Text")}
                    {tab(PayloadView::Json, "JSON")}
                    {tab(PayloadView::Hex, "Hex")}
                    {tab(PayloadView::Base64, "Base64")}
                </div>
                {move || picked_text().map(|path| view! {
                    <p class="picked">"Field " <code data-picked-path=path.clone()>{path.clone()}</code>
                        <button type="button" on:click=move |_| picked.set(None)>"Use the whole payload"</button></p>
                })}
                {move || last.get().map(|last| payload_body(&last.payload, payload_view.get(), picked))}
                {move || last.get().map(|last| view! { <Properties properties=last.properties /> })}
            </Show>
            {move || view! { <Sparkline history=history.get() picked /> }}
            {move || view! { <History history=history.get() /> }}
            <div class="detail-actions">
                <label>"Widget kind"
                    <select on:change=move |event| if let Some(kind) = WidgetKind::from_name(&event_target_value(&event)) { pin_kind.set(kind) }
                        prop:value=move || pin_kind.get().as_str()>
                        {[WidgetKind::Gauge, WidgetKind::Chart, WidgetKind::Switch, WidgetKind::Indicator, WidgetKind::Text]
                            .into_iter().map(|kind| view! { <option value=kind.as_str()>{kind.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="primary" on:click=pin>
                    {move || match picked.get().and_then(|path| path.to_text()).filter(|text| text != "$") {
                        Some(path) => format!("Pin {path} as widget"),
                        None => "Pin as widget".to_owned(),
                    }}
                </button>
                <Show when=retained_here>
                    <button type="button" class="danger" on:click=delete_one>"Delete retained message"</button>
                </Show>
                <Show when=move || { retained_below() > usize::from(retained_here()) }>
                    <button type="button" class="danger" on:click=delete_subtree>
                        {move || format!("Delete {} retained messages under this topic", retained_below())}
                    </button>
                </Show>
            </div>
        </div>
    }
}

/// QoS, retain, arrival and size of the last message.
#[component]
fn MessageMeta(last: TopicMessage) -> impl IntoView {
    let origin = js_sys::Date::now() - client::now_ms();
    let retained = match (last.retain, last.payload.is_empty()) {
        (true, true) => "deleted (empty retained message)",
        (true, false) => "yes",
        (false, _) => "no",
    };
    definitions(
        "message-meta",
        vec![
            ("QoS", "qos", last.qos.to_string()),
            ("Retained", "retained", retained.to_owned()),
            ("Arrived", "arrived", clock_time(origin + last.at_ms)),
            ("Size", "size", format!("{} bytes", last.payload.len())),
        ],
    )
}

/// The payload in the chosen view, at most [`VIEW_BYTES`] of it.
fn payload_body(payload: &[u8], view: PayloadView, picked: RwSignal<Option<JsonPath>>) -> AnyView {
    let shown = &payload[..payload.len().min(VIEW_BYTES)];
    let cut_note = (payload.len() > VIEW_BYTES)
        .then(|| view! { <p class="hint">{format!("Showing the first {VIEW_BYTES} of {} bytes.", payload.len())}</p> });
    let body = match view {
        PayloadView::Json => match parse_json(payload) {
            Some(value) => {
                let mut budget = JSON_NODES_SHOWN;
                view! { <div class="json-view">{json_view(&value, JsonPath::default(), None, &mut budget, picked)}</div> }.into_any()
            }
            None => view! { <p class="field-error">"This payload is not JSON."</p> }.into_any(),
        },
        PayloadView::Text => {
            view! { <pre class="payload">{String::from_utf8_lossy(shown).into_owned()}</pre> }.into_any()
        }
        PayloadView::Hex => view! { <pre class="payload">{hex_dump(shown)}</pre> }.into_any(),
        PayloadView::Base64 => view! { <pre class="payload">{base64_encode(shown)}</pre> }.into_any(),
    };
    view! { {cut_note} {body} }.into_any()
}

/// A JSON value with each scalar a button that picks its path.
fn json_view(
    value: &Value,
    path: JsonPath,
    key: Option<String>,
    budget: &mut usize,
    picked: RwSignal<Option<JsonPath>>,
) -> AnyView {
    if *budget == 0 {
        return view! { <div class="json-more">"… (more not shown)"</div> }.into_any();
    }
    *budget -= 1;
    let label = key.map(|key| view! { <span class="json-key">{key}": "</span> });
    match value {
        Value::Object(members) => {
            let children: Vec<AnyView> = members
                .iter()
                .map(|(name, child)| {
                    json_view(child, path.child(PathStep::Key(name.clone())), Some(format!("{name:?}")), budget, picked)
                })
                .collect();
            view! { <div class="json-node">{label}"{"<div class="json-children">{children}</div>"}"</div> }.into_any()
        }
        Value::Array(items) => {
            let children: Vec<AnyView> = items
                .iter()
                .enumerate()
                .map(|(index, child)| {
                    json_view(child, path.child(PathStep::Index(index)), Some(index.to_string()), budget, picked)
                })
                .collect();
            view! { <div class="json-node">{label}"["<div class="json-children">{children}</div>"]"</div> }.into_any()
        }
        scalar => {
            let text = scalar.to_string();
            match path.to_text() {
                Some(path_text) => {
                    let is_picked = {
                        let path = path.clone();
                        move || picked.with(|picked| picked.as_ref() == Some(&path))
                    };
                    view! {
                        <div class="json-node">{label}
                            <button type="button" class="json-value" aria-pressed=move || is_picked().to_string() data-path=path_text.clone()
                                title=format!("Pick {path_text}")
                                on:pointerdown={
                                    // At once: the stream may replace this element before the click completes.
                                    let path = path.clone();
                                    move |_| picked.set(Some(path.clone()))
                                }
                                on:click=move |_| picked.set(Some(path.clone()))>{text}</button>
                        </div>
                    }
                    .into_any()
                }
                None => view! { <div class="json-node">{label}<span class="json-value">{text}</span></div> }.into_any(),
            }
        }
    }
}

/// The MQTT 5.0 properties of a message, those present.
#[component]
fn Properties(properties: mqtt::Properties) -> impl IntoView {
    let mut rows: Vec<(&'static str, &'static str, String)> = Vec::new();
    if let Some(content_type) = &properties.content_type {
        rows.push(("Content type", "content-type", content_type.clone()));
    }
    if let Some(utf8) = properties.payload_format_indicator {
        rows.push((
            "Payload format",
            "payload-format",
            if utf8 { "UTF-8 text".into() } else { "unspecified bytes".into() },
        ));
    }
    if let Some(topic) = &properties.response_topic {
        rows.push(("Response topic", "response-topic", topic.clone()));
    }
    if let Some(data) = &properties.correlation_data {
        rows.push(("Correlation data", "correlation-data", readable_bytes(data)));
    }
    if let Some(expiry) = properties.message_expiry_interval {
        rows.push(("Message expiry", "message-expiry", format!("{expiry} s")));
    }
    if !properties.subscription_identifiers.is_empty() {
        let ids: Vec<String> = properties.subscription_identifiers.iter().map(u32::to_string).collect();
        rows.push(("Subscription identifiers", "subscription-identifiers", ids.join(", ")));
    }
    let user_properties = properties.user_properties;
    view! {
        <h4>"MQTT 5.0 properties"</h4>
        {(rows.is_empty() && user_properties.is_empty()).then(|| view! { <p class="hint">"None (or an MQTT 3.1.1 connection)."</p> })}
        {definitions("message-properties", rows)}
        {(!user_properties.is_empty()).then(|| view! {
            <table class="user-properties">
                <caption>"User properties"</caption>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>
                    {user_properties.into_iter().map(|(name, value)| view! { <tr><td>{name}</td><td>{value}</td></tr> }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

/// The numbers in a topic's history (through the picked field) as a line.
#[component]
fn Sparkline(history: Vec<HistoryEntry>, picked: RwSignal<Option<JsonPath>>) -> impl IntoView {
    move || {
        let path = picked.get();
        // Oldest first, left to right.
        let values: Vec<f64> =
            history.iter().rev().filter_map(|entry| read_payload(&entry.preview, path.as_ref()).as_number()).collect();
        (values.len() >= 2).then(|| {
            let (width, height) = (240.0, 48.0);
            let low = values.iter().copied().fold(f64::INFINITY, f64::min);
            let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let span = (high - low).max(f64::EPSILON);
            let step = width / (values.len() - 1) as f64;
            let points: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(index, value)| format!("{:.1},{:.1}", index as f64 * step, height - 2.0 - (value - low) / span * (height - 4.0)))
                .collect();
            let caption = format!(
                "{} values, from {} to {}, last {}",
                values.len(),
                crate::model::value::format_number(low, None),
                crate::model::value::format_number(high, None),
                crate::model::value::format_number(values[values.len() - 1], None)
            );
            view! {
                <figure class="sparkline">
                    <svg viewBox=format!("0 0 {width} {height}") width=width height=height role="img" aria-label=caption.clone()>
                        <polyline points=points.join(" ") fill="none" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                    <figcaption class="hint">{caption}</figcaption>
                </figure>
            }
        })
    }
}

/// The topic's history, newest first.
#[component]
fn History(history: Vec<HistoryEntry>) -> impl IntoView {
    let origin = js_sys::Date::now() - client::now_ms();
    (!history.is_empty()).then(|| {
        view! {
            <h4>"History (newest first)"</h4>
            <ol class="history">
                {history.into_iter().map(|entry| view! {
                    <li>
                        <time>{clock_time(origin + entry.at_ms)}</time>
                        <span class="badge">"QoS " {entry.qos}</span>
                        {entry.retain.then(|| view! { <span class="badge retained">"retained"</span> })}
                        <span class="history-payload">{entry.text()}</span>
                    </li>
                }).collect_view()}
            </ol>
        }
    })
}

/// The connection's own subscriptions: add (with a warning for `#`), remove.
#[component]
fn Subscriptions(connection: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(String::new());
    let qos = RwSignal::new(0_u8);
    let filters = move || {
        state
            .connection(&connection.get())
            .map(|view| view.profile.with(|profile| profile.subscriptions.clone()))
            .unwrap_or_default()
    };
    let problem = move || {
        let text = filter.get();
        (!text.is_empty()).then(|| validate_topic_filter(&text).err().map(|error| error.to_string())).flatten()
    };
    let heavy = move || {
        let text = filter.get();
        (text == "#" || text == "$SYS/#" || text.starts_with("+/#")).then_some(
            "A filter this wide receives every message the broker routes; on a busy broker that can be thousands a second. \
             The explorer keeps up (it batches per frame and keeps at most 50,000 topics), but the network and battery pay for it.",
        )
    };
    let change_profile = move |change: &dyn Fn(&mut Vec<SubscriptionSpec>)| {
        if let Some(view) = state.connection(&connection.get_untracked()) {
            view.profile.update(|profile| change(&mut profile.subscriptions));
            state.settings_changed();
        }
    };
    let subscribe = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = filter.get_untracked().trim().to_owned();
        if text.is_empty() || validate_topic_filter(&text).is_err() {
            return;
        }
        let spec = SubscriptionSpec { filter: text.clone(), qos: qos.get_untracked() };
        change_profile(&|subscriptions| {
            subscriptions.retain(|existing| existing.filter != spec.filter);
            subscriptions.push(spec.clone());
        });
        client::add_subscription(&connection.get_untracked(), spec);
        filter.set(String::new());
    };
    view! {
        <details class="subscriptions">
            <summary>{move || format!("Subscriptions ({})", filters().len())}</summary>
            <ul class="subscription-list">
                {move || filters().into_iter().map(|spec| {
                    let removed = spec.filter.clone();
                    view! {
                        <li data-filter=spec.filter.clone()>
                            <code>{spec.filter.clone()}</code> <span class="badge">"QoS " {spec.qos}</span>
                            <button type="button" aria-label=format!("Unsubscribe {}", spec.filter) on:click=move |_| {
                                change_profile(&|subscriptions| subscriptions.retain(|existing| existing.filter != removed));
                                client::remove_subscription(&connection.get_untracked(), &removed);
                            }>"Unsubscribe"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="subscribe-form" on:submit=subscribe>
                <label>"Subscribe to filter"
                    <input type="text" bind:value=filter placeholder="home/# or $SYS/#" spellcheck="false" autocomplete="off"
                        aria-invalid=move || problem().is_some().to_string() />
                </label>
                <label>"Subscription QoS"
                    <select on:change=move |event| qos.set(event_target_value(&event).parse().unwrap_or(0)) prop:value=move || qos.get().to_string()>
                        <option value="0">"0"</option><option value="1">"1"</option><option value="2">"2"</option>
                    </select>
                </label>
                <button type="submit" disabled=move || filter.get().trim().is_empty() || problem().is_some()>"Subscribe"</button>
            </form>
            {move || problem().map(|problem| view! { <p class="field-error" role="alert">{problem}</p> })}
            {move || heavy().map(|note| view! { <p class="hint warn">{note}</p> })}
        </details>
    }
}

/// The broker's own figures from `$SYS/broker/…`.
#[component]
fn SysPanel(stats: BrokerStats) -> impl IntoView {
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
fn definitions(class: &'static str, entries: Vec<(&'static str, &'static str, String)>) -> impl IntoView {
    view! {
        <dl class=class>
            {entries.into_iter().map(|(term, key, value)| view! { <div><dt>{term}</dt><dd data-field=key>{value}</dd></div> }).collect_view()}
        </dl>
    }
}

fn parse_json(payload: &[u8]) -> Option<Value> {
    // Objects and arrays only: a bare number or string reads better as text.
    let first = payload.iter().find(|byte| !byte.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') || payload.len() > VIEW_BYTES {
        return None;
    }
    // from_str: the app already carries that instantiation (from_slice would add ~10 KB of wasm).
    serde_json::from_str(std::str::from_utf8(payload).ok()?).ok()
}

/// 16 bytes a line: offset, hex, and the printable ASCII.
fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4);
    for (line, chunk) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|byte| format!("{byte:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&byte| if byte.is_ascii_graphic() || byte == b' ' { byte as char } else { '.' })
            .collect();
        out.push_str(&format!("{:08x}  {:<47}  {ascii}\n", line * 16, hex.join(" ")));
    }
    out
}

/// Text when it is printable UTF-8, else hex.
fn readable_bytes(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(char::is_control) => text.to_owned(),
        _ => format!("0x{}", bytes.iter().map(|byte| format!("{byte:02x}")).collect::<String>()),
    }
}

/// Local wall-clock time with milliseconds.
fn clock_time(epoch_ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds(),
        date.get_milliseconds()
    )
}
