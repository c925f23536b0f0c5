//! One connection's driver, in the role of rumqttc's event loop: it owns the
//! [`Transport`], the [`Session`] and the timers, feeds received bytes to the
//! session once per animation frame (at once while the tab is hidden, where
//! animation frames stop), and turns session events into reactive state with
//! one signal update per frame.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::{Rc, Weak};
use std::time::Duration;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use mqtt::{DisconnectReason, Event, ProtocolVersion, Publish, ReasonCode, Session, SessionConfig};

mod publishing;
mod subscribing;

use super::backoff::Backoff;
use super::connect::connect_options;
use super::connections::Shared;
use super::frames::{Drain, FrameScheduler};
use super::link::{after_disconnect, describe_close, publish_outcome, refused_subscriptions};
use super::transport::{Transport, TransportEvent};
use super::version::{label, Fallback, VersionChoice};
use super::{browser_blocks_insecure_socket, random_client_id};
use crate::model::{ConnectionProfile, MessageLog};
use crate::state::{ConnectionStatus, ConnectionView, LinkState, PublishOutcome};
use crate::web::clock::{now, now_ms};

/// A connection's driver, shared by its callbacks through `Rc<RefCell<_>>`.
pub struct Driver {
    profile: ConnectionProfile,
    client_id: String,
    view: ConnectionView,
    log: RwSignal<MessageLog>,
    session: Session,
    /// Reused for every send, so sending allocates nothing.
    transmit_buffer: Vec<u8>,
    transport: Option<Transport>,
    keep_alive_timer: Option<Timeout>,
    retry_timer: Option<Timeout>,
    backoff: Backoff,
    version: VersionChoice,
    /// The version the current attempt speaks, and whether CONNACK accepted it.
    attempt: ProtocolVersion,
    accepted: bool,
    /// Pending log entries and status, written to signals once per frame.
    frame_messages: Vec<Publish>,
    status: ConnectionStatus,
    status_dirty: bool,
    frames: Option<FrameScheduler>,
    last_close: Option<String>,
    /// Widget topics subscribed on this session (beyond the profile's filters).
    widget_topics: HashSet<String>,
    /// The bindings' revision those topics follow.
    seen_bindings: u64,
    /// The bindings and trees this driver feeds.
    shared: Rc<Shared>,
    myself: Weak<RefCell<Driver>>,
}

impl Driver {
    /// Creates a driver and starts connecting.
    pub fn start(
        profile: ConnectionProfile,
        view: ConnectionView,
        log: RwSignal<MessageLog>,
        shared: Rc<Shared>,
    ) -> Rc<RefCell<Driver>> {
        let client_id = if profile.client_id.is_empty() { random_client_id() } else { profile.client_id.clone() };
        let backoff = Backoff::new(
            Duration::from_secs(profile.reconnect_min_s.into()),
            Duration::from_secs(profile.reconnect_max_s.into()),
        );
        let version = VersionChoice::new(profile.mqtt_version, &profile.id);
        let driver = Rc::new_cyclic(|myself| {
            RefCell::new(Driver {
                profile,
                client_id,
                view,
                log,
                session: Session::new(SessionConfig::default()),
                transmit_buffer: Vec::new(),
                transport: None,
                keep_alive_timer: None,
                retry_timer: None,
                backoff,
                attempt: version.for_attempt(),
                version,
                accepted: false,
                frame_messages: Vec::new(),
                status: ConnectionStatus::default(),
                status_dirty: true,
                frames: None,
                last_close: None,
                widget_topics: HashSet::new(),
                seen_bindings: 0,
                shared: shared.clone(),
                myself: myself.clone(),
            })
        });
        let weak = Rc::downgrade(&driver);
        driver.borrow_mut().frames = Some(FrameScheduler::new(shared.page.clone(), move || {
            if let Some(driver) = weak.upgrade() {
                driver.borrow_mut().drain();
            }
        }));
        driver.borrow_mut().open();
        driver
    }

    fn set_status(&mut self, state: LinkState, detail: impl Into<String>) {
        self.status.state = state;
        self.status.detail = detail.into();
        if state != LinkState::Reconnecting {
            self.status.retry_at_ms = None;
        }
        if state == LinkState::Failed {
            // Failed is final: only the user's Connect starts again.
            self.retry_timer = None;
        }
        self.status_dirty = true;
    }

