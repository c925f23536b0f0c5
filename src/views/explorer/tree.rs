//! The explorer's virtualised topic tree: only the rows near the scroll
//! position exist in the DOM, each a `treeitem` with its level and counts.

use crate::reactive::handler;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{Snapshot, OVERSCAN_ROWS, ROW_HEIGHT, WINDOW_ROWS};
use crate::model::topic_tree::TreeRow;

/// The virtualised tree: a scrolling box as tall as every open row, holding
/// only the rows near the scroll position.
#[component]
pub(super) fn TreeView(
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
    crate::reactive::effect(move || {
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
    let no_topics = crate::reactive::memo(move || total() == 0);
    view! {
        <div class="tree" role="tree" aria-label="Topic tree" on:scroll=handler(on_scroll) node_ref=tree_ref
            on:keydown=handler(on_keydown) on:focusout=handler(on_focusout)
            style=format!("height: {}px", WINDOW_ROWS as f64 * ROW_HEIGHT)>
            {move || no_topics.get().then(|| view! {
                <p class="empty">"No topics yet. Messages on this connection's subscriptions show up here."</p>
            })}
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
pub(super) fn TreeSlot(
    position: usize,
    snapshot: RwSignal<Snapshot>,
    selected: RwSignal<Option<String>>,
    select: Callback<String>,
    toggle: Callback<String>,
) -> impl IntoView {
    let row = crate::reactive::memo(move || snapshot.with(|snapshot| snapshot.window.rows.get(position).cloned()));
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
    // aria-level through ARIA reflection (`element.ariaLevel` sets the
    // attribute): tachys has no typed `aria-level`, and `attr:` put a
    // literal "attr:aria-level" attribute on the element.
    view! {
        <div class="node" role="treeitem" hidden=move || row.with(Option::is_none)
            prop:ariaLevel=field(|row| (row.depth + 1).to_string())
            aria-expanded=move || has_children().then(|| open().to_string())
            aria-selected=move || is_selected().to_string() data-topic=topic data-count=field(|row| row.count.to_string())
            data-retained=move || flag(|row| row.retained)().to_string() style=field(|row| format!("--depth: {}", row.depth))>
            <button type="button" class="twisty" class:leaf=move || !has_children() aria-hidden=move || (!has_children()).then_some("true")
                tabindex=move || if has_children() { "0" } else { "-1" } aria-label=twisty_label
                on:click=handler(move |_| if has_children() { toggle.run(topic()) })>
                {move || if !has_children() { "" } else if open() { "▾" } else { "▸" }}
            </button>
            <button type="button" class="node-select" on:click=handler(move |_| select.run(topic()))>
                <span class="node-name">{field(|row| if row.name.is_empty() { "(empty level)".to_owned() } else { row.name.clone() })}</span>
                <span class="badge">{field(|row| row.count.to_string())}</span>
                <span class="badge retained" title="the broker holds a retained message" hidden=move || !flag(|row| row.retained)()>"R"</span>
                <span class="node-preview">{preview}</span>
            </button>
        </div>
    }
}

/// The tree rows on show, top to bottom.
pub(super) fn rendered_nodes(tree: &web_sys::HtmlDivElement) -> Vec<web_sys::Element> {
    let Ok(list) = tree.query_selector_all(".node:not([hidden])") else { return Vec::new() };
    (0..list.length()).filter_map(|index| list.item(index)?.dyn_into::<web_sys::Element>().ok()).collect()
}
