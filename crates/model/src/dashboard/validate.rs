//! The checks of a dashboard and its widgets as a settings file or the
//! widget form gives them: what each kind needs, topics without wildcards,
//! JSON paths that parse, ranges, sizes, unique ids and known connections.
//! Each error names the field's path in the file.

use super::{Dashboard, Widget, WidgetKind, MAX_WINDOW_S};
use crate::dashboard_edit::MAX_SPAN;
use crate::value::validate_path;
use crate::ModelError;

impl Widget {
    /// Checks what this kind needs. `field` names the widget in errors,
    /// e.g. `dashboards[0].widgets[3]`.
    pub fn validate(&self, source_name: &str, field: &str) -> Result<(), ModelError> {
        let invalid = |name: &str, problem: String| ModelError::InvalidValue {
            source_name: source_name.to_owned(),
            field: format!("{field}.{name}"),
            problem,
        };
        if self.id.trim().is_empty() {
            return Err(invalid("id", "must not be empty".into()));
        }
        let check_topic = |name: &str, topic: &Option<String>| match topic {
            Some(topic) => {
                mqtt::topic::validate_topic_name(topic).map_err(|error| invalid(name, format!("{topic:?}: {error}")))
            }
            None => Ok(()),
        };
        check_topic("topic", &self.topic)?;
        check_topic("command_topic", &self.command_topic)?;
        let configured_response =
            self.response_topic.as_ref().filter(|topic| topic.as_str() != crate::response::AUTO_RESPONSE_TOPIC);
        check_topic("response_topic", &configured_response.cloned())?;
        validate_path(self.value_path.as_deref(), source_name, &format!("{field}.value_path"))?;
        let needs = |name: &str, present: bool| {
            if present {
                Ok(())
            } else {
                Err(invalid(name, format!("a {} widget needs one", self.kind.as_str())))
            }
        };
        match self.kind {
            WidgetKind::Gauge | WidgetKind::Text | WidgetKind::Indicator | WidgetKind::Level | WidgetKind::Image => {
                needs("topic", self.topic.is_some())?
            }
            WidgetKind::Chart => needs("series", !self.series.is_empty())?,
            _ => needs("command_topic", self.command_topic.is_some())?,
        }
        if self.kind == WidgetKind::Select {
            needs("states", !self.states.is_empty())?;
            if let Some(index) = self.states.iter().position(|state| state.matches.is_none()) {
                return Err(invalid(
                    &format!("states[{index}]"),
                    "an option needs the payload it sends (\"match\")".into(),
                ));
            }
        }
        if let Some(Err(error)) = self.expression.as_deref().map(crate::expr::Expr::parse) {
            return Err(invalid("expression", error.to_string()));
        }
        if let (Some(min), Some(max)) = (self.min, self.max) {
            if min >= max {
                return Err(invalid("max", format!("{max} must be above min ({min})")));
            }
        }
        if self.step.is_some_and(|step| step <= 0.0 || !step.is_finite()) {
            return Err(invalid("step", "must be a positive number".into()));
        }
        if let Some(window) = self.window_s {
            if !(60..=MAX_WINDOW_S).contains(&window) {
                return Err(invalid("window_s", format!("{window} is outside 60 s … 30 d")));
            }
        }
        if self.width.is_some_and(|width| !(1..=MAX_SPAN).contains(&width)) {
            return Err(invalid("width", "is 1 to 4 columns".into()));
        }
        if self.height.is_some_and(|height| !(1..=MAX_SPAN).contains(&height)) {
            return Err(invalid("height", "is 1 to 4 rows".into()));
        }
        if !self.alerts.is_empty() && self.topic.is_none() {
            return Err(invalid("alerts", "watch the widget's state topic, and this widget has none".into()));
        }
        let states = self.states.iter().map(super::StateLook::problem).enumerate().map(|found| ("states", found));
        let rules =
            self.alerts.iter().map(crate::alerts::AlertRule::problem).enumerate().map(|found| ("alerts", found));
        for (name, (index, problem)) in states.chain(rules) {
            if let Some(problem) = problem {
                return Err(invalid(&format!("{name}[{index}]"), problem));
            }
        }
        let colors = self.thresholds.iter().map(|band| ("thresholds", Some(&band.color)));
        let colors = colors.chain(self.states.iter().map(|state| ("states", state.color.as_ref())));
        let colors = colors.chain(self.series.iter().map(|series| ("series", series.color.as_ref())));
        for (name, color) in colors {
            if let Some(color) = color.filter(|color| !crate::color::is_plain_color(color)) {
                return Err(invalid(name, format!("{color:?} is not a colour (#rrggbb, a name, or rgb(…))")));
            }
        }
        for (index, series) in self.series.iter().enumerate() {
            if let Err(error) = mqtt::topic::validate_topic_name(&series.topic) {
                return Err(invalid(&format!("series[{index}].topic"), format!("{:?}: {error}", series.topic)));
            }
            validate_path(series.value_path.as_deref(), source_name, &format!("{field}.series[{index}].value_path"))?;
        }
        Ok(())
    }
}