    fn open(&mut self) {
        self.retry_timer = None;
        self.transport = None;
        if browser_blocks_insecure_socket(&self.profile.url) {
            self.set_status(
                LinkState::Failed,
                format!(
                    "this page is served over https, so the browser blocks the insecure {}; use a wss:// URL",
                    self.profile.url
                ),
            );
            self.flush_to_signals();
            return;
        }
        let weak = self.myself.clone();
        let notify: Rc<dyn Fn(TransportEvent)> = Rc::new(move |event| {
            if let Some(driver) = weak.upgrade() {
                driver.borrow_mut().on_transport_event(event);
            }
        });
        match Transport::open(&self.profile.url, notify) {
            Ok(transport) => {
                self.transport = Some(transport);
                if self.status.state == LinkState::Reconnecting {
                    // Keep showing why the last attempt failed while this one runs.
                    self.status.retry_at_ms = None;
                    self.status_dirty = true;
                } else {
                    self.set_status(LinkState::Connecting, format!("opening {}", self.profile.url));
                }
            }
            Err(error) => self.set_status(LinkState::Failed, format!("cannot open {}: {error}", self.profile.url)),
        }
        self.flush_to_signals();
    }

    fn on_transport_event(&mut self, event: TransportEvent) {
        match event {
            TransportEvent::Open => {
                self.attempt = self.version.for_attempt();
                self.accepted = false;
                let options = connect_options(&self.profile, &self.client_id, self.attempt);
                if let Err(error) = self.session.connect(now(), options) {
                    self.set_status(LinkState::Failed, error.to_string());
                }
                self.after_input();
            }
            TransportEvent::Data => {
                let drain = self.frames.as_ref().map_or(Drain::Now, FrameScheduler::request);
                if drain == Drain::Now {
                    self.drain();
                }
            }
            TransportEvent::TextFrame => {
                self.transport = None;
                self.session.handle_connection_lost(now());
                self.drain_events();
                self.set_status(
                    LinkState::Failed,
                    "the server sent a WebSocket text frame; MQTT over WebSocket uses binary frames only, so this is not an MQTT endpoint",
                );
                self.flush_to_signals();
            }
            TransportEvent::Closed { code, reason, was_open } => {
                let closed = self.transport.take();
                self.last_close = Some(describe_close(&self.profile.url, code, &reason, was_open));
                let session_started = self.session.is_active();
                // What arrived before the close (a refusing CONNACK, say) is handled first.
                if let Some(transport) = &closed {
                    self.feed(transport);
                }
                self.after_input();
                if self.session.is_active() {
                    self.session.handle_connection_lost(now());
                    self.after_input();
                } else if !session_started {
                    // The socket never carried a session: no session event will come.
                    if let Some(close) = self.last_close.take() {
                        self.schedule_retry(close);
                        self.flush_to_signals();
                    }
                }
                self.last_close = None;
            }
        }
    }

    /// Feeds everything received to the session, then handles its outputs.
    fn drain(&mut self) {
        // The session takes the frame bytes as they are: payloads share them.
        if let Some(transport) = self.transport.take() {
            self.feed(&transport);
            self.transport = Some(transport);
        }
        self.after_input();
    }

    /// Hands what `transport` received to the session, as one buffer.
    fn feed(&mut self, transport: &Transport) {
        let received = transport.take_received();
        if !received.is_empty() {
            self.session.handle_owned_bytes(now(), received);
        }
    }

    /// Sends what the session wants sent, acts on its events, updates the
    /// signals and re-arms the keep-alive timer.
    fn after_input(&mut self) {
        self.pull_binding_changes();
        self.transmit();
        self.drain_events();
        self.transmit();
        self.flush_to_signals();
        self.arm_timer();
    }

    fn transmit(&mut self) {
        self.transmit_buffer.clear();
        if !self.session.poll_transmit(now(), &mut self.transmit_buffer) {
            return;
        }
        if let Some(transport) = &self.transport {
            if let Err(error) = transport.send(&self.transmit_buffer) {
                self.last_close = Some(format!("sending failed: {error}"));
            }
        }
    }

