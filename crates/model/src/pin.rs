//! Pin as widget: the widget a topic in the explorer suggests, set up from
//! what was seen there: a gauge's range from the observed minimum and
//! maximum (rounded outwards) and its decimals from the data, a title from
//! the JSON key or the last topic level, a switch's ON/OFF spelling and
//! command topic, a select's options from the payloads seen, a chart's line.

use crate::dashboard::{SeriesSpec, Widget, WidgetKind};
use crate::value::{read_payload, JsonPath};

/// The widget kind a pinned topic suggests: a number gets a gauge, an
/// ON/OFF or true/false a switch, a JPEG or PNG an image, a colour a colour
/// picker, anything else text.
pub fn suggest_widget_kind(payload: &[u8], path: Option<&JsonPath>) -> WidgetKind {
    let reading = read_payload(payload, path);
    if reading.as_number().is_some() {
        return WidgetKind::Gauge;
    }
    if path.is_none() && crate::image::read_image(payload).is_ok() {
        return WidgetKind::Image;
    }
    let text = reading.display_text();
    if on_off_pair(&text).is_some() {
        WidgetKind::Switch
    } else if crate::color::Rgb::from_payload(&text).is_some() {
        WidgetKind::Color
    } else {
        WidgetKind::Text
    }
}

/// At most this many options of a pinned select, from the payloads seen.
const MOST_PINNED_OPTIONS: usize = 8;

/// The (on, off) payloads of a two-state value, spelled as the device spells them.
pub fn on_off_pair(value: &str) -> Option<(String, String)> {
    let value = value.trim();
    let pairs = [("ON", "OFF"), ("on", "off"), ("On", "Off"), ("true", "false"), ("TRUE", "FALSE"), ("True", "False")];
    pairs.iter().find(|(on, off)| value == *on || value == *off).map(|(on, off)| ((*on).to_owned(), (*off).to_owned()))
}

/// Where a pinned widget comes from: a topic of a connection, the field
/// picked in its payload, the last payload and the earlier ones kept.
#[derive(Debug, Clone, Copy)]
pub struct PinSource<'a> {
    /// The connection id.
    pub connection: &'a str,
    /// The topic.
    pub topic: &'a str,
    /// The picked field, as JSON path text.
    pub value_path: Option<&'a str>,
    /// The last payload.
    pub payload: &'a [u8],
    /// Earlier payloads (the explorer's history), for the observed range.
    pub earlier: &'a [&'a [u8]],
}

/// A widget of `kind` for `source`, set up from what was seen: titled after
/// the JSON key or the last topic level; a gauge ranges over the observed
/// values rounded outwards, with their decimals; a switch gets the value's
/// own ON/OFF spelling and a command topic beside the state topic
/// (`…/state` → `…/set`, else `…/set` appended); a chart one line.
pub fn pinned_widget(id: String, kind: WidgetKind, source: PinSource<'_>) -> Widget {
    let PinSource { connection, topic, value_path, payload, earlier } = source;
    let mut widget = Widget::new(id, kind, connection.to_owned());
    let path = value_path.and_then(|text| JsonPath::parse(text).ok());
    let reading = read_payload(payload, path.as_ref());
    widget.title = Some(pin_title(topic, value_path));
    if kind == WidgetKind::Chart {
        widget.series = vec![SeriesSpec {
            topic: topic.to_owned(),
            value_path: value_path.map(str::to_owned),
            label: widget.title.clone(),
            color: None,
            axis: None,
        }];
        return widget;
    }
    widget.topic = Some(topic.to_owned());
    widget.value_path = value_path.map(str::to_owned);
    if kind.commands() {
        let base = topic.strip_suffix("/state").unwrap_or(topic);
        widget.command_topic = Some(format!("{base}/set"));
        widget.qos = crate::Qos::AtLeastOnce;
    }
    match kind {
        WidgetKind::Gauge | WidgetKind::Level | WidgetKind::Number | WidgetKind::Slider => {
            let numbers: Vec<f64> = std::iter::once(payload)
                .chain(earlier.iter().copied())
                .filter_map(|payload| read_payload(payload, path.as_ref()).as_number())
                .filter(|number| number.is_finite())
                .collect();
            let (min, max) = observed_range(&numbers);
            (widget.min, widget.max) = (Some(min), Some(max));
            widget.decimals = Some(numbers.iter().map(|number| decimals_of(*number)).max().unwrap_or(0));
        }
        WidgetKind::Switch | WidgetKind::Indicator => {
            let (on, off) = on_off_pair(&reading.display_text()).unwrap_or_else(|| ("ON".into(), "OFF".into()));
            (widget.on_payload, widget.off_payload) = (Some(on), Some(off));
        }
        WidgetKind::Select => {
            let mut seen: Vec<String> = Vec::new();
            for payload in std::iter::once(payload).chain(earlier.iter().copied()) {
                let text = read_payload(payload, path.as_ref()).display_text();
                if !seen.contains(&text) && seen.len() < MOST_PINNED_OPTIONS && !text.is_empty() {
                    seen.push(text);
                }
            }
            seen.sort();
            widget.states = seen
                .into_iter()
                .map(|text| crate::dashboard::StateLook {
                    matches: Some(serde_json::Value::String(text)),
                    min: None,
                    max: None,
                    label: None,
                    color: None,
                    icon: None,
                })
                .collect();
        }
        _ => {}
    }
    widget
}

