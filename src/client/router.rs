//! Routes received messages to the widgets bound to their topics. Widgets
//! bind to exact topic names, so a hash index per connection finds a
//! message's bindings without scanning widgets. Per animation frame each
//! bound topic's latest sample is written to its signal once (the latest
//! wins), while every message's number goes into the chart series bound to
//! the topic. Bindings outlive the widgets that made them, so switching
//! dashboards keeps values; there is one per distinct topic, never per message.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use mqtt::Publish;

use crate::model::value::{read_payload, JsonPath};
use crate::model::Dashboard;

pub use crate::model::series::SeriesBuffer;

/// The newest message on a topic, as widgets read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The payload bytes (shared with the received frame).
    pub payload: bytes::Bytes,
    /// Whether it came as a retained message.
    pub retained: bool,
    /// When it arrived, in `performance.now()` milliseconds.
    pub at_ms: f64,
}

/// A chart line's data and the revision its chart redraws on.
#[derive(Clone)]
pub struct SeriesHandle {
    /// Every point in the window, bounded.
    pub buffer: Rc<RefCell<SeriesBuffer>>,
    /// Bumped once per frame in which points were added.
    pub revision: ArcRwSignal<u64>,
}

struct SeriesBinding {
    path_text: Option<String>,
    path: Option<JsonPath>,
    handle: SeriesHandle,
}

struct TopicBinding {
    latest: ArcRwSignal<Option<Sample>>,
    series: Vec<SeriesBinding>,
}

thread_local! {
    /// connection id → topic → binding.
    static BINDINGS: RefCell<HashMap<String, HashMap<String, TopicBinding>>> = RefCell::new(HashMap::new());
}

fn with_binding<T>(connection: &str, topic: &str, action: impl FnOnce(&mut TopicBinding) -> T) -> T {
    let (result, added) = BINDINGS.with(|bindings| {
        let mut bindings = bindings.borrow_mut();
        let topics = bindings.entry(connection.to_owned()).or_default();
        let added = !topics.contains_key(topic);
        let binding = topics
            .entry(topic.to_owned())
            .or_insert_with(|| TopicBinding { latest: ArcRwSignal::new(None), series: Vec::new() });
        (action(binding), added)
    });
    if added {
        super::subscribe_widget_topics(connection);
    }
    result
}

/// The latest sample on `topic` of `connection`, as a signal.
pub fn latest(connection: &str, topic: &str) -> ArcRwSignal<Option<Sample>> {
    with_binding(connection, topic, |binding| binding.latest.clone())
}

/// The chart series of `topic` read through `value_path` (shared by every
/// chart that shows the same line).
pub fn series(connection: &str, topic: &str, value_path: Option<&str>) -> SeriesHandle {
    with_binding(connection, topic, |binding| {
        if let Some(existing) = binding.series.iter().find(|series| series.path_text.as_deref() == value_path) {
            return existing.handle.clone();
        }
        let handle = SeriesHandle {
            buffer: Rc::new(RefCell::new(SeriesBuffer::new(crate::model::series::SERIES_CAPACITY))),
            revision: ArcRwSignal::new(0),
        };
        binding.series.push(SeriesBinding {
            path_text: value_path.map(str::to_owned),
            path: value_path.and_then(|path| JsonPath::parse(path).ok()),
            handle: handle.clone(),
        });
        handle
    })
}

/// Binds every topic the dashboards' widgets read, so that their
/// connections subscribe at once, before the widgets are first shown.
pub fn bind_dashboards(dashboards: &[Dashboard]) {
    for widget in dashboards.iter().flat_map(|dashboard| &dashboard.widgets) {
        if let Some(topic) = &widget.topic {
            latest(&widget.connection, topic);
        }
        for line in &widget.series {
            series(&widget.connection, &line.topic, line.value_path.as_deref());
        }
    }
}

/// The topics bound on `connection`.
pub fn bound_topics(connection: &str) -> Vec<String> {
    BINDINGS.with(|bindings| {
        bindings.borrow().get(connection).map(|topics| topics.keys().cloned().collect()).unwrap_or_default()
    })
}

/// Hands one frame's messages to their bindings: each latest signal is set
/// once, each series gets every point and one revision bump.
pub fn route_frame(connection: &str, messages: &[Publish], at_ms: f64) {
    let mut latest_updates: Vec<(ArcRwSignal<Option<Sample>>, Sample)> = Vec::new();
    let mut touched_series: Vec<SeriesHandle> = Vec::new();
    BINDINGS.with(|bindings| {
        let bindings = bindings.borrow();
        let Some(topics) = bindings.get(connection) else { return };
        let mut latest_index: HashMap<&str, usize> = HashMap::new();
        for message in messages {
            let Some(binding) = topics.get(message.topic.as_str()) else { continue };
            let sample = Sample { payload: message.payload.clone(), retained: message.retain, at_ms };
            match latest_index.get(message.topic.as_str()) {
                Some(&index) => latest_updates[index].1 = sample,
                None => {
                    latest_index.insert(message.topic.as_str(), latest_updates.len());
                    latest_updates.push((binding.latest.clone(), sample));
                }
            }
            for line in &binding.series {
                if let Some(value) = read_payload(&message.payload, line.path.as_ref()).as_number() {
                    line.handle.buffer.borrow_mut().push(at_ms, value);
                    if !touched_series.iter().any(|touched| Rc::ptr_eq(&touched.buffer, &line.handle.buffer)) {
                        touched_series.push(line.handle.clone());
                    }
                }
            }
        }
    });
    // Signals are written after the index is released: effects may bind new topics.
    for (signal, sample) in latest_updates {
        signal.set(Some(sample));
    }
    for series in touched_series {
        series.revision.update(|revision| *revision += 1);
    }
}
