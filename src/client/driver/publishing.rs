//! The driver's publishes: from the page (queued while offline, visibly,
//! each one cancellable until it is sent), commands from controls (now or
//! not at all), and the outcomes recorded for the views.

use leptos::prelude::*;
use mqtt::{MessageId, Publish};

use super::Driver;
use crate::client::ClientError;
use crate::model::Direction;
use crate::state::{LinkState, PublishOutcome, QueuedMessage, ACKS_KEPT};
use crate::web::clock::{now, now_ms};

impl Driver {
    /// Publishes from the page; queued while offline. The id names the
    /// publish in the acknowledgements recorded on the connection's view.
    pub fn publish(&mut self, publish: Publish) -> Result<MessageId, ClientError> {
        let (topic, payload, qos, retain) =
            (publish.topic.clone(), publish.payload.clone(), publish.qos, publish.retain);
        let id = self.session.publish(now(), publish)?;
        let connection_id = self.profile.id.clone();
        let at_ms = now_ms();
        self.log
            .update(|log| log.record(&connection_id, Direction::Outgoing, &topic, &payload, qos.into(), retain, at_ms));
        self.after_input();
        Ok(id)
    }

    /// Sends a control's command only if the connection is up now.
    pub fn command(&mut self, publish: Publish) -> Result<MessageId, ClientError> {
        if self.status.state != LinkState::Connected || !self.session.is_active() {
            return Err(ClientError::NotConnected);
        }
        self.publish(publish)
    }

    /// Takes a waiting publish out of the queue so it is never sent, and
    /// records it as cancelled. Returns whether it was still waiting.
    pub fn cancel_queued(&mut self, id: u64) -> bool {
        let cancelled = self.session.cancel_queued(MessageId(id)).is_some();
        if cancelled {
            self.record_ack(MessageId(id), PublishOutcome::Cancelled);
            self.flush_to_signals();
        }
        cancelled
    }

    /// Puts the session's queue in the status when it changed (called as
    /// the signals are written, after the last transmit of a pass).
    pub(super) fn refresh_queue(&mut self) {
        let unchanged = self.status.queued.len() == self.session.queued_len()
            && self.session.queued().zip(&self.status.queued).all(|((id, _), shown)| id.0 == shown.id);
        if !unchanged {
            self.status.queued = self.session.queued().map(|(id, publish)| QueuedMessage::of(id.0, publish)).collect();
            self.status_dirty = true;
        }
    }

    pub(super) fn record_ack(&mut self, id: MessageId, outcome: PublishOutcome) {
        self.view.acks.update(|acks| {
            if acks.len() == ACKS_KEPT {
                acks.remove(0);
            }
            acks.push((id.0, outcome));
        });
    }
}