/// The title of a pinned widget: the JSON key picked (`$.room.temp` →
/// "temp", `$.list[2]` → "list[2]"), else the last topic level.
fn pin_title(topic: &str, value_path: Option<&str>) -> String {
    let key = value_path.and_then(|path| {
        let last = path.rsplit(['.', '[']).next()?;
        let key = if path.ends_with(']') && !last.starts_with(['\'', '"']) {
            // An index: keep the name it indexes.
            let start = path[..path.len() - last.len() - 1].rsplit('.').next().unwrap_or_default();
            format!("{start}[{last}")
        } else {
            last.trim_matches(|c| c == '\'' || c == '"' || c == ']').to_owned()
        };
        Some(key).filter(|key| !key.is_empty() && key != "$")
    });
    key.unwrap_or_else(|| topic.rsplit('/').find(|level| !level.is_empty()).unwrap_or(topic).to_owned())
}

/// The observed minimum and maximum rounded outwards to a step of the
/// spread's order (19.2…23.8 → 19…24); a single value gets a range that
/// holds it (0–100 when it fits, else the next power of ten).
fn observed_range(numbers: &[f64]) -> (f64, f64) {
    let min = numbers.iter().copied().fold(f64::INFINITY, f64::min);
    let max = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !min.is_finite() || !max.is_finite() || max - min < f64::EPSILON * max.abs().max(1.0) {
        return gauge_range(if min.is_finite() { min } else { 0.0 });
    }
    let step = 10f64.powf((max - min).log10().floor());
    let low = (min / step).floor() * step;
    let high = (max / step).ceil() * step;
    // Round away the float noise of the division (0.1 × 3 = 0.30000000000000004).
    let tidy = |value: f64| (value / step).round() * step;
    (tidy(low), tidy(high))
}

