//! What changed between two messages on a topic: field by field when both
//! payloads are JSON (changed, added and removed members, by their JSON
//! path), line by line otherwise (a longest-common-subsequence diff of the
//! lines that differ, with a little context). Both are bounded, so a 5 MB
//! payload costs a bounded diff.

use serde_json::Value;

use crate::value::{JsonPath, PathStep};

/// The most changes (fields or lines) a diff lists.
pub const MAX_CHANGES: usize = 200;
/// Lines of unchanged text kept around the changed ones.
const CONTEXT_LINES: usize = 2;
/// Above this many line pairs the changed block is shown as all removed,
/// then all added, rather than matched line by line.
const MAX_LINE_PAIRS: usize = 250_000;

/// How a field or a line differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only in the newer message.
    Added,
    /// Only in the older one.
    Removed,
    /// In both, with another value.
    Changed,
    /// The same in both (context lines of a text diff).
    Same,
}

impl Change {
    /// The word for it, as `data-change` carries it.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Same => "same",
        }
    }
}

/// One JSON member that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Its JSON path, like `$.pump.bar`.
    pub path: String,
    pub change: Change,
    /// Its value in the older message, as compact JSON.
    pub before: Option<String>,
    /// Its value in the newer one.
    pub after: Option<String>,
}

/// One line of a text diff.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChange {
    pub change: Change,
    pub text: String,
}

/// The difference between two payloads.
#[derive(Debug, Clone, PartialEq)]
pub enum PayloadDiff {
    /// Both are JSON: the members that differ (none when equal).
    Json { changes: Vec<FieldChange>, cut: bool },
    /// Text: the lines, changed ones marked (none when equal).
    Text { lines: Vec<LineChange>, cut: bool },
}

/// How `after` differs from `before`.
pub fn diff_payloads(before: &[u8], after: &[u8]) -> PayloadDiff {
    if let (Some(older), Some(newer)) = (crate::json_text::parse(before), crate::json_text::parse(after)) {
        let mut changes = Vec::new();
        let cut = !diff_json(&JsonPath::default(), &older, &newer, &mut changes);
        return PayloadDiff::Json { changes, cut };
    }
    let (older, newer) = (String::from_utf8_lossy(before), String::from_utf8_lossy(after));
    let mut lines = diff_lines(&older.lines().collect::<Vec<_>>(), &newer.lines().collect::<Vec<_>>());
    let cut = lines.len() > MAX_CHANGES;
    lines.truncate(MAX_CHANGES);
    PayloadDiff::Text { lines, cut }
}

/// Adds the members of `newer` that differ from `older` under `path`;
/// false once [`MAX_CHANGES`] are listed.
fn diff_json(path: &JsonPath, older: &Value, newer: &Value, changes: &mut Vec<FieldChange>) -> bool {
    match (older, newer) {
        (Value::Object(old_members), Value::Object(new_members)) => {
            for (name, old_value) in old_members {
                let member = path.child(PathStep::Key(name.clone()));
                let listed = match new_members.get(name) {
                    Some(new_value) => diff_json(&member, old_value, new_value, changes),
                    None => note(changes, &member, Change::Removed, Some(old_value), None),
                };
                if !listed {
                    return false;
                }
            }
            new_members.iter().filter(|(name, _)| !old_members.contains_key(*name)).all(|(name, new_value)| {
                note(changes, &path.child(PathStep::Key(name.clone())), Change::Added, None, Some(new_value))
            })
        }
        (Value::Array(old_items), Value::Array(new_items)) => (0..old_items.len().max(new_items.len())).all(|index| {
            let item = path.child(PathStep::Index(index));
            match (old_items.get(index), new_items.get(index)) {
                (Some(old_item), Some(new_item)) => diff_json(&item, old_item, new_item, changes),
                (old_item, new_item) => {
                    let change = if old_item.is_some() { Change::Removed } else { Change::Added };
                    note(changes, &item, change, old_item, new_item)
                }
            }
        }),
        _ if older == newer => true,
        _ => note(changes, path, Change::Changed, Some(older), Some(newer)),
    }
}

/// Lists one changed member; false when [`MAX_CHANGES`] are listed already.
fn note(
    changes: &mut Vec<FieldChange>,
    path: &JsonPath,
    change: Change,
    before: Option<&Value>,
    after: Option<&Value>,
) -> bool {
    if changes.len() == MAX_CHANGES {
        return false;
    }
    let path = path.to_text().unwrap_or_else(|| "$".to_owned());
    changes.push(FieldChange {
        path,
        change,
        before: before.map(Value::to_string),
        after: after.map(Value::to_string),
    });
    true
}

/// The lines of `older` and `newer`, marked; nothing when they are equal.
fn diff_lines(older: &[&str], newer: &[&str]) -> Vec<LineChange> {
    let prefix = older.iter().zip(newer).take_while(|(old, new)| old == new).count();
    let suffix =
        older[prefix..].iter().rev().zip(newer[prefix..].iter().rev()).take_while(|(old, new)| old == new).count();
    if prefix == older.len() && prefix == newer.len() {
        return Vec::new();
    }
    let line = |change, text: &str| LineChange { change, text: text.to_owned() };
    let mut lines: Vec<LineChange> =
        older[prefix.saturating_sub(CONTEXT_LINES)..prefix].iter().map(|text| line(Change::Same, text)).collect();
    let (old_middle, new_middle) = (&older[prefix..older.len() - suffix], &newer[prefix..newer.len() - suffix]);
    if old_middle.len() * new_middle.len() > MAX_LINE_PAIRS {
        lines.extend(old_middle.iter().map(|text| line(Change::Removed, text)));
        lines.extend(new_middle.iter().map(|text| line(Change::Added, text)));
    } else {
        lines.extend(matched_lines(old_middle, new_middle));
    }
    let after_middle = older.len() - suffix;
    lines.extend(
        older[after_middle..(after_middle + CONTEXT_LINES).min(older.len())]
            .iter()
            .map(|text| line(Change::Same, text)),
    );
    lines
}

