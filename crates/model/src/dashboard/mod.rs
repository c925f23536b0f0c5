//! Dashboards and widgets as they are stored in the settings file (see
//! `docs/dashboard-format.md`). A widget is one flat record whose `kind`
//! says which of its fields matter, so that files written by hand stay
//! simple; [`Widget::validate`] checks what each kind needs. Unknown fields
//! are kept on a round trip. The checks are `validate.rs`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod kind;
mod states;
mod validate;

pub use kind::WidgetKind;

pub use states::{look_for, match_value, Icon, StateLook};

use super::Qos;

/// One dashboard: a titled grid of widgets, shown as a tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Stable identifier.
    pub id: String,
    /// Tab title; empty shows the id.
    #[serde(default)]
    pub title: String,
    /// The widgets in display order.
    #[serde(default)]
    pub widgets: Vec<Widget>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// A colour band of a gauge: from `value` up, the arc takes `color`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    /// Where the band starts.
    pub value: f64,
    /// A CSS colour.
    pub color: String,
}

/// One line of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesSpec {
    /// The topic carrying the values.
    pub topic: String,
    /// Where the number is in a JSON payload; absent: the whole payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_path: Option<String>,
    /// The legend label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A CSS colour; absent picks one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// The y-axis it is read against: `"left"` (absent) or `"right"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub axis: Option<Axis>,
}

/// A chart's y-axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    /// The left-hand axis, the default.
    Left,
    /// The right-hand axis, for a series of another unit or scale.
    Right,
}

/// Default seconds before a switch without confirmation reverts.
pub const DEFAULT_CONFIRM_TIMEOUT_S: u32 = 5;
/// Default chart window: ten minutes.
pub const DEFAULT_WINDOW_S: u32 = 600;
/// The longest chart window: 30 days, the chart's longest preset
/// ([`crate::chart_view::PRESETS`]), which the chart saves as the window.
pub const MAX_WINDOW_S: u32 = 30 * 86_400;
/// Default interval between slider publishes while dragging.
pub const DEFAULT_SLIDER_THROTTLE_MS: u32 = 250;
/// Default MQTT 5.0 Message Expiry of a widget's commands, in seconds: a
/// broker never hands a command older than this to a device that comes
/// back late.
pub const DEFAULT_COMMAND_EXPIRY_S: u32 = 30;

/// A widget. Which fields apply depends on `kind`; see the format document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Widget {
    /// Unique within its dashboard.
    pub id: String,
    /// What it is.
    pub kind: WidgetKind,
    /// The title shown on it; absent: the topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The connection id it uses.
    pub connection: String,
    /// The state topic it shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Where the value is in a JSON payload; absent: the whole payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_path: Option<String>,
    /// Where commands go (switch, button, slider).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_topic: Option<String>,
    /// Unit after the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Lower end (gauge, slider; chart: fixed y-axis minimum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Upper end (gauge, slider; chart: fixed y-axis maximum).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Decimal places shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// Gauge colour bands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
    /// Seconds without a message after which the widget is marked stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_s: Option<u32>,
    /// Payload meaning on (switch, indicator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_payload: Option<String>,
    /// Payload meaning off (switch, indicator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub off_payload: Option<String>,
    /// Indicator: on when the value is at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// QoS of commands.
    #[serde(default)]
    pub qos: Qos,
    /// Retain flag of commands.
    #[serde(default)]
    pub retain: bool,
    /// Ask before publishing a command.
    #[serde(default)]
    pub confirm: bool,
    /// The question asked first, in plain words ("Open the garage door?");
    /// absent: one made from the title and the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_question: Option<String>,
    /// Seconds a switch waits for its state topic to confirm a command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_timeout_s: Option<u32>,
    /// Slider step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// Slider: the least interval between publishes while dragging.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttle_ms: Option<u32>,
    /// MQTT 5.0 Message Expiry of commands in seconds (absent: 30; 0: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_expiry_s: Option<u32>,
    /// MQTT 5.0 request/response: where the device answers a command,
    /// matched by Correlation Data; `"auto"`: a topic of this browser's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_topic: Option<String>,
    /// Button payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Chart window in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_s: Option<u32>,
    /// Chart lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<SeriesSpec>,
    /// Per-state looks (indicator, text; also read as `value_map`) and
    /// options (select): label, colour and icon per payload, value or range.
    #[serde(default, alias = "value_map", skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<StateLook>,
    /// A number reading is multiplied by this (gauge, text, indicator, level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
    /// Added after `scale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<f64>,
    /// An expression over `value` and `payload` (see `model::expr`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// Colour picker: how commands are written, `"hex"` (absent) or `"json"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_format: Option<crate::color::ColorFormat>,
    /// Text: a template where `{value}` and `{unit}` are replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Alert rules on its value (see `model::alerts`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<crate::alerts::AlertRule>,
    /// Grid columns it spans (1 to 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u8>,
    /// Grid rows it spans (1 to 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u8>,
    /// Fields this version does not know, kept as they were.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