impl Dashboard {
    /// Checks every widget and that widget ids are unique and connections exist.
    pub fn validate(&self, source_name: &str, field: &str, connection_ids: &[&str]) -> Result<(), ModelError> {
        let invalid = |name: String, problem: String| ModelError::InvalidValue {
            source_name: source_name.to_owned(),
            field: format!("{field}.{name}"),
            problem,
        };
        if self.id.trim().is_empty() {
            return Err(invalid("id".into(), "must not be empty".into()));
        }
        for (index, widget) in self.widgets.iter().enumerate() {
            let widget_field = format!("{field}.widgets[{index}]");
            widget.validate(source_name, &widget_field)?;
            if self.widgets[..index].iter().any(|earlier| earlier.id == widget.id) {
                return Err(invalid(format!("widgets[{index}].id"), format!("{:?} is used twice", widget.id)));
            }
            if !connection_ids.contains(&widget.connection.as_str()) {
                return Err(invalid(
                    format!("widgets[{index}].connection"),
                    format!("{:?} is not one of the file's connections", widget.connection),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widget(json: &str) -> Widget {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn each_kind_says_what_it_is_missing() {
        let gauge = widget(r#"{"id":"g","kind":"gauge","connection":"c"}"#);
        let error = gauge.validate("f", "w").unwrap_err().to_string();
        assert_eq!(error, "f: w.topic: a gauge widget needs one");
        let button = widget(r#"{"id":"b","kind":"button","connection":"c"}"#);
        assert!(button.validate("f", "w").unwrap_err().to_string().contains("command_topic"));
        let chart = widget(r#"{"id":"t","kind":"chart","connection":"c"}"#);
        assert!(chart.validate("f", "w").unwrap_err().to_string().contains("series"));
    }

    #[test]
    fn every_time_window_the_chart_offers_is_a_valid_window_s() {
        for (seconds, label) in crate::chart_view::PRESETS {
            let chart = widget(&format!(
                r#"{{"id":"c","kind":"chart","connection":"c","window_s":{seconds},"series":[{{"topic":"a"}}]}}"#
            ));
            assert!(chart.validate("f", "w").is_ok(), "{label}");
        }
        let too_long =
            widget(r#"{"id":"c","kind":"chart","connection":"c","window_s":2592001,"series":[{"topic":"a"}]}"#);
        assert!(too_long.validate("f", "w").unwrap_err().to_string().contains("outside 60 s … 30 d"));
    }

    #[test]
    fn wildcards_ranges_and_paths_are_checked() {
        let wildcard = widget(r#"{"id":"g","kind":"gauge","connection":"c","topic":"a/+"}"#);
        assert!(wildcard.validate("f", "w").unwrap_err().to_string().contains("w.topic"));
        let range = widget(r#"{"id":"g","kind":"gauge","connection":"c","topic":"a","min":5,"max":5}"#);
        assert!(range.validate("f", "w").unwrap_err().to_string().contains("must be above min"));
        let path = widget(r#"{"id":"g","kind":"gauge","connection":"c","topic":"a","value_path":"temp"}"#);
        assert!(path.validate("f", "w").unwrap_err().to_string().contains("w.value_path"));
    }

    #[test]
    fn alert_rules_are_checked_and_need_a_state_topic() {
        let bad =
            widget(r#"{"id":"g","kind":"gauge","connection":"c","topic":"a","alerts":[{"above":1},{"for_s":3}]}"#);
        let error = bad.validate("f", "w").unwrap_err().to_string();
        assert!(error.contains("w.alerts[1]") && error.contains("needs one of"), "{error}");
        let chart =
            widget(r#"{"id":"t","kind":"chart","connection":"c","series":[{"topic":"a"}],"alerts":[{"above":1}]}"#);
        assert!(chart.validate("f", "w").unwrap_err().to_string().contains("state topic"));
        let good =
            widget(r#"{"id":"g","kind":"gauge","connection":"c","topic":"a","alerts":[{"above":30,"hysteresis":1}]}"#);
        assert!(good.validate("f", "w").is_ok());
    }

    #[test]
    fn duplicate_widget_ids_and_unknown_connections_are_named() {
        let text = r#"{"id":"d","title":"D","widgets":[
            {"id":"x","kind":"text","connection":"c","topic":"a"},
            {"id":"x","kind":"text","connection":"c","topic":"b"}]}"#;
        let dashboard: Dashboard = serde_json::from_str(text).unwrap();
        let error = dashboard.validate("f", "dashboards[0]", &["c"]).unwrap_err().to_string();
        assert!(error.contains("dashboards[0].widgets[1].id"), "{error}");
        let error = dashboard.validate("f", "dashboards[0]", &["other"]).unwrap_err().to_string();
        assert!(error.contains("widgets[0].connection"), "{error}");
    }
}
