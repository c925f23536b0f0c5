//! Routes received messages to the widgets bound to their topics.
//!
//! Bindings are derived from the dashboards: [`Bindings::bind_dashboards`]
//! counts, per connection and exact topic, the widgets and chart lines
//! that read it, adds what is new and drops what nothing reads any more.
//! Each change bumps the connection's revision, which its driver pulls on
//! its next drain to subscribe and unsubscribe.
//!
//! Per frame, a bound topic's latest sample is written once (the latest
//! wins), each (topic, value path) gets one [`Reading`] shared by every
//! widget that shows it, and every message's number goes into the chart
//! series of that path. A payload is decoded at most once per frame: one
//! [`PayloadReader`] serves every path. Signals are set by the caller after
//! the bindings are released ([`FrameUpdates::apply`]).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use mqtt::Publish;

use crate::model::fast_hash::FastMap;
use crate::model::value::{JsonPath, PayloadReader, Reading};
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

impl SeriesHandle {
    fn new() -> Self {
        SeriesHandle {
            buffer: Rc::new(RefCell::new(SeriesBuffer::new(crate::model::series::SERIES_CAPACITY))),
            revision: ArcRwSignal::new(0),
        }
    }
}

/// One (topic, value path): the reading widgets show and, when a chart
/// draws it, its series.
struct PathBinding {
    path_text: Option<String>,
    path: Option<JsonPath>,
    reading: ArcRwSignal<Option<Reading>>,
    series: Option<SeriesHandle>,
}

struct TopicBinding {
    latest: ArcRwSignal<Option<Sample>>,
    paths: Vec<PathBinding>,
    /// How many widgets and chart lines read this topic.
    users: usize,
    /// The arrival time of the last message saved to the history store.
    saved_at_ms: Cell<f64>,
}

impl TopicBinding {
    fn new() -> Self {
        TopicBinding { latest: ArcRwSignal::new(None), paths: Vec::new(), users: 0, saved_at_ms: Cell::new(f64::NAN) }
    }

    fn path(&mut self, path_text: Option<&str>) -> &mut PathBinding {
        let index = match self.paths.iter().position(|binding| binding.path_text.as_deref() == path_text) {
            Some(index) => index,
            None => {
                let path = path_text.and_then(|text| JsonPath::parse(text).ok());
                // A new path on a topic that already has a sample reads it at once.
                let first = self.latest.with_untracked(|sample| {
                    sample.as_ref().map(|sample| PayloadReader::new(&sample.payload).read(path.as_ref()))
                });
                self.paths.push(PathBinding {
                    path_text: path_text.map(str::to_owned),
                    path,
                    reading: ArcRwSignal::new(first),
                    series: None,
                });
                self.paths.len() - 1
            }
        };
        &mut self.paths[index]
    }
}

#[derive(Default)]
struct ConnectionBindings {
    topics: FastMap<String, TopicBinding>,
    /// Bumped whenever a topic is bound or dropped.
    revision: u64,
}

/// Every connection's bindings: connection id → topic → binding.
#[derive(Default)]
pub struct Bindings {
    connections: HashMap<String, ConnectionBindings>,
    /// This browser's id, which names the `"auto"` response topic.
    device_id: String,
}

/// What one widget reads on one topic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Need {
    connection: String,
    topic: String,
    path: Option<String>,
    series: bool,
}

fn needs_of(dashboards: &[Dashboard], device_id: &str) -> Vec<Need> {
    let mut needs = Vec::new();
    for widget in dashboards.iter().flat_map(|dashboard| &dashboard.widgets) {
        if let Some(topic) = &widget.topic {
            let (connection, topic, path) = (widget.connection.clone(), topic.clone(), widget.value_path.clone());
            needs.push(Need { connection, topic, path, series: false });
        }
        // Subscribed so that correlated responses arrive (see `responses`).
        if let Some(topic) = widget.response_topic_for(device_id) {
            needs.push(Need { connection: widget.connection.clone(), topic, path: None, series: false });
        }
        for line in &widget.series {
            let (connection, topic, path) = (widget.connection.clone(), line.topic.clone(), line.value_path.clone());
            needs.push(Need { connection, topic, path, series: true });
        }
    }
    needs
}

/// A binding's signals, looked up by a widget.
pub struct TopicSignals {
    /// The newest message.
    pub latest: ArcRwSignal<Option<Sample>>,
    /// That message through the widget's value path.
    pub reading: ArcRwSignal<Option<Reading>>,
}

impl Bindings {
    /// No bindings yet, for the browser `device_id`.
    pub fn for_device(device_id: String) -> Self {
        Bindings { device_id, ..Bindings::default() }
    }

    /// Makes the bindings what `dashboards` need: new topics and paths are
    /// bound, those no widget reads any more are dropped. Returns the
    /// connections whose set of topics changed.
    pub fn bind_dashboards(&mut self, dashboards: &[Dashboard]) -> Vec<String> {
        let needs = needs_of(dashboards, &self.device_id);
        let mut changed = Vec::new();
        for bindings in self.connections.values_mut() {
            for binding in bindings.topics.values_mut() {
                binding.users = 0;
            }
        }
        for need in &needs {
            let bindings = self.connections.entry(need.connection.clone()).or_default();
            let binding = bindings.topics.entry(need.topic.clone()).or_insert_with(|| {
                if !changed.contains(&need.connection) {
                    changed.push(need.connection.clone());
                }
                TopicBinding::new()
            });
            binding.users += 1;
            let path = binding.path(need.path.as_deref());
            if need.series && path.series.is_none() {
                path.series = Some(SeriesHandle::new());
            }
        }
        for (connection, bindings) in &mut self.connections {
            let before = bindings.topics.len();
            bindings.topics.retain(|_, binding| binding.users > 0);
            for (topic, binding) in &mut bindings.topics {
                binding.paths.retain(|path| {
                    needs.iter().any(|need| {
                        &need.connection == connection && &need.topic == topic && need.path == path.path_text
                    })
                });
                for path in &mut binding.paths {
                    let charted = needs.iter().any(|need| {
                        need.series
                            && &need.connection == connection
                            && &need.topic == topic
                            && need.path == path.path_text
                    });
                    if !charted {
                        path.series = None;
                    }
                }
            }
            if bindings.topics.len() != before && !changed.contains(connection) {
                changed.push(connection.clone());
            }
        }
        self.connections.retain(|_, bindings| !bindings.topics.is_empty());
        for connection in &changed {
            if let Some(bindings) = self.connections.get_mut(connection) {
                bindings.revision += 1;
            }
        }
        changed
    }