/// A longest-common-subsequence diff of two blocks of lines.
fn matched_lines(older: &[&str], newer: &[&str]) -> Vec<LineChange> {
    let width = newer.len() + 1;
    // common[i * width + j]: the longest common run of older[i..] and newer[j..].
    let mut common = vec![0_u32; (older.len() + 1) * width];
    for i in (0..older.len()).rev() {
        for j in (0..newer.len()).rev() {
            common[i * width + j] = if older[i] == newer[j] {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j, mut lines) = (0, 0, Vec::new());
    while i < older.len() || j < newer.len() {
        let (change, text) = if i < older.len() && j < newer.len() && older[i] == newer[j] {
            i += 1;
            j += 1;
            (Change::Same, older[i - 1])
        } else if j < newer.len() && (i == older.len() || common[i * width + j + 1] > common[(i + 1) * width + j]) {
            j += 1;
            (Change::Added, newer[j - 1])
        } else {
            i += 1;
            (Change::Removed, older[i - 1])
        };
        lines.push(LineChange { change, text: text.to_owned() });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(before: &str, after: &str) -> Vec<(String, Change, Option<String>, Option<String>)> {
        match diff_payloads(before.as_bytes(), after.as_bytes()) {
            PayloadDiff::Json { changes, cut: false } => {
                changes.into_iter().map(|field| (field.path, field.change, field.before, field.after)).collect()
            }
            other => panic!("not a whole JSON diff: {other:?}"),
        }
    }

    #[test]
    fn json_members_are_marked_changed_added_and_removed_by_path() {
        let changes = fields(
            r#"{"t": 21.5, "h": 40, "pump": {"bar": 4.2, "on": true}, "old": 1, "list": [1, 2, 3]}"#,
            r#"{"t": 21.7, "h": 40, "pump": {"bar": 4.2, "on": false}, "list": [1, 5], "new": "x"}"#,
        );
        // Members in name order (serde_json's map), the added ones last.
        let expected = [
            ("$.list[1]", Change::Changed, Some("2"), Some("5")),
            ("$.list[2]", Change::Removed, Some("3"), None),
            ("$.old", Change::Removed, Some("1"), None),
            ("$.pump.on", Change::Changed, Some("true"), Some("false")),
            ("$.t", Change::Changed, Some("21.5"), Some("21.7")),
            ("$.new", Change::Added, None, Some("\"x\"")),
        ];
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(path, change, before, after)| {
                (path.to_owned(), change, before.map(str::to_owned), after.map(str::to_owned))
            })
            .collect();
        assert_eq!(changes, expected);
        assert!(fields(r#"{"a": [1, {"b": 2}]}"#, r#"{"a": [1, {"b": 2}]}"#).is_empty(), "equal payloads");
        assert_eq!(
            fields("21.5", "21.7"),
            [("$".to_owned(), Change::Changed, Some("21.5".into()), Some("21.7".into()))]
        );
        assert_eq!(fields(r#"{"a b": 1}"#, r#"{"a b": 2}"#)[0].0, "$['a b']");
    }

    #[test]
    fn a_json_diff_stops_at_the_limit_and_says_so() {
        let wide = |value: u32| {
            let members: Vec<String> = (0..300).map(|index| format!("\"k{index}\": {value}")).collect();
            format!("{{{}}}", members.join(","))
        };
        let PayloadDiff::Json { changes, cut } = diff_payloads(wide(1).as_bytes(), wide(2).as_bytes()) else {
            panic!("JSON")
        };
        assert_eq!((changes.len(), cut), (MAX_CHANGES, true));
    }

    #[test]
    fn text_is_diffed_by_lines_with_context() {
        let PayloadDiff::Text { lines, cut: false } =
            diff_payloads(b"one\ntwo\nthree\nfour\nfive\nsix", b"one\ntwo\nthree\n4\nfive\nsix\nseven")
        else {
            panic!("text")
        };
        let marked: Vec<(Change, &str)> = lines.iter().map(|line| (line.change, line.text.as_str())).collect();
        assert_eq!(
            marked,
            [
                (Change::Same, "two"),
                (Change::Same, "three"),
                (Change::Removed, "four"),
                (Change::Added, "4"),
                (Change::Same, "five"),
                (Change::Same, "six"),
                (Change::Added, "seven"),
            ]
        );
        assert_eq!(diff_payloads(b"ON", b"ON"), PayloadDiff::Text { lines: Vec::new(), cut: false });
        let PayloadDiff::Text { lines, .. } = diff_payloads(b"ON", b"OFF") else { panic!("text") };
        assert_eq!(lines.iter().map(|line| line.change).collect::<Vec<_>>(), [Change::Removed, Change::Added]);
    }

    #[test]
    fn a_huge_text_diff_is_bounded() {
        let older: String = (0..20_000).map(|index| format!("a{index}\n")).collect();
        let newer: String = (0..20_000).map(|index| format!("b{index}\n")).collect();
        let PayloadDiff::Text { lines, cut } = diff_payloads(older.as_bytes(), newer.as_bytes()) else {
            panic!("text")
        };
        assert_eq!((lines.len(), cut), (MAX_CHANGES, true));
        assert!(lines.iter().all(|line| line.change == Change::Removed));
    }
}
