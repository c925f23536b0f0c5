//! Value extraction: the JSON path a widget names (`$.a.b`, `$.a[0]`,
//! `$['key with space']`) and the reading of a payload as a number, a text
//! or an on/off state. Pure and allocation-light, because it runs for every
//! message a widget or chart series is bound to.

use serde_json::Value;

use super::ModelError;
pub use crate::number::parse_number;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// Why a JSON path does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path:?}: {problem}")]
pub struct PathError {
    /// The path as written.
    pub path: String,
    /// What is wrong with it.
    pub problem: String,
}

/// A parsed JSON path; empty means the whole payload.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonPath {
    steps: Vec<PathStep>,
}

impl JsonPath {
    /// Parses `$`, `$.a.b`, `$.a[0]`, `$['key with space']`, `$["k"]` and
    /// combinations. The error says where the path went wrong.
    pub fn parse(text: &str) -> Result<JsonPath, PathError> {
        let error = |problem: String| PathError { path: text.trim().to_owned(), problem };
        let text = text.trim();
        let Some(mut rest) = text.strip_prefix('$') else {
            return Err(error("must start with $ (for example $.temperature)".into()));
        };
        let mut steps = Vec::new();
        while !rest.is_empty() {
            if let Some(after_dot) = rest.strip_prefix('.') {
                let end = after_dot.find(['.', '[']).unwrap_or(after_dot.len());
                let key = &after_dot[..end];
                if key.is_empty() {
                    return Err(error("a name must follow each '.'".into()));
                }
                steps.push(PathStep::Key(key.to_owned()));
                rest = &after_dot[end..];
            } else if let Some(after_bracket) = rest.strip_prefix('[') {
                let close = after_bracket.find(']').ok_or_else(|| error("'[' without ']'".into()))?;
                let inside = after_bracket[..close].trim();
                let quoted = inside
                    .strip_prefix('\'')
                    .and_then(|inner| inner.strip_suffix('\''))
                    .or_else(|| inside.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')));
                if let Some(key) = quoted {
                    steps.push(PathStep::Key(key.to_owned()));
                } else {
                    let index = inside
                        .parse::<usize>()
                        .map_err(|_| error(format!("[{inside}] is neither an index nor a quoted name")))?;
                    steps.push(PathStep::Index(index));
                }
                rest = &after_bracket[close + 1..];
            } else {
                return Err(error(format!("expected '.' or '[' at {rest:?}")));
            }
        }
        Ok(JsonPath { steps })
    }

    /// Whether the path picks the whole payload.
    pub fn is_whole(&self) -> bool {
        self.steps.is_empty()
    }

    /// This path with one more step.
    pub fn child(&self, step: PathStep) -> JsonPath {
        let mut steps = self.steps.clone();
        steps.push(step);
        JsonPath { steps }
    }

    /// The path as text that [`JsonPath::parse`] reads back: `.name` where
    /// the name is a plain identifier, `['name']` otherwise. None when a key
    /// cannot be written (it holds `]` or both kinds of quote).
    pub fn to_text(&self) -> Option<String> {
        let mut text = String::from("$");
        for step in &self.steps {
            match step {
                PathStep::Index(index) => text.push_str(&format!("[{index}]")),
                PathStep::Key(key) if is_plain_name(key) => text.push_str(&format!(".{key}")),
                PathStep::Key(key) if key.contains(']') => return None,
                PathStep::Key(key) if !key.contains('\'') => text.push_str(&format!("['{key}']")),
                PathStep::Key(key) if !key.contains('"') => text.push_str(&format!("[\"{key}\"]")),
                PathStep::Key(_) => return None,
            }
        }
        Some(text)
    }

    /// The value the path points at inside `root`.
    pub fn select<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        self.steps.iter().try_fold(root, |value, step| match step {
            PathStep::Key(key) => value.get(key.as_str()),
            PathStep::Index(index) => value.get(*index),
        })
    }
}

fn is_plain_name(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Checks an optional path from a file, naming the field on error.
pub fn validate_path(path: Option<&str>, source_name: &str, field: &str) -> Result<(), ModelError> {
    match path {
        Some(path) => JsonPath::parse(path).map(drop).map_err(|error| ModelError::InvalidValue {
            source_name: source_name.to_owned(),
            field: field.to_owned(),
            problem: error.to_string(),
        }),
        None => Ok(()),
    }
}

/// What a widget reads from a payload.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// A number (a numeric payload, or a JSON number or numeric string at the path).
    Number(f64),
    /// Anything else, as text.
    Text(String),
    /// The path does not exist in this payload, or the payload is not JSON.
    Missing(String),
}

