//! Commands from controls: publishing one (after the optional "are you
//! sure?"), asking for an MQTT 5.0 response when the widget has a
//! `response_topic`, and [`Awaited`], a command waiting to be settled by
//! its state topic, its correlated response or its timeout. A command goes
//! out only while the connection is up, at the press and again at the
//! answer: it is never queued to go out later by itself.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::Binding;
use crate::client::{random_text, ClientError};
use crate::dialog::Choice;
use crate::model::response::Response;
use crate::model::Widget;

/// A command a person gave: the payload, and the question and button that
/// ask first when the widget says `confirm` ("Turn on Lamp?", "Turn on").
pub struct Command {
    /// What is published.
    pub payload: String,
    /// The question, in plain words; the widget's `confirm_question` wins.
    pub question: String,
    /// The button that sends it.
    pub action: &'static str,
}

/// What came of a command.
pub enum Outcome {
    /// Published; `awaits_response` when a correlated response is expected.
    Sent {
        /// Whether the command asked for a response (MQTT 5.0 only).
        awaits_response: bool,
    },
    /// Its correlated response arrived.
    Answered(Response),
    /// Not sent, and why.
    NotSent(ClientError),
}

/// Publishes the command on the widget's command topic with its QoS,
/// retain flag and Message Expiry, after asking in an in-app dialog when
/// the widget says `confirm`, and tells `done` what came of it (Cancel
/// sends nothing and tells nothing). On MQTT 5.0, a widget with a
/// `response_topic` sends Response Topic and fresh Correlation Data, and
/// `done` hears the response when it comes; on 3.1.1 it is a plain publish.
pub fn send_command(binding: &Binding, widget: &Widget, command: Command, done: impl Fn(Outcome) + 'static) {
    // One copy of the body for every control, not one per caller's closure.
    send_command_to(binding, widget, command, Rc::new(done));
}

fn send_command_to(binding: &Binding, widget: &Widget, command: Command, done: Rc<dyn Fn(Outcome)>) {
    let Some(topic) = widget.command_topic.clone() else {
        return done(Outcome::NotSent(ClientError::NoCommandTopic));
    };
    if !binding.connected.get_untracked() {
        return done(Outcome::NotSent(ClientError::NotConnected));
    }
    let detail = format!("Sends {:?} to {topic}.", command.payload);
    let response_topic = binding.connections.response_topic_for(widget).filter(|_| binding.speaks_v5.get_untracked());
    let publish = mqtt::Publish {
        qos: widget.qos.into(),
        retain: widget.retain,
        properties: mqtt::Properties {
            message_expiry_interval: widget.command_expiry(),
            response_topic: response_topic.clone(),
            ..Default::default()
        },
        ..mqtt::Publish::new(topic, command.payload.into_bytes())
    };
    let (connections, connected, connection) = (binding.connections, binding.connected, widget.connection.clone());
    let send = move || {
        if !connected.get_untracked() {
            return done(Outcome::NotSent(ClientError::NotConnected));
        }
        let mut publish = publish.clone();
        let correlation = response_topic.is_some().then(|| random_text(16).into_bytes());
        publish.properties.correlation_data.clone_from(&correlation);
        match connections.command(&connection, publish) {
            Ok(_) => {
                if let Some(correlation) = correlation.clone() {
                    let done = done.clone();
                    connections.expect_response(
                        &connection,
                        correlation,
                        Box::new(move |response| done(Outcome::Answered(response))),
                    );
                }
                done(Outcome::Sent { awaits_response: correlation.is_some() });
            }
            Err(error) => done(Outcome::NotSent(error)),
        }
    };
    if widget.confirm {
        let question = widget.confirm_question.clone().unwrap_or(command.question);
        binding.dialogs.confirm(question, Some(detail), Choice::new(command.action, send));
    } else {
        send();
    }
}

/// What a card says about a response.
pub fn response_note(response: &Response) -> String {
    if response.failed {
        format!("failed: {}", response.text)
    } else {
        format!("response: {}", response.text)
    }
}

/// A command waiting to be settled: `target` is what it asked for (shown
/// as pending), `note` what the card says.
pub struct Awaited<T: Clone + Send + Sync + 'static> {
    /// What the waiting command asked for.
    pub target: RwSignal<Option<T>>,
    /// The card's note: why a command was not sent, failed or timed out.
    pub note: RwSignal<Option<String>>,
    timer: StoredValue<Option<Timeout>, LocalStorage>,
}

// Copy for every T: the fields are arena handles (derive would ask T: Copy).
impl<T: Clone + Send + Sync + 'static> Clone for Awaited<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Clone + Send + Sync + 'static> Copy for Awaited<T> {}

impl<T: Clone + Send + Sync + 'static> Default for Awaited<T> {
    /// Nothing waiting.
    fn default() -> Self {
        Awaited { target: RwSignal::new(None), note: RwSignal::new(None), timer: StoredValue::new_local(None) }
    }
}

impl<T: Clone + Send + Sync + 'static> Awaited<T> {
    /// Waits for `target` to be confirmed by `what` ("confirmation",
    /// "response") for `timeout_s`, then shows the reported state again.
    pub fn start(&self, target: T, timeout_s: u32, what: &'static str) {
        let (pending, note) = (self.target, self.note);
        pending.set(Some(target));
        note.set(None);
        self.timer.set_value(Some(Timeout::new(timeout_s.saturating_mul(1000), move || {
            if pending.get_untracked().is_some() {
                pending.set(None);
                note.set(Some(format!("no {what} within {timeout_s} s; showing the reported state")));
            }
        })));
    }

    /// Whether a command is waiting.
    pub fn is_waiting(&self) -> bool {
        self.target.with_untracked(Option::is_some)
    }

    /// Ends the wait, with `note` on the card.
    pub fn settle(&self, note: Option<String>) {
        self.timer.set_value(None);
        self.target.set(None);
        self.note.set(note);
    }
}
