//! The widget form's list fields as rows instead of `a | b | c` text: a
//! chart's series (topic, JSON path, label, colour, axis), a gauge's
//! colour bands (from-value, colour) and an indicator's looks per state
//! (payload or range, label, colour, icon). Each row edits its own cells; the
//! field's text, which the model reads and checks, is rebuilt from them,
//! so the checks stay in one place (`model::widget_form`).

use crate::reactive::handler;
use leptos::prelude::*;

use crate::model::dashboard::{Axis, Icon, SeriesSpec, StateLook, Threshold};
use crate::model::widget_form::{parse_series_line, series_line, FormField};
use crate::widgets::chart_draw::PALETTE;

/// What a cell holds.
#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Text(&'static str),
    Topic,
    Number,
    Colour,
    /// One of these (value, label); a new row takes the first.
    Choice(&'static [(&'static str, &'static str)]),
    /// A built-in icon, or none.
    Icon,
}

const AXES: &[(&str, &str)] = &[("left", "Left"), ("right", "Right")];

/// A kind of row: its cells (label and kind) and how a line of the field's text splits and joins.
struct RowKind {
    cells: &'static [(&'static str, Cell)],
    split: fn(&str) -> Vec<String>,
    join: fn(&[String]) -> String,
    add_label: &'static str,
    row_name: &'static str,
}

const SERIES: RowKind = RowKind {
    cells: &[
        ("Topic", Cell::Topic),
        ("JSON path", Cell::Text("$.power")),
        ("Label", Cell::Text("Power")),
        ("Colour", Cell::Colour),
        ("Axis", Cell::Choice(AXES)),
    ],
    split: |line| {
        let spec = parse_series_line(line);
        let axis = if spec.axis == Some(Axis::Right) { "right" } else { "left" };
        vec![
            spec.topic,
            spec.value_path.unwrap_or_default(),
            spec.label.unwrap_or_default(),
            spec.color.unwrap_or_default(),
            axis.to_owned(),
        ]
    },
    join: |cells| {
        let optional = |index: usize| Some(cells[index].trim().to_owned()).filter(|text| !text.is_empty());
        let spec = SeriesSpec {
            topic: cells[0].trim().to_owned(),
            value_path: optional(1),
            label: optional(2),
            color: optional(3),
            axis: (cells[4] == "right").then_some(Axis::Right),
        };
        series_line(&spec)
    },
    add_label: "Add series",
    row_name: "Series",
};

const BANDS: RowKind = RowKind {
    cells: &[("From value", Cell::Number), ("Colour", Cell::Colour)],
    split: |line| {
        let (value, colour) = line.trim().split_once(char::is_whitespace).unwrap_or((line.trim(), ""));
        vec![value.to_owned(), colour.trim().to_owned()]
    },
    join: |cells| {
        let band = Threshold {
            value: model::number::parse_number(&cells[0]).unwrap_or(f64::NAN),
            color: cells[1].trim().to_owned(),
        };
        // An unreadable value is kept as typed, so the form can say what is wrong with it.
        if band.value.is_nan() {
            format!("{} {}", cells[0].trim(), band.color)
        } else {
            format!("{} {}", band.value, band.color)
        }
    },
    add_label: "Add colour band",
    row_name: "Colour band",
};

const STATES: RowKind = RowKind {
    cells: &[
        ("Payload, or range min..max", Cell::Text("LOCKED or 20..50")),
        ("Label", Cell::Text("Locked")),
        ("Colour", Cell::Colour),
        ("Icon", Cell::Icon),
    ],
    split: |line| {
        let mut cells: Vec<String> = line.split('|').map(|cell| cell.trim().to_owned()).collect();
        cells.resize(4, String::new());
        cells
    },
    join: |cells| {
        let line = cells.iter().map(|cell| cell.trim()).collect::<Vec<_>>().join(" | ");
        // A readable state is written as the model writes it; anything else as typed, so the form can say why.
        StateLook::from_line(&line).map_or(line, |state| state.to_line())
    },
    add_label: "Add state",
    row_name: "State",
};

/// One row: a stable key for `<For>` and a signal per cell.
#[derive(Clone)]
struct Row {
    key: u32,
    cells: Vec<RwSignal<String>>,
}