impl Reading {
    /// The number, if it is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Reading::Number(number) => Some(*number),
            _ => None,
        }
    }

    /// Whether this is the payload or value a file names (`match` of a
    /// state, `equals` of an alert rule): a number equals a JSON number,
    /// text equals a string, `true`/`false` a boolean; nothing matches a
    /// missing reading.
    pub fn equals_value(&self, expected: &Value) -> bool {
        if matches!(self, Reading::Missing(_)) {
            return false;
        }
        match (expected, self.as_number()) {
            (Value::Number(expected), Some(number)) => expected.as_f64() == Some(number),
            (Value::String(expected), _) => *expected == self.display_text(),
            (Value::Bool(flag), _) => self.display_text() == if *flag { "true" } else { "false" },
            _ => false,
        }
    }

    /// The reading as text for display; a huge payload is cut to
    /// [`DISPLAY_CHARS`] characters and says how long it was.
    pub fn display_text(&self) -> String {
        match self {
            Reading::Number(number) => format_number(*number, None),
            Reading::Text(text) => shorten(text, DISPLAY_CHARS),
            Reading::Missing(why) => why.clone(),
        }
    }
}

/// Reads `payload` through `path` (None: the whole payload).
pub fn read_payload(payload: &[u8], path: Option<&JsonPath>) -> Reading {
    PayloadReader::new(payload).read(path)
}

/// One payload read through any number of paths, decoded once: the text
/// when first asked for, the JSON when a path first needs it. The router
/// makes one per message, however many widgets read it.
pub struct PayloadReader<'a> {
    payload: &'a [u8],
    text: std::cell::OnceCell<std::borrow::Cow<'a, str>>,
    json: std::cell::OnceCell<Option<Value>>,
}

impl<'a> PayloadReader<'a> {
    /// A reader of `payload`; nothing is decoded yet.
    pub fn new(payload: &'a [u8]) -> Self {
        PayloadReader { payload, text: std::cell::OnceCell::new(), json: std::cell::OnceCell::new() }
    }

    fn text(&self) -> &str {
        self.text.get_or_init(|| String::from_utf8_lossy(self.payload))
    }

    /// Whether the payload was parsed as JSON (at most once).
    pub fn parsed_json(&self) -> bool {
        self.json.get().is_some()
    }

    /// The payload through `path` (None or `$`: the whole payload).
    pub fn read(&self, path: Option<&JsonPath>) -> Reading {
        let path = match path {
            Some(path) if !path.is_whole() => path,
            _ => {
                let text = self.text();
                return match parse_number(text) {
                    Some(number) => Reading::Number(number),
                    None => Reading::Text(text.to_owned()),
                };
            }
        };
        let Some(root) = self.json.get_or_init(|| serde_json::from_str::<Value>(self.text()).ok()) else {
            return Reading::Missing("the payload is not JSON".into());
        };
        match path.select(root) {
            Some(Value::Number(number)) => number.as_f64().map_or(Reading::Text(number.to_string()), Reading::Number),
            Some(Value::String(text)) => {
                parse_number(text).map_or_else(|| Reading::Text(text.clone()), Reading::Number)
            }
            Some(Value::Bool(flag)) => Reading::Text(flag.to_string()),
            Some(other) => Reading::Text(other.to_string()),
            None => Reading::Missing("the path is not in this payload".into()),
        }
    }
}

/// How much of a text payload a widget shows.
pub const DISPLAY_CHARS: usize = 2000;

/// `text` cut to `limit` characters, saying so.
pub fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}… ({} characters in all)", &text[..cut], text.chars().count()),
    }
}