/// Decimal places of `number` as it was written (at most 3).
fn decimals_of(number: f64) -> u8 {
    let text = format!("{number}");
    text.split_once('.').map_or(0, |(_, fraction)| fraction.len().min(3) as u8)
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
        assert_eq!(suggest_widget_kind(b"#ff8800", None), WidgetKind::Color);
        assert_eq!(suggest_widget_kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None), WidgetKind::Image);
        assert_eq!(on_off_pair("false"), Some(("true".into(), "false".into())));
    }

    fn source<'a>(topic: &'a str, value_path: Option<&'a str>, payload: &'a [u8]) -> PinSource<'a> {
        PinSource { connection: "local", topic, value_path, payload, earlier: &[] }
    }

    #[test]
    fn a_pinned_widget_is_set_up_from_the_payload() {
        let gauge = pinned_widget("w".into(), WidgetKind::Gauge, source("home/t", Some("$.t"), br#"{"t": 250}"#));
        assert_eq!((gauge.topic.as_deref(), gauge.value_path.as_deref()), (Some("home/t"), Some("$.t")));
        assert_eq!((gauge.min, gauge.max), (Some(0.0), Some(1000.0)));
        assert_eq!(gauge.title.as_deref(), Some("t"));
        assert_eq!(gauge_range(-5.0), (-10.0, 10.0));
        let switch = pinned_widget("w".into(), WidgetKind::Switch, source("home/lamp/state", None, b"off"));
        assert_eq!(switch.command_topic.as_deref(), Some("home/lamp/set"));
        assert_eq!((switch.on_payload.as_deref(), switch.off_payload.as_deref()), (Some("on"), Some("off")));
        assert_eq!(switch.title.as_deref(), Some("state"));
        let chart = pinned_widget("w".into(), WidgetKind::Chart, source("home/t", None, b"3"));
        assert_eq!((chart.topic.as_deref(), chart.series[0].label.as_deref()), (None, Some("t")));
        for widget in [gauge, switch, chart] {
            widget.validate("test", "widget").unwrap();
        }
    }

    #[test]
    fn a_pinned_select_offers_the_payloads_seen_and_controls_get_a_command_topic() {
        let earlier: [&[u8]; 4] = [b"eco", b"off", b"comfort", b"eco"];
        let select = pinned_widget(
            "w".into(),
            WidgetKind::Select,
            PinSource { earlier: &earlier, ..source("home/heating/mode", None, b"eco") },
        );
        let options: Vec<String> =
            select.states.iter().map(|state| state.matches.clone().unwrap().to_string()).collect();
        assert_eq!(options, [r#""comfort""#, r#""eco""#, r#""off""#]);
        assert_eq!(select.command_topic.as_deref(), Some("home/heating/mode/set"));
        let level = pinned_widget("w".into(), WidgetKind::Level, source("home/tank", None, b"72"));
        assert_eq!((level.min, level.max, level.command_topic.as_deref()), (Some(0.0), Some(100.0), None));
        let color = pinned_widget("w".into(), WidgetKind::Color, source("home/lamp/color", None, b"#ff8800"));
        assert_eq!(color.command_topic.as_deref(), Some("home/lamp/color/set"));
        for widget in [select, level, color] {
            widget.validate("test", "widget").unwrap();
        }
    }

    #[test]
    fn a_pinned_gauge_ranges_over_what_was_seen_with_its_decimals() {
        let earlier: [&[u8]; 3] = [b"19.2", b"23.8", b"not a number"];
        let gauge = pinned_widget(
            "w".into(),
            WidgetKind::Gauge,
            PinSource { earlier: &earlier, ..source("home/living/temperature", None, b"21.45") },
        );
        assert_eq!((gauge.min, gauge.max), (Some(19.0), Some(24.0)));
        assert_eq!(gauge.decimals, Some(2));
        assert_eq!(gauge.title.as_deref(), Some("temperature"));
        assert_eq!(observed_range(&[1200.0, 1750.0]), (1200.0, 1800.0));
        assert_eq!(observed_range(&[0.1, 0.35]), (0.1, 0.4));
        assert_eq!(observed_range(&[-3.0, 12.0]), (-10.0, 20.0));
        assert_eq!(observed_range(&[]), (0.0, 100.0));
        assert_eq!(decimals_of(20.0), 0);
        assert_eq!(decimals_of(0.123456), 3);
    }

    #[test]
    fn a_pinned_title_is_the_json_key_or_the_last_topic_level() {
        assert_eq!(pin_title("a/b", Some("$.room.temp")), "temp");
        assert_eq!(pin_title("a/b", Some("$.list[2]")), "list[2]");
        assert_eq!(pin_title("a/b", Some("$['odd key']")), "odd key");
        assert_eq!(pin_title("a/b/", None), "b");
        assert_eq!(pin_title("a/b", Some("$")), "b");
    }
}
