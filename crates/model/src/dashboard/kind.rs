//! The kinds of widget: their names in files and which read a state topic
//! or publish commands.

use serde::{Deserialize, Serialize};

/// The kinds of widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WidgetKind {
    /// A number on an arc.
    Gauge,
    /// On/off with separate state and command topics.
    Switch,
    /// Publishes a fixed payload.
    Button,
    /// Publishes a number from a range.
    Slider,
    /// Line chart of one or more series.
    Chart,
    /// The value as text.
    Text,
    /// An LED: on, off or unknown.
    Indicator,
    /// One of several states (off/eco/comfort), as segmented buttons or a select.
    Select,
    /// A setpoint typed in or stepped with − and +.
    Number,
    /// A tank or battery level as a bar, with colour bands.
    Level,
    /// A colour picker for RGB lamps.
    Color,
    /// A JPEG or PNG payload.
    Image,
}

impl WidgetKind {
    /// Every kind, in the order the editor offers them.
    pub const ALL: [WidgetKind; 12] = [
        WidgetKind::Gauge,
        WidgetKind::Switch,
        WidgetKind::Button,
        WidgetKind::Slider,
        WidgetKind::Chart,
        WidgetKind::Text,
        WidgetKind::Indicator,
        WidgetKind::Select,
        WidgetKind::Number,
        WidgetKind::Level,
        WidgetKind::Color,
        WidgetKind::Image,
    ];

    /// The name used in files and in `data-widget-kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            WidgetKind::Gauge => "gauge",
            WidgetKind::Switch => "switch",
            WidgetKind::Button => "button",
            WidgetKind::Slider => "slider",
            WidgetKind::Chart => "chart",
            WidgetKind::Text => "text",
            WidgetKind::Indicator => "indicator",
            WidgetKind::Select => "select",
            WidgetKind::Number => "number",
            WidgetKind::Level => "level",
            WidgetKind::Color => "color",
            WidgetKind::Image => "image",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<WidgetKind> {
        WidgetKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Whether the widget reads a state topic.
    pub fn reads_topic(self) -> bool {
        !matches!(self, WidgetKind::Button | WidgetKind::Chart)
    }

    /// Whether the widget publishes commands.
    pub fn commands(self) -> bool {
        matches!(
            self,
            WidgetKind::Switch
                | WidgetKind::Button
                | WidgetKind::Slider
                | WidgetKind::Select
                | WidgetKind::Number
                | WidgetKind::Color
        )
    }
}