    fn drain_events(&mut self) {
        while let Some(event) = self.session.poll_event() {
            match event {
                Event::Connected { session_present, .. } => {
                    self.accepted = true;
                    self.version.connected(self.attempt);
                    self.status.protocol = Some(self.attempt);
                    self.backoff.reset();
                    self.last_close = None;
                    self.set_status(LinkState::Connected, "");
                    if !session_present {
                        self.subscribe_all();
                    }
                }
                Event::Message(publish) => self.frame_messages.push(publish),
                Event::Subscribed { results, .. } => {
                    if let Some(refused) = refused_subscriptions(&results) {
                        self.status.detail = refused;
                        self.status_dirty = true;
                    }
                }
                Event::PublishDropped { topic, reason, .. } => {
                    self.status.detail = format!("a message for {topic} was not sent: {reason}");
                    self.status_dirty = true;
                }
                Event::Disconnected(reason) => self.on_disconnected(reason),
                Event::PublishSent(id) => self.record_ack(id, PublishOutcome::Sent),
                Event::PublishAcknowledged { id, reason, reason_string } => {
                    self.record_ack(id, publish_outcome(reason, reason_string));
                }
                Event::Unsubscribed { .. } | Event::Auth(_) => {}
            }
        }
    }

    fn on_disconnected(&mut self, reason: DisconnectReason) {
        self.transport = None;
        self.keep_alive_timer = None;
        if !self.accepted && self.version.ended_before_connack(self.attempt, &reason) == Fallback::RetryNow {
            let next = self.version.for_attempt();
            self.set_status(
                LinkState::Connecting,
                format!("the broker does not support MQTT {}; trying MQTT {}", label(self.attempt), label(next)),
            );
            self.open();
            return;
        }
        let next = after_disconnect(&reason, self.attempt, self.last_close.take());
        if next.retries() {
            self.schedule_retry(next.detail);
        } else {
            self.set_status(next.state, next.detail);
        }
    }

    fn schedule_retry(&mut self, detail: String) {
        let delay = self.backoff.next_delay(js_sys::Math::random());
        self.set_status(LinkState::Reconnecting, detail);
        self.status.retry_at_ms = Some(now_ms() + delay.as_secs_f64() * 1000.0);
        let weak = self.myself.clone();
        self.retry_timer = Some(Timeout::new(delay.as_millis() as u32, move || {
            if let Some(driver) = weak.upgrade() {
                driver.borrow_mut().open();
            }
        }));
    }

    fn arm_timer(&mut self) {
        self.keep_alive_timer = self.session.poll_timeout().map(|deadline| {
            let wait = deadline.saturating_sub(now()) + Duration::from_millis(1);
            let weak = self.myself.clone();
            Timeout::new(wait.as_millis().min(u128::from(u32::MAX)) as u32, move || {
                if let Some(driver) = weak.upgrade() {
                    let mut driver = driver.borrow_mut();
                    // Bytes that arrived while the tab slept count as received first.
                    driver.drain();
                    driver.session.handle_timeout(now());
                    driver.after_input();
                }
            })
        });
    }

    /// Writes this frame's messages and status to the signals, once each.
    fn flush_to_signals(&mut self) {
        if !self.frame_messages.is_empty() {
            let messages = std::mem::take(&mut self.frame_messages);
            let connection_id = &self.profile.id;
            let at_ms = now_ms();
            let updates = self.shared.bindings.borrow().route_frame(connection_id, &messages, at_ms);
            let answered = self.shared.responses.borrow_mut().answered_by(connection_id, &messages);
            let tree_revision = {
                let mut trees = self.shared.trees.borrow_mut();
                trees.record_frame(connection_id, &messages, at_ms);
                trees.revision()
            };
            self.log.update(|log| log.record_received_frame(connection_id, messages, at_ms));
            // Signals are written after the bindings and trees are released.
            updates.apply();
            tree_revision.update(|revision| *revision += 1);
            for (on_response, response) in answered {
                on_response(response);
            }
        }
        self.refresh_queue();
        if self.status_dirty {
            self.status_dirty = false;
            let status = self.status.clone();
            self.view.status.set(status);
        }
    }

    /// Disconnects on the user's request and stops retrying.
    pub fn disconnect(&mut self) {
        self.retry_timer = None;
        if self.session.disconnect(now(), ReasonCode::Success).is_ok() {
            self.after_input();
        } else {
            self.set_status(LinkState::Disconnected, "disconnected");
            self.flush_to_signals();
        }
        self.transport = None;
    }

    /// Connects again now, skipping any wait.
    pub fn reconnect_now(&mut self) {
        if !self.session.is_active() && self.transport.is_none() {
            self.open();
        }
    }

    /// The network came back or the page became visible again (a phone
    /// woke up): a connection waiting to retry tries at once.
    pub fn wake(&mut self) {
        if self.status.state == LinkState::Reconnecting && self.transport.is_none() {
            self.open();
        }
    }
}
