//! A topic's history, newest first, with what changed in the selected
//! message from the one before it (JSON-aware), its export, and the
//! sparkline of its numbers read through the picked field.

use crate::reactive::handler;
use leptos::prelude::*;

use crate::model::diff::{diff_payloads, Change, PayloadDiff, MAX_CHANGES};
use crate::model::payload_view::sparkline;
use crate::model::topic_tree::HistoryEntry;
use crate::model::value::format_number;
use crate::model::JsonPath;
use crate::web::clock::clock_time;
use crate::web::dom::{target_attribute, text_element, Element};

/// The numbers in a topic's history (through the picked field) as a line.
#[component]
pub(super) fn Sparkline(history: Vec<HistoryEntry>, picked: RwSignal<Option<JsonPath>>) -> impl IntoView {
    const WIDTH: f64 = 240.0;
    const HEIGHT: f64 = 48.0;
    move || {
        let path = picked.get();
        let payloads = history.iter().map(|entry| &entry.preview[..]);
        sparkline(payloads, path.as_ref(), WIDTH, HEIGHT).map(|line| {
            let caption = format!(
                "{} values, from {} to {}, last {}",
                line.count,
                format_number(line.low, None),
                format_number(line.high, None),
                format_number(line.last, None)
            );
            view! {
                <figure class="sparkline">
                    <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") width=WIDTH height=HEIGHT role="img" aria-label=caption.clone()>
                        <polyline points=line.points fill="none" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                    <figcaption class="hint">{caption}</figcaption>
                </figure>
            }
        })
    }
}

/// The topic's history, newest first, each message selectable to see
/// what changed in it from the one before; and its export. Built as plain
/// DOM (see [`crate::web::dom`]), with one click listener for every button.
#[component]
pub(super) fn History(
    history: Memo<Vec<HistoryEntry>>,
    compared: RwSignal<Option<u64>>,
    export: Callback<bool>,
) -> impl IntoView {
    let pane = NodeRef::<leptos::html::Div>::new();
    crate::reactive::effect(move || {
        let content = history.with(|history| history_content(history, compared.get()));
        if let (Some(pane), Some(content)) = (pane.get(), content) {
            pane.replace_children_with_node_1(&content.into_node());
        }
    });
    let on_click = move |event: leptos::ev::MouseEvent| {
        if let Some(format) = target_attribute(&event, "data-export") {
            export.run(format == "jsonl");
        } else if let Some(sequence) = target_attribute(&event, "data-sequence").and_then(|text| text.parse().ok()) {
            compared.set(Some(sequence));
        }
    };
    view! { <div class="history-pane" node_ref=pane on:click=handler(on_click)></div> }
}

/// The diff of the compared message (or the newest) against the one
/// before it, the export buttons and the list.
fn history_content(history: &[HistoryEntry], compared: Option<u64>) -> Option<Element> {
    let content = Element::new("div")?;
    if history.is_empty() {
        return Some(content);
    }
    let at = compared.and_then(|sequence| history.iter().position(|entry| entry.sequence == sequence)).unwrap_or(0);
    let newer = &history[at];
    let change = history.get(at + 1).map(|before| {
        let cut = before.payload_len > before.preview.len() || newer.payload_len > newer.preview.len();
        let heading = format!("Changes at {} from the message before", clock_time(newer.at_ms));
        [
            text_element("h4", "", &heading),
            cut.then(|| text_element("p", "hint", "Compares the start of each payload, as the history keeps it."))
                .flatten(),
        ]
        .into_iter()
        .chain(diff_elements(diff_payloads(&before.preview, &newer.preview)))
    });
    let export_button = |format: &str, label: &str| {
        Some(Element::new("button")?.attr("type", "button").attr("data-export", format).text(label))
    };
    let rows = history.iter().map(|entry| {
        let pick = Element::new("button")?
            .attr("type", "button")
            .attr("class", "history-pick")
            .attr("aria-pressed", if entry.sequence == newer.sequence { "true" } else { "false" })
            .attr("data-sequence", &entry.sequence.to_string())
            .children([
                text_element("time", "", &clock_time(entry.at_ms)),
                text_element("span", "badge", &format!("QoS {}", entry.qos.as_u8())),
                entry.retain.then(|| text_element("span", "badge retained", "retained")).flatten(),
                text_element("span", "history-payload", &entry.text()),
            ]);
        Some(Element::new("li")?.child(Some(pick)))
    });
    Some(content.children(change.into_iter().flatten()).children([
        text_element("h4", "", "History (newest first)"),
        Element::new("div").map(|actions| {
            actions
                .attr("class", "detail-actions")
                .children([export_button("csv", "Export CSV"), export_button("jsonl", "Export JSON Lines")])
        }),
        Element::new("ol").map(|list| list.attr("class", "history").children(rows)),
    ]))
}

/// A diff: the JSON members that differ, each with its path and its old
/// and new value; or the lines of text, added and removed ones marked.
fn diff_elements(diff: PayloadDiff) -> Vec<Option<Element>> {
    let (list, cut) = match diff {
        PayloadDiff::Json { changes, .. } if changes.is_empty() => (None, false),
        PayloadDiff::Text { lines, .. } if lines.is_empty() => (None, false),
        PayloadDiff::Json { changes, cut } => {
            let items = changes.into_iter().map(|field| {
                let value = |tag: &str, value: Option<String>| value.and_then(|value| text_element(tag, "", &value));
                Some(
                    Element::new("li")?
                        .attr("data-change", field.change.as_str())
                        .attr("data-path", &field.path)
                        .children([
                            text_element("code", "", &field.path),
                            text_element("span", "diff-kind", field.change.as_str()),
                            value("del", field.before),
                            value("ins", field.after),
                        ]),
                )
            });
            (
                Element::new("ul")
                    .map(|list| list.attr("class", "diff").attr("aria-label", "Changed fields").children(items)),
                cut,
            )
        }
        PayloadDiff::Text { lines, cut } => {
            let spans = lines.into_iter().map(|line| {
                let mark = match line.change {
                    Change::Added => "+ ",
                    Change::Removed => "- ",
                    _ => "  ",
                };
                Some(
                    Element::new("span")?
                        .attr("data-change", line.change.as_str())
                        .text(&format!("{mark}{}\n", line.text)),
                )
            });
            (
                Element::new("pre")
                    .map(|pre| pre.attr("class", "diff").attr("aria-label", "Changed lines").children(spans)),
                cut,
            )
        }
    };
    let same = list.is_none();
    vec![
        same.then(|| text_element("p", "hint", "The same payload as the message before.")).flatten(),
        list,
        cut.then(|| text_element("p", "hint", &format!("Only the first {MAX_CHANGES} changes are listed."))).flatten(),
    ]
}