/// A list field (series, colour bands, states) as rows, writing `text`;
/// topic cells suggest from `topics_list`.
#[component]
pub(super) fn FieldRows(field: FormField, text: RwSignal<String>, topics_list: &'static str) -> impl IntoView {
    let kind = match field {
        FormField::Series => &SERIES,
        FormField::States => &STATES,
        _ => &BANDS,
    };
    let next_key = StoredValue::new(0u32);
    let make_row = move |cells: Vec<String>| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        Row { key, cells: cells.into_iter().map(RwSignal::new).collect() }
    };
    let initial: Vec<Row> = text
        .get_untracked()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| make_row((kind.split)(line)))
        .collect();
    let rows = RwSignal::new(initial);
    let write_back = move || {
        let lines: Vec<String> = rows.with_untracked(|rows| {
            rows.iter()
                .map(|row| (kind.join)(&row.cells.iter().map(|cell| cell.get_untracked()).collect::<Vec<_>>()))
                .collect()
        });
        text.set(lines.join("\n"));
    };
    let add = move |_| {
        let count = rows.with_untracked(Vec::len);
        let colour = PALETTE[count % PALETTE.len()];
        let cells = kind
            .cells
            .iter()
            .map(|(_, cell)| match cell {
                Cell::Colour => format!("#{:02x}{:02x}{:02x}", colour.0, colour.1, colour.2),
                Cell::Choice(options) => options[0].0.to_owned(),
                _ => String::new(),
            })
            .collect();
        rows.update(|rows| rows.push(make_row(cells)));
        write_back();
    };
    view! {
        <div class="form-rows wide" role="group" aria-label=kind.row_name>
            <For each=move || rows.get() key=|row| row.key let:row>
                {
                    let key = row.key;
                    let position = move || rows.with(|rows| rows.iter().position(|other| other.key == key).unwrap_or(0) + 1);
                    let remove = move |_| {
                        rows.update(|rows| rows.retain(|other| other.key != key));
                        write_back();
                    };
                    view! {
                        <fieldset class="form-row">
                            <legend>{move || format!("{} {}", kind.row_name, position())}</legend>
                            {kind.cells.iter().zip(row.cells.clone()).map(|((label, cell), value)| {
                                let on_input = move |event| { value.set(event_target_value(&event)); write_back(); };
                                match *cell {
                                    Cell::Colour => view! {
                                        <label>{*label}<input type="color" prop:value=move || value.get() on:input=handler(on_input)
                                            data-empty=move || value.with(String::is_empty).to_string() /></label>
                                    }.into_any(),
                                    Cell::Choice(options) => view! {
                                        <label>{*label}
                                            <select prop:value=move || value.get() on:change=handler(on_input)>
                                                {options.iter().map(|(value, name)| view! { <option value=*value>{*name}</option> }).collect_view()}
                                            </select>
                                        </label>
                                    }.into_any(),
                                    Cell::Icon => view! {
                                        <label>{*label}
                                            <select prop:value=move || value.get() on:change=handler(on_input)>
                                                <option value="">"none"</option>
                                                {Icon::ALL.map(|icon| view! { <option value=icon.name()>{icon.name()}</option> }).collect_view()}
                                            </select>
                                        </label>
                                    }.into_any(),
                                    Cell::Number => view! {
                                        <label>{*label}<input type="text" inputmode="decimal" prop:value=move || value.get() on:input=handler(on_input) /></label>
                                    }.into_any(),
                                    Cell::Topic => view! {
                                        <label>{*label}<input type="text" list=topics_list spellcheck="false" autocomplete="off"
                                            placeholder="e.g. home/energy/power" prop:value=move || value.get() on:input=handler(on_input) /></label>
                                    }.into_any(),
                                    Cell::Text(hint) => view! {
                                        <label>{*label}<input type="text" spellcheck="false" autocomplete="off"
                                            placeholder=format!("e.g. {hint}") prop:value=move || value.get() on:input=handler(on_input) /></label>
                                    }.into_any(),
                                }
                            }).collect_view()}
                            <button type="button" class="danger" on:click=handler(remove)
                                aria-label=move || format!("Remove {} {}", kind.row_name.to_ascii_lowercase(), position())>"Remove"</button>
                        </fieldset>
                    }
                }
            </For>
            <button type="button" on:click=handler(add)>{kind.add_label}</button>
        </div>
    }
}