impl Widget {
    /// The colour of the highest band `value` reached (gauge, level bar).
    pub fn band_color(&self, value: f64) -> Option<&str> {
        self.thresholds
            .iter()
            .filter(|band| value >= band.value)
            .max_by(|a, b| a.value.total_cmp(&b.value))
            .map(|band| band.color.as_str())
    }

    /// An empty widget of `kind` on `connection`, for the editor to fill.
    pub fn new(id: String, kind: WidgetKind, connection: String) -> Self {
        Widget {
            id,
            kind,
            title: None,
            connection,
            topic: None,
            value_path: None,
            command_topic: None,
            unit: None,
            min: None,
            max: None,
            decimals: None,
            thresholds: Vec::new(),
            stale_after_s: None,
            on_payload: None,
            off_payload: None,
            threshold: None,
            qos: Qos::AtMostOnce,
            retain: false,
            confirm: false,
            confirm_question: None,
            confirm_timeout_s: None,
            step: None,
            throttle_ms: None,
            command_expiry_s: None,
            response_topic: None,
            payload: None,
            window_s: None,
            series: Vec::new(),
            states: Vec::new(),
            scale: None,
            offset: None,
            expression: None,
            color_format: None,
            template: None,
            alerts: Vec::new(),
            width: None,
            height: None,
            unknown: Map::new(),
        }
    }

    /// The Message Expiry its commands carry, if any (0 means none).
    pub fn command_expiry(&self) -> Option<u32> {
        Some(self.command_expiry_s.unwrap_or(DEFAULT_COMMAND_EXPIRY_S)).filter(|seconds| *seconds > 0)
    }

    /// The topic its command responses come back on, for this browser
    /// (`device_id`), when it asks for responses.
    pub fn response_topic_for(&self, device_id: &str) -> Option<String> {
        let configured = self.response_topic.as_deref().filter(|_| self.kind.commands())?;
        Some(crate::response::resolve_response_topic(configured, device_id))
    }

    /// The title to show.
    pub fn display_title(&self) -> String {
        let fallback = || match self.kind {
            WidgetKind::Chart => self.series.first().map(|series| series.topic.clone()),
            WidgetKind::Button => self.command_topic.clone(),
            _ => self.topic.clone().or_else(|| self.command_topic.clone()),
        };
        self.title.clone().or_else(fallback).unwrap_or_else(|| self.id.clone())
    }

    /// The gauge or slider range, with the documented defaults.
    pub fn range(&self) -> (f64, f64) {
        (self.min.unwrap_or(0.0), self.max.unwrap_or(100.0))
    }

    /// The payload meaning on.
    pub fn on_payload(&self) -> &str {
        self.on_payload.as_deref().unwrap_or("ON")
    }

    /// The payload meaning off.
    pub fn off_payload(&self) -> &str {
        self.off_payload.as_deref().unwrap_or("OFF")
    }

    /// Every topic whose messages this widget needs.
    pub fn state_topics(&self) -> Vec<&str> {
        let mut topics: Vec<&str> = self.topic.as_deref().into_iter().collect();
        topics.extend(self.series.iter().map(|series| series.topic.as_str()));
        topics
    }
}

/// `reading` as `widget` shows it: a number with its decimals and unit,
/// anything else as text, nothing as "—".
pub fn format_reading(widget: &Widget, reading: Option<&crate::value::Reading>) -> String {
    use crate::value::{format_number, Reading};
    match reading {
        None => "—".to_owned(),
        Some(Reading::Number(number)) => {
            let text = format_number(*number, widget.decimals);
            match &widget.unit {
                Some(unit) => format!("{text} {unit}"),
                None => text,
            }
        }
        Some(other) => other.display_text(),
    }
}

impl Dashboard {
    /// An empty dashboard.
    pub fn new(id: String, title: String) -> Self {
        Dashboard { id, title, widgets: Vec::new(), unknown: Map::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_expire_after_30_s_unless_the_widget_says_otherwise() {
        let mut widget = Widget::new("w".into(), WidgetKind::Switch, "c".into());
        assert_eq!(widget.command_expiry(), Some(DEFAULT_COMMAND_EXPIRY_S));
        widget.command_expiry_s = Some(5);
        assert_eq!(widget.command_expiry(), Some(5));
        widget.command_expiry_s = Some(0);
        assert_eq!(widget.command_expiry(), None, "0 sends no expiry");
        let parsed: Widget =
            serde_json::from_str(r#"{"id":"b","kind":"button","connection":"c","command_expiry_s":7}"#).unwrap();
        assert_eq!(parsed.command_expiry(), Some(7));
    }

    #[test]
    fn unknown_widget_fields_survive_a_round_trip() {
        let widget = |json: &str| -> Widget { serde_json::from_str(json).unwrap() };
        let original = widget(r#"{"id":"g","kind":"gauge","connection":"c","topic":"a","needle":"red"}"#);
        let again: Widget = serde_json::from_str(&serde_json::to_string(&original).unwrap()).unwrap();
        assert_eq!(again, original);
        assert_eq!(again.unknown.get("needle"), Some(&Value::from("red")));
    }
}