    /// The signals of `topic` read through `path`, bound now if the
    /// dashboards did not (a widget shown before it is saved).
    pub fn topic(&mut self, connection: &str, topic: &str, path: Option<&str>) -> TopicSignals {
        let bindings = self.connections.entry(connection.to_owned()).or_default();
        let binding = bindings.topics.entry(topic.to_owned()).or_insert_with(TopicBinding::new);
        let latest = binding.latest.clone();
        let reading = binding.path(path).reading.clone();
        TopicSignals { latest, reading }
    }

    /// The chart series of `topic` read through `path` (shared by every
    /// chart that shows the same line).
    pub fn series(&mut self, connection: &str, topic: &str, path: Option<&str>) -> SeriesHandle {
        let bindings = self.connections.entry(connection.to_owned()).or_default();
        let binding = bindings.topics.entry(topic.to_owned()).or_insert_with(TopicBinding::new);
        binding.path(path).series.get_or_insert_with(SeriesHandle::new).clone()
    }

    /// The revision of `connection`'s topics and the topics, when the
    /// revision is not `seen` (what the driver last subscribed).
    pub fn topics_since(&self, connection: &str, seen: u64) -> Option<(u64, Vec<String>)> {
        let (revision, topics) = match self.connections.get(connection) {
            Some(bindings) => (bindings.revision, bindings.topics.keys().cloned().collect()),
            None => (0, Vec::new()),
        };
        (revision != seen).then_some((revision, topics))
    }

    /// The revision of `connection`'s topics.
    pub fn revision(&self, connection: &str) -> u64 {
        self.connections.get(connection).map_or(0, |bindings| bindings.revision)
    }

    /// The topics bound on `connection`.
    pub fn topics(&self, connection: &str) -> Vec<String> {
        self.connections.get(connection).map(|bindings| bindings.topics.keys().cloned().collect()).unwrap_or_default()
    }

    /// Works out what one frame's messages change: each bound topic's
    /// latest sample once, each (topic, path) reading once, and every
    /// number of a charted path into its series (pushed here: the buffers
    /// are plain data).
    pub fn route_frame(&self, connection: &str, messages: &[Publish], at_ms: f64) -> FrameUpdates {
        let mut updates = FrameUpdates::default();
        let Some(bindings) = self.connections.get(connection) else { return updates };
        let mut last_on_topic: FastMap<&str, usize> = FastMap::default();
        for (index, message) in messages.iter().enumerate() {
            if bindings.topics.contains_key(message.topic.as_str()) {
                last_on_topic.insert(message.topic.as_str(), index);
            }
        }
        for (index, message) in messages.iter().enumerate() {
            let Some(binding) = bindings.topics.get(message.topic.as_str()) else { continue };
            let is_latest = last_on_topic.get(message.topic.as_str()) == Some(&index);
            let charted = binding.paths.iter().any(|path| path.series.is_some());
            if !is_latest && !charted {
                continue;
            }
            let reader = PayloadReader::new(&message.payload);
            if is_latest {
                let sample = Sample { payload: message.payload.clone(), retained: message.retain, at_ms };
                updates.latest.push((binding.latest.clone(), sample));
            }
            for path in &binding.paths {
                if !is_latest && path.series.is_none() {
                    continue;
                }
                let reading = reader.read(path.path.as_ref());
                if let (Some(series), Some(value)) = (&path.series, reading.as_number()) {
                    series.buffer.borrow_mut().push(at_ms, value);
                    if !updates.series.iter().any(|touched| Rc::ptr_eq(&touched.buffer, &series.buffer)) {
                        updates.series.push(series.clone());
                    }
                }
                if is_latest {
                    updates.readings.push((path.reading.clone(), reading));
                }
            }
            updates.payloads_parsed += usize::from(reader.parsed_json());
        }
        updates
    }
}

/// The signal writes one frame brings, made after the bindings are
/// released (effects that run may bind new topics).
#[derive(Default)]
pub struct FrameUpdates {
    latest: Vec<(ArcRwSignal<Option<Sample>>, Sample)>,
    readings: Vec<(ArcRwSignal<Option<Reading>>, Reading)>,
    series: Vec<SeriesHandle>,
    /// How many payloads were parsed as JSON (at most one per message).
    pub payloads_parsed: usize,
}

impl FrameUpdates {
    /// Writes every signal once.
    pub fn apply(self) {
        for (signal, sample) in self.latest {
            signal.set(Some(sample));
        }
        for (signal, reading) in self.readings {
            // An unchanged value (a sensor repeating itself) re-renders nothing.
            if signal.with_untracked(|shown| shown.as_ref() != Some(&reading)) {
                signal.set(Some(reading));
            }
        }
        for series in self.series {
            series.revision.update(|revision| *revision += 1);
        }
    }
}

#[path = "router_history.rs"]
mod history;

#[cfg(test)]
#[path = "router_tests.rs"]
mod tests;
