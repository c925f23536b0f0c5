//! The widget form: every field round-trips through its text, the form
//! builds a checked widget and clears fields of other kinds, bad text is
//! refused by field name.

use super::*;
use crate::dashboard::{Axis, SeriesSpec};

fn full_gauge() -> Widget {
    Widget {
        title: Some("Living".into()),
        topic: Some("home/living".into()),
        value_path: Some("$.t".into()),
        unit: Some("°C".into()),
        min: Some(-10.0),
        max: Some(40.5),
        decimals: Some(1),
        thresholds: vec![Threshold { value: 28.0, color: "#e53935".into() }],
        stale_after_s: Some(60),
        width: Some(2),
        ..Widget::new("w".into(), WidgetKind::Gauge, "home".into())
    }
}

#[test]
fn every_field_round_trips_through_its_text() {
    let mut widget = full_gauge();
    widget.series = vec![SeriesSpec {
        topic: "p".into(),
        value_path: Some("$.w".into()),
        label: None,
        color: Some("#fff".into()),
        axis: Some(Axis::Right),
    }];
    widget.qos = Qos::ExactlyOnce;
    widget.confirm = true;
    widget.states = vec![StateLook::from_line("LOCKED | Locked | #c62828 | lock").unwrap()];
    widget.alerts = vec![
        AlertRule::from_line("above 30 | hysteresis 1 | for 10 | notify").unwrap(),
        AlertRule::from_line("stale 120").unwrap(),
    ];
    let mut copy = Widget::new("w".into(), WidgetKind::Gauge, "home".into());
    for &field in FormField::ALL {
        field.apply(&mut copy, &field.text_of(&widget)).unwrap();
    }
    assert_eq!(copy, widget);
    assert_eq!(FormField::Series.text_of(&widget), "p | $.w |  | #fff | right");
}

#[test]
fn the_form_builds_a_checked_widget_and_clears_fields_of_other_kinds() {
    let base = full_gauge();
    let texts = |field: FormField| match field {
        FormField::CommandTopic => "home/lamp/set".to_owned(),
        other => other.text_of(&base),
    };
    let switch = build_widget(&base, WidgetKind::Switch, "home".into(), texts).unwrap();
    assert_eq!(switch.command_topic.as_deref(), Some("home/lamp/set"));
    assert_eq!((switch.unit.as_ref(), switch.thresholds.len(), switch.min), (None, 0, None));
    assert_eq!(switch.topic.as_deref(), Some("home/living"), "shared fields stay");
    let error = build_widget(&base, WidgetKind::Gauge, "home".into(), |field| match field {
        FormField::Max => "-20".to_owned(),
        other => other.text_of(&base),
    })
    .unwrap_err();
    assert_eq!(error, vec![(Some(FormField::Max), "-20 must be above min (-10)".to_owned())]);
    let errors = build_widget(&base, WidgetKind::Gauge, "home".into(), |field| match field {
        FormField::Min => "cold".to_owned(),
        FormField::Width => "wide".to_owned(),
        other => other.text_of(&base),
    })
    .unwrap_err();
    let fields: Vec<_> = errors.iter().map(|(field, _)| *field).collect();
    assert_eq!(fields, [Some(FormField::Min), Some(FormField::Width)], "every unreadable field at once");
    let series_error = build_widget(&base, WidgetKind::Chart, "home".into(), |field| match field {
        FormField::Series => "a/b | $.x | X\nc/# | | Y".to_owned(),
        other => other.text_of(&base),
    })
    .unwrap_err();
    assert_eq!(series_error[0].0, Some(FormField::Series), "{series_error:?}");
}

#[test]
fn bad_text_is_refused_by_field_name() {
    let mut widget = full_gauge();
    assert_eq!(FormField::Min.apply(&mut widget, "cold").unwrap_err().to_string(), "Minimum: \"cold\" is not a number");
    assert_eq!(FormField::Qos.apply(&mut widget, "3").unwrap_err().to_string(), "Command QoS: QoS 3 is not 0, 1 or 2");
    assert_eq!(
        FormField::Width.apply(&mut widget, "1.5").unwrap_err().to_string(),
        "Width (columns 1–4): \"1.5\" is not a whole number"
    );
    assert!(FormField::Thresholds.apply(&mut widget, "hot #f00").is_err());
    assert_eq!(widget.min, Some(-10.0), "a refused text changes nothing");
}
