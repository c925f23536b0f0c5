//! Pin as widget: the widget a topic in the explorer suggests, set up from
//! the last payload seen there (a gauge's range, a switch's ON/OFF spelling
//! and command topic, a chart's line).

use crate::dashboard::{SeriesSpec, Widget, WidgetKind};
use crate::value::{read_payload, JsonPath};

/// The widget kind a pinned topic suggests: a number gets a gauge, an
/// ON/OFF or true/false a switch, anything else text.
pub fn suggest_widget_kind(payload: &[u8], path: Option<&JsonPath>) -> WidgetKind {
    let reading = read_payload(payload, path);
    if reading.as_number().is_some() {
        return WidgetKind::Gauge;
    }
    match on_off_pair(&reading.display_text()) {
        Some(_) => WidgetKind::Switch,
        None => WidgetKind::Text,
    }
}

/// The (on, off) payloads of a two-state value, spelled as the device spells them.
pub fn on_off_pair(value: &str) -> Option<(String, String)> {
    let value = value.trim();
    let pairs = [("ON", "OFF"), ("on", "off"), ("On", "Off"), ("true", "false"), ("TRUE", "FALSE"), ("True", "False")];
    pairs.iter().find(|(on, off)| value == *on || value == *off).map(|(on, off)| ((*on).to_owned(), (*off).to_owned()))
}

/// A widget of `kind` for `topic` (read through `value_path`), set up from
/// the last payload seen there: a gauge gets a range that holds the value,
/// a switch the value's own ON/OFF spelling and a command topic beside the
/// state topic (`…/state` → `…/set`, else `…/set` appended), a chart one line.
pub fn pinned_widget(
    id: String,
    kind: WidgetKind,
    connection: &str,
    topic: &str,
    value_path: Option<&str>,
    payload: &[u8],
) -> Widget {
    let mut widget = Widget::new(id, kind, connection.to_owned());
    let path = value_path.and_then(|text| JsonPath::parse(text).ok());
    let reading = read_payload(payload, path.as_ref());
    if kind == WidgetKind::Chart {
        let label = value_path.map_or_else(|| topic.rsplit('/').next().unwrap_or(topic).to_owned(), str::to_owned);
        widget.series = vec![SeriesSpec {
            topic: topic.to_owned(),
            value_path: value_path.map(str::to_owned),
            label: Some(label),
            color: None,
        }];
        return widget;
    }
    widget.topic = Some(topic.to_owned());
    widget.value_path = value_path.map(str::to_owned);
    match kind {
        WidgetKind::Gauge => {
            let (min, max) = gauge_range(reading.as_number().unwrap_or(0.0));
            (widget.min, widget.max) = (Some(min), Some(max));
        }
        WidgetKind::Switch | WidgetKind::Indicator => {
            let (on, off) = on_off_pair(&reading.display_text()).unwrap_or_else(|| ("ON".into(), "OFF".into()));
            (widget.on_payload, widget.off_payload) = (Some(on), Some(off));
            if kind == WidgetKind::Switch {
                let base = topic.strip_suffix("/state").unwrap_or(topic);
                widget.command_topic = Some(format!("{base}/set"));
                widget.qos = crate::Qos::AtLeastOnce;
            }
        }
        _ => {}
    }
    widget
}

/// A gauge range holding `value`: 0–100 when it fits, else the next power of ten.
fn gauge_range(value: f64) -> (f64, f64) {
    if (0.0..=100.0).contains(&value) {
        return (0.0, 100.0);
    }
    let bound = 10f64.powf(value.abs().log10().ceil());
    if value < 0.0 {
        (-bound, bound)
    } else {
        (0.0, bound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_topics_suggest_a_widget_kind() {
        let path = JsonPath::parse("$.t").unwrap();
        assert_eq!(suggest_widget_kind(b"21.5", None), WidgetKind::Gauge);
        assert_eq!(suggest_widget_kind(br#"{"t": 3}"#, Some(&path)), WidgetKind::Gauge);
        assert_eq!(suggest_widget_kind(b"OFF", None), WidgetKind::Switch);
        assert_eq!(suggest_widget_kind(br#"{"t": true}"#, Some(&path)), WidgetKind::Switch);
        assert_eq!(suggest_widget_kind(b"opened", None), WidgetKind::Text);
        assert_eq!(on_off_pair("false"), Some(("true".into(), "false".into())));
    }

    #[test]
    fn a_pinned_widget_is_set_up_from_the_payload() {
        let gauge = pinned_widget("w".into(), WidgetKind::Gauge, "local", "home/t", Some("$.t"), br#"{"t": 250}"#);
        assert_eq!((gauge.topic.as_deref(), gauge.value_path.as_deref()), (Some("home/t"), Some("$.t")));
        assert_eq!((gauge.min, gauge.max), (Some(0.0), Some(1000.0)));
        assert_eq!(gauge_range(-5.0), (-10.0, 10.0));
        let switch = pinned_widget("w".into(), WidgetKind::Switch, "local", "home/lamp/state", None, b"off");
        assert_eq!(switch.command_topic.as_deref(), Some("home/lamp/set"));
        assert_eq!((switch.on_payload.as_deref(), switch.off_payload.as_deref()), (Some("on"), Some("off")));
        let chart = pinned_widget("w".into(), WidgetKind::Chart, "local", "home/t", None, b"3");
        assert_eq!((chart.topic.as_deref(), chart.series[0].label.as_deref()), (None, Some("t")));
        for widget in [gauge, switch, chart] {
            widget.validate("test", "widget").unwrap();
        }
    }
}