/// A number with `decimals` places, or as short as it reads naturally.
pub fn format_number(number: f64, decimals: Option<u8>) -> String {
    match decimals {
        Some(places) => format!("{number:.*}", usize::from(places.min(10))),
        None if number.fract() == 0.0 && number.abs() < 1e15 => format!("{number:.0}"),
        None => {
            let text = format!("{number:.3}");
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_parses_the_json_once_for_every_path() {
        let reader = PayloadReader::new(br#"{"t": 21.5, "h": "40"}"#);
        assert!(!reader.parsed_json());
        let t = JsonPath::parse("$.t").unwrap();
        let h = JsonPath::parse("$.h").unwrap();
        assert_eq!(reader.read(Some(&t)), Reading::Number(21.5));
        assert!(reader.parsed_json());
        assert_eq!(reader.read(Some(&h)), Reading::Number(40.0));
        assert_eq!(reader.read(None), Reading::Text(r#"{"t": 21.5, "h": "40"}"#.into()));
        let not_json = PayloadReader::new(b"ON");
        assert_eq!(not_json.read(None), Reading::Text("ON".into()));
        assert!(matches!(not_json.read(Some(&t)), Reading::Missing(_)));
    }

    fn path(text: &str) -> JsonPath {
        JsonPath::parse(text).unwrap()
    }

    #[test]
    fn paths_in_the_documented_forms_parse() {
        assert!(path("$").is_whole());
        assert_eq!(path("$.a.b").steps, [PathStep::Key("a".into()), PathStep::Key("b".into())]);
        assert_eq!(path("$.a[0]").steps, [PathStep::Key("a".into()), PathStep::Index(0)]);
        assert_eq!(path("$['key with space']").steps, [PathStep::Key("key with space".into())]);
        assert_eq!(
            path("$[\"k\"][2].x").steps,
            [PathStep::Key("k".into()), PathStep::Index(2), PathStep::Key("x".into())]
        );
    }

    #[test]
    fn paths_are_written_so_that_they_read_back() {
        let cases = [
            (vec![PathStep::Key("a".into()), PathStep::Index(2)], Some("$.a[2]")),
            (vec![PathStep::Key("key with space".into())], Some("$['key with space']")),
            (vec![PathStep::Key("it's".into())], Some("$[\"it's\"]")),
            (vec![PathStep::Key("a]b".into())], None),
            (vec![], Some("$")),
        ];
        for (steps, expected) in cases {
            let path = JsonPath { steps };
            assert_eq!(path.to_text().as_deref(), expected);
            if let Some(text) = expected {
                assert_eq!(JsonPath::parse(text).unwrap(), path, "{text}");
            }
        }
    }

    #[test]
    fn malformed_paths_say_what_is_wrong() {
        assert!(JsonPath::parse("temperature").unwrap_err().to_string().contains("must start with $"));
        assert!(JsonPath::parse("$.a[0").unwrap_err().to_string().contains("without ']'"));
        assert!(JsonPath::parse("$.a[x]").unwrap_err().to_string().contains("neither an index"));
        assert!(JsonPath::parse("$..a").unwrap_err().to_string().contains("a name must follow"));
    }

    #[test]
    fn payloads_are_read_through_the_path() {
        let payload = br#"{"temperature": 21.5, "rooms": [{"t": "19.25"}], "key with space": "on"}"#;
        assert_eq!(read_payload(payload, Some(&path("$.temperature"))), Reading::Number(21.5));
        assert_eq!(read_payload(payload, Some(&path("$.rooms[0].t"))), Reading::Number(19.25));
        assert_eq!(read_payload(payload, Some(&path("$['key with space']"))), Reading::Text("on".into()));
        assert!(matches!(read_payload(payload, Some(&path("$.missing"))), Reading::Missing(_)));
        assert!(matches!(read_payload(b"not json", Some(&path("$.a"))), Reading::Missing(_)));
    }

    #[test]
    fn whole_payloads_are_numbers_when_they_read_as_one() {
        assert_eq!(read_payload(b" 42 ", None), Reading::Number(42.0));
        assert_eq!(read_payload(b"ON", None), Reading::Text("ON".into()));
        assert_eq!(read_payload(b"NaN", None), Reading::Text("NaN".into()));
        assert_eq!(read_payload(b"inf", None), Reading::Text("inf".into()));
    }

    #[test]
    fn a_huge_text_payload_is_shown_cut_and_says_its_length() {
        let huge = "é".repeat(5 * 1024 * 1024);
        let shown = read_payload(huge.as_bytes(), None).display_text();
        assert!(
            shown.starts_with("éé") && shown.ends_with("… (5242880 characters in all)"),
            "{}",
            &shown[shown.len() - 40..]
        );
        assert_eq!(shown.chars().count(), DISPLAY_CHARS + "… (5242880 characters in all)".chars().count());
        assert_eq!(shorten("short", 10), "short");
    }

    #[test]
    fn numbers_are_formatted_with_the_requested_decimals() {
        assert_eq!(format_number(21.456, Some(1)), "21.5");
        assert_eq!(format_number(21.0, None), "21");
        assert_eq!(format_number(0.125, None), "0.125");
        assert_eq!(format_number(2.5, None), "2.5");
    }
}
