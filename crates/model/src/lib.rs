//! Plain data of the app, free of web handles so that it is tested natively:
//! connection profiles, dashboards and widgets, the settings file that
//! carries them (with its format version, migrations and parsing errors a
//! person can act on), value extraction, the message log and the topic explorer's tree.

pub mod alerts;
pub mod broker_stats;
pub mod chart_view;
pub mod color;
pub mod config;
pub mod dashboard;
pub mod dashboard_edit;
pub mod diff;
pub mod expr;
pub mod fast_hash;
pub mod history;
pub mod image;
pub mod import;
pub mod json_text;
pub mod list_window;
pub mod log;
pub mod number;
pub mod payload_view;
pub mod pin;
pub mod publish;
pub mod qos;
pub mod response;
pub mod route;
pub mod series;
pub mod share;
pub mod text;
pub mod topic_tree;
pub mod transform;
pub mod value;
pub mod version;
pub mod widget_form;

pub use config::{
    parse_config, parse_saved_settings, ConfigFile, ConnectionProfile, LoadedSettings, SubscriptionSpec, WillSpec,
};
pub use dashboard::{Dashboard, SeriesSpec, Threshold, Widget, WidgetKind};
pub use log::{Direction, LogEntry, LogFilter, MessageLog};
pub use qos::Qos;
pub use value::{read_payload, JsonPath, Reading};
pub use version::MqttVersion;

/// `count` and the noun in the right number: "1 message", "3 messages".
pub fn counted<N: std::fmt::Display + PartialEq + From<u8>>(count: N, one: &str, many: &str) -> String {
    let noun = if count == N::from(1) { one } else { many };
    format!("{count} {noun}")
}

/// A value a person typed that cannot be used: which field, and why.
/// Forms show it beside the field; callers match on `field`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    /// The field, as the form labels it.
    pub field: String,
    /// What is wrong.
    pub problem: String,
}

impl FieldError {
    /// `problem` with `field`.
    pub fn new(field: impl Into<String>, problem: impl ToString) -> Self {
        FieldError { field: field.into(), problem: problem.to_string() }
    }
}

impl ModelError {
    /// What a form shows beside its fields: for a value that cannot be
    /// used, its field (the last part of its path) and what is wrong,
    /// without the source it came from; else the whole message.
    pub fn into_field_error(self) -> FieldError {
        match self {
            ModelError::InvalidValue { field, problem, .. } => {
                let name = field.rsplit('.').next().unwrap_or(&field).to_owned();
                FieldError { field: name, problem }
            }
            other => FieldError::new("file", other),
        }
    }
}

/// Why a settings file or stored value could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The text is not JSON, or not of the expected shape.
    #[error("{source_name} is not a valid MQTT Deck file: {message} (line {line}, column {column})")]
    Syntax {
        /// Where the text came from, e.g. the URL.
        source_name: String,
        /// serde_json's description, naming the field where it can.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// An entry is not of the shape the format gives it (a number where a
    /// name belongs, say): the entry's path and serde's description.
    #[error("{source_name} is not a valid MQTT Deck file: {path}: {message}")]
    Shape {
        /// Where the text came from.
        source_name: String,
        /// The entry, e.g. `dashboards[0].widgets[2]`.
        path: String,
        /// What is wrong, naming the field where serde can.
        message: String,
    },
    /// The `format` field is missing or not "mqtt-deck".
    #[error("{source_name} is not an MQTT Deck file (its \"format\" is {found:?}, expected \"mqtt-deck\")")]
    ForeignFormat {
        /// Where the text came from.
        source_name: String,
        /// What `format` held.
        found: String,
    },
    /// The file was written by a newer version of the app.
    #[error(
        "{source_name} has format version {found}; this app reads up to version {supported}. Update the app to open it"
    )]
    NewerVersion {
        /// Where the text came from.
        source_name: String,
        /// The file's version.
        found: u32,
        /// The newest version this app reads.
        supported: u32,
    },
    /// A value that parses but cannot be used.
    #[error("{source_name}: {field}: {problem}")]
    InvalidValue {
        /// Where the text came from.
        source_name: String,
        /// Which field, e.g. `connections[0].url`.
        field: String,
        /// What is wrong.
        problem: String,
    },
    /// The file is larger than the app accepts.
    #[error("{source_name} is {size} bytes; files over {limit} bytes are refused")]
    TooLarge {
        /// Where the text came from.
        source_name: String,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
}
