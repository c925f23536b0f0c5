//! Native tests of the router: counted bindings and once-per-frame routing.

use super::*;
use crate::model::{SeriesSpec, Widget, WidgetKind};

fn gauge(id: &str, topic: &str, path: Option<&str>) -> Widget {
    Widget {
        topic: Some(topic.into()),
        value_path: path.map(str::to_owned),
        ..Widget::new(id.into(), WidgetKind::Gauge, "home".into())
    }
}

fn chart(id: &str, topic: &str, path: Option<&str>) -> Widget {
    Widget {
        series: vec![SeriesSpec {
            topic: topic.into(),
            value_path: path.map(str::to_owned),
            label: None,
            color: None,
            axis: None,
        }],
        ..Widget::new(id.into(), WidgetKind::Chart, "home".into())
    }
}

fn dashboard(widgets: Vec<Widget>) -> Vec<Dashboard> {
    vec![Dashboard { widgets, ..Dashboard::new("d".into(), "D".into()) }]
}

fn message(topic: &str, payload: &str) -> Publish {
    Publish::new(topic, payload.as_bytes().to_vec())
}

fn sorted(mut topics: Vec<String>) -> Vec<String> {
    topics.sort();
    topics
}

#[test]
fn a_deleted_widget_drops_its_topic_and_bumps_the_revision() {
    let mut bindings = Bindings::default();
    let both = dashboard(vec![gauge("a", "t/1", None), gauge("b", "t/2", None), gauge("c", "t/2", None)]);
    assert_eq!(bindings.bind_dashboards(&both), ["home"]);
    let (first, topics) = bindings.topics_since("home", 0).unwrap();
    assert_eq!(sorted(topics), ["t/1", "t/2"]);
    // The same dashboards again change nothing: no revision, nothing to subscribe.
    assert!(bindings.bind_dashboards(&both).is_empty());
    assert!(bindings.topics_since("home", first).is_none());
    // t/2 is still read by widget c after b goes: it stays.
    assert!(bindings.bind_dashboards(&dashboard(vec![gauge("a", "t/1", None), gauge("c", "t/2", None)])).is_empty());
    // Without widget a, nothing reads t/1: it is dropped and the driver is told.
    assert_eq!(bindings.bind_dashboards(&dashboard(vec![gauge("c", "t/2", None)])), ["home"]);
    let (second, topics) = bindings.topics_since("home", first).unwrap();
    assert!(second > first);
    assert_eq!(topics, ["t/2"]);
    // A message on the dropped topic reaches nothing.
    let updates = bindings.route_frame("home", &[message("t/1", "5")], 1.0);
    assert!(updates.latest.is_empty() && updates.readings.is_empty());
    assert!(bindings.bind_dashboards(&[]).contains(&"home".to_owned()));
    assert_eq!(bindings.topics("home"), Vec::<String>::new());
}

#[test]
fn one_frame_sets_each_topic_once_and_shares_one_reading_per_path() {
    let mut bindings = Bindings::default();
    let widgets =
        vec![gauge("a", "room", Some("$.t")), gauge("b", "room", Some("$.t")), gauge("c", "room", Some("$.h"))];
    bindings.bind_dashboards(&dashboard(widgets));
    let a = bindings.topic("home", "room", Some("$.t"));
    let b = bindings.topic("home", "room", Some("$.t"));
    a.reading.set(Some(Reading::Text("shared".into())));
    assert_eq!(b.reading.get_untracked(), Some(Reading::Text("shared".into())), "one (topic, path), one reading");
    let frame = [message("room", r#"{"t":1,"h":10}"#), message("room", r#"{"t":2,"h":20}"#), message("other", "x")];
    let updates = bindings.route_frame("home", &frame, 7.0);
    // The latest wins, once per topic, and only its payload is parsed (once, for both paths).
    assert_eq!(updates.latest.len(), 1);
    assert_eq!(&updates.latest[0].1.payload[..], br#"{"t":2,"h":20}"#);
    assert_eq!(updates.readings.len(), 2);
    assert_eq!(updates.payloads_parsed, 1);
    let values: Vec<_> = updates.readings.iter().map(|(_, reading)| reading.clone()).collect();
    assert_eq!(values, [Reading::Number(2.0), Reading::Number(20.0)]);
    updates.apply();
    assert_eq!(a.reading.get_untracked(), Some(Reading::Number(2.0)));
    assert_eq!(a.latest.get_untracked().map(|sample| sample.at_ms), Some(7.0));
}

#[test]
fn a_charted_path_gets_every_point_with_one_parse_per_message() {
    let mut bindings = Bindings::default();
    bindings.bind_dashboards(&dashboard(vec![chart("c", "power", Some("$.w")), gauge("g", "power", Some("$.v"))]));
    let series = bindings.series("home", "power", Some("$.w"));
    let frame: Vec<_> = (0..5).map(|index| message("power", &format!(r#"{{"w":{index},"v":1}}"#))).collect();
    let updates = bindings.route_frame("home", &frame, 3.0);
    assert_eq!(series.buffer.borrow().len(), 5);
    assert_eq!(updates.series.len(), 1, "one revision bump per series per frame");
    assert_eq!(updates.payloads_parsed, 5, "each message parsed once, not once per path");
    updates.apply();
    assert_eq!(series.revision.get_untracked(), 1);
    // The chart is removed: its series goes, the gauge's reading stays.
    bindings.bind_dashboards(&dashboard(vec![gauge("g", "power", Some("$.v"))]));
    let updates = bindings.route_frame("home", &frame, 4.0);
    assert!(updates.series.is_empty());
    assert_eq!(updates.payloads_parsed, 1);
}

#[test]
fn a_new_path_on_a_topic_reads_the_sample_it_already_has() {
    let mut bindings = Bindings::default();
    bindings.bind_dashboards(&dashboard(vec![gauge("a", "room", Some("$.t"))]));
    bindings.route_frame("home", &[message("room", r#"{"t":1,"h":50}"#)], 1.0).apply();
    let humidity = bindings.topic("home", "room", Some("$.h"));
    assert_eq!(humidity.reading.get_untracked(), Some(Reading::Number(50.0)));
}
