//! Reading a settings file: the envelope first (`format`, `version`,
//! size), migrations, then each entry from the parsed JSON, strictly
//! ([`parse_config`]) or leniently, setting aside what cannot be used
//! ([`parse_saved_settings`]).

use serde_json::Value;

use super::{ConfigFile, ConnectionProfile, CURRENT_VERSION, FORMAT_NAME, MAX_FILE_SIZE};
use crate::dashboard::Dashboard;
use crate::ModelError;

fn syntax_error(source_name: &str, error: serde_json::Error) -> ModelError {
    ModelError::Syntax {
        source_name: source_name.into(),
        message: error.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
        line: error.line(),
        column: error.column(),
    }
}

/// Parses the text as JSON and checks `format` and `version` first, so that
/// a foreign or newer file gets that message rather than a complaint about
/// some field inside it.
fn parse_envelope(text: &str, source_name: &str) -> Result<Value, ModelError> {
    if text.len() > MAX_FILE_SIZE {
        return Err(ModelError::TooLarge { source_name: source_name.into(), size: text.len(), limit: MAX_FILE_SIZE });
    }
    let value: Value = serde_json::from_str(text).map_err(|error| syntax_error(source_name, error))?;
    let format = value.get("format").and_then(Value::as_str).unwrap_or_default();
    if format != FORMAT_NAME {
        let found = value.get("format").map_or_else(|| "missing".to_owned(), |found| found.to_string());
        return Err(ModelError::ForeignFormat { source_name: source_name.into(), found });
    }
    let version = match value.get("version") {
        None => CURRENT_VERSION,
        Some(version) => version.as_u64().and_then(|version| u32::try_from(version).ok()).ok_or_else(|| {
            ModelError::InvalidValue {
                source_name: source_name.into(),
                field: "version".into(),
                problem: format!("{version} is not a whole number"),
            }
        })?,
    };
    if version > CURRENT_VERSION {
        return Err(ModelError::NewerVersion {
            source_name: source_name.into(),
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    Ok(migrate(value, version))
}

/// Brings a file of an older `version` up to [`CURRENT_VERSION`], one step
/// at a time. Version 1 is the first published format, so today every file
/// only has its missing `version` filled in; a version 2 adds its step here
/// (`1 => rename or reshape fields, then continue with 2`).
fn migrate(mut value: Value, version: u32) -> Value {
    debug_assert!(version <= CURRENT_VERSION);
    if let Some(fields) = value.as_object_mut() {
        fields.insert("version".into(), Value::from(CURRENT_VERSION));
    }
    value
}

/// Parses and checks a settings file strictly: any problem refuses the
/// whole file. `source_name` (a URL, a file name) goes into every error:
/// a syntax error gives its line and column, an entry of the wrong shape
/// its path (`dashboards[0].widgets[2]`). Typed values are read from the
/// parsed JSON only (never again from the text), which keeps one JSON
/// reader in the app.
pub fn parse_config(text: &str, source_name: &str) -> Result<ConfigFile, ModelError> {
    let mut value = parse_envelope(text, source_name)?;
    let raw_connections = take_list(&mut value, "connections", source_name)?;
    let raw_dashboards = take_list(&mut value, "dashboards", source_name)?;
    let mut config: ConfigFile = serde_json::from_value(value).map_err(|error| syntax_error(source_name, error))?;
    let shape_error = |path: String, error: serde_json::Error| ModelError::Shape {
        source_name: source_name.into(),
        path,
        message: error.to_string(),
    };
    config.connections = raw_connections
        .into_iter()
        .enumerate()
        .map(|(index, raw)| {
            serde_json::from_value(raw).map_err(|error| shape_error(format!("connections[{index}]"), error))
        })
        .collect::<Result<_, _>>()?;
    config.dashboards = raw_dashboards
        .into_iter()
        .enumerate()
        .map(|(index, mut raw)| {
            let raw_widgets = take_list(&mut raw, "widgets", source_name)
                .map_err(|_| shape_error(format!("dashboards[{index}].widgets"), list_expected()))?;
            let mut dashboard: Dashboard =
                serde_json::from_value(raw).map_err(|error| shape_error(format!("dashboards[{index}]"), error))?;
            dashboard.widgets = raw_widgets
                .into_iter()
                .enumerate()
                .map(|(position, raw)| {
                    serde_json::from_value(raw)
                        .map_err(|error| shape_error(format!("dashboards[{index}].widgets[{position}]"), error))
                })
                .collect::<Result<_, _>>()?;
            Ok(dashboard)
        })
        .collect::<Result<_, ModelError>>()?;
    config.version = CURRENT_VERSION;
    for (index, connection) in config.connections.iter().enumerate() {
        connection.validate(source_name, &format!("connections[{index}]"))?;
        if config.connections[..index].iter().any(|earlier| earlier.id == connection.id) {
            return Err(ModelError::InvalidValue {
                source_name: source_name.into(),
                field: format!("connections[{index}].id"),
                problem: format!("{:?} is used twice", connection.id),
            });
        }
    }
    if let Err((field, problem)) = crate::history::HistoryLimits::from_fields(&config.unknown) {
        return Err(ModelError::InvalidValue { source_name: source_name.into(), field, problem });
    }
    let connection_ids: Vec<&str> = config.connections.iter().map(|connection| connection.id.as_str()).collect();
    for (index, dashboard) in config.dashboards.iter().enumerate() {
        dashboard.validate(source_name, &format!("dashboards[{index}]"), &connection_ids)?;
    }
    Ok(config)
}

/// Like [`take_entries`], for a strict reading: anything but a list (or
/// nothing) in `field` is an error naming it.
fn take_list(value: &mut Value, field: &str, source_name: &str) -> Result<Vec<Value>, ModelError> {
    match value.get(field) {
        Some(Value::Array(_) | Value::Null) | None => Ok(take_entries(value, field)),
        Some(_) => Err(ModelError::Shape {
            source_name: source_name.into(),
            path: field.into(),
            message: list_expected().to_string(),
        }),
    }
}

fn list_expected() -> serde_json::Error {
    serde::de::Error::custom("must be a list")
}

/// Removes the array `field` from a JSON object and returns its entries
/// (a lone value counts as one entry, null or absent as none).
fn take_entries(value: &mut Value, field: &str) -> Vec<Value> {
    match value.as_object_mut().and_then(|fields| fields.remove(field)) {
        Some(Value::Array(entries)) => entries,
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// Settings read from this browser's storage, and what could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSettings {
    /// The usable settings.
    pub config: ConfigFile,
    /// One sentence per connection that was left out.
    pub problems: Vec<String>,
}

/// Reads saved settings leniently: a connection that cannot be used is left
/// out of `connections` (and kept in `rejected_connections`) with a message,
/// and the others keep working.
pub fn parse_saved_settings(text: &str, source_name: &str) -> Result<LoadedSettings, ModelError> {
    let mut value = parse_envelope(text, source_name)?;
    let raw_connections = take_entries(&mut value, "connections");
    let raw_dashboards = take_entries(&mut value, "dashboards");
    let mut config: ConfigFile = serde_json::from_value(value).map_err(|error| syntax_error(source_name, error))?;
    let mut problems = Vec::new();
    let (connections, rejected) =
        keep_usable(raw_connections, "connection", &mut problems, |profile: &ConnectionProfile, field| {
            profile.validate(source_name, field)
        });
    config.connections = connections;
    config.rejected_connections.extend(rejected);
    // A widget whose connection was set aside stays: it shows that it has no connection.
    let (dashboards, rejected) =
        keep_usable(raw_dashboards, "dashboard", &mut problems, |dashboard: &Dashboard, field| {
            dashboard
                .widgets
                .iter()
                .enumerate()
                .try_for_each(|(index, widget)| widget.validate(source_name, &format!("{field}.widgets[{index}]")))
        });
    config.dashboards = dashboards;
    config.rejected_dashboards.extend(rejected);
    Ok(LoadedSettings { config, problems })
}

/// Parses each entry on its own; the ones that fail are returned as they
/// were, with one sentence each in `problems`.
fn keep_usable<T: serde::de::DeserializeOwned>(
    raw_entries: Vec<Value>,
    noun: &str,
    problems: &mut Vec<String>,
    validate: impl Fn(&T, &str) -> Result<(), ModelError>,
) -> (Vec<T>, Vec<Value>) {
    let mut usable = Vec::new();
    let mut rejected = Vec::new();
    for (index, raw) in raw_entries.into_iter().enumerate() {
        let field = format!("{noun}s[{index}]");
        let parsed = serde_json::from_value::<T>(raw.clone())
            .map_err(|error| error.to_string())
            .and_then(|entry| validate(&entry, &field).map(|()| entry).map_err(|error| error.to_string()));
        match parsed {
            Ok(entry) => usable.push(entry),
            Err(error) => {
                let name = raw.get("name").or_else(|| raw.get("title")).and_then(Value::as_str).unwrap_or("unnamed");
                problems.push(format!(
                    "saved {noun} {} ({name:?}) could not be used and was set aside: {error}",
                    index + 1
                ));
                rejected.push(raw);
            }
        }
    }
    (usable, rejected)
}
