//! The driver's subscriptions: the profile's filters and the widget
//! topics the bindings need, subscribed on connecting and kept in step
//! with the dashboards (what a deleted widget leaves unread is
//! unsubscribed). What to send is planned by [`super::super::subscriptions`].

use mqtt::Subscription;

use super::Driver;
use crate::client::subscriptions;
use crate::model::SubscriptionSpec;
use crate::state::LinkState;
use crate::web::clock::now;

impl Driver {
    /// Subscribes the profile's filters and every widget topic they do not cover.
    pub(super) fn subscribe_all(&mut self) {
        let (revision, bound) = {
            let bindings = self.shared.bindings.borrow();
            (bindings.revision(&self.profile.id), bindings.topics(&self.profile.id))
        };
        self.seen_bindings = revision;
        let subscriptions =
            subscriptions::all_subscriptions(&self.profile.subscriptions, bound, &mut self.widget_topics);
        self.send_subscribe(subscriptions);
    }

    /// Subscribes the widget topics bound since the last pass and
    /// unsubscribes those nothing reads any more, when connected (a
    /// connection that comes up subscribes everything bound then). Returns
    /// whether anything was queued.
    pub(super) fn pull_binding_changes(&mut self) -> bool {
        if self.status.state != LinkState::Connected {
            return false;
        }
        let Some((revision, bound)) = self.shared.bindings.borrow().topics_since(&self.profile.id, self.seen_bindings)
        else {
            return false;
        };
        self.seen_bindings = revision;
        let changes = subscriptions::widget_changes(&self.profile.subscriptions, bound, &mut self.widget_topics);
        let changed = !changes.subscribe.is_empty() || !changes.unsubscribe.is_empty();
        self.send_subscribe(changes.subscribe);
        self.send_unsubscribe(changes.unsubscribe);
        changed
    }

    /// Pulls the bindings' changes now (the dashboards changed) and sends them.
    pub fn sync_bindings(&mut self) {
        if self.pull_binding_changes() {
            self.after_input();
        }
    }

    fn uncovered_widget_topics(&mut self) -> Vec<Subscription> {
        let bound = self.shared.bindings.borrow().topics(&self.profile.id);
        subscriptions::new_widget_subscriptions(&self.profile.subscriptions, bound, &mut self.widget_topics)
    }

    /// Adds a filter to the connection's own subscriptions and subscribes
    /// it now when connected (else on connecting).
    pub fn add_subscription(&mut self, spec: SubscriptionSpec) {
        self.profile.subscriptions.retain(|existing| existing.filter != spec.filter);
        self.profile.subscriptions.push(spec.clone());
        if self.status.state == LinkState::Connected {
            self.send_subscribe(vec![subscriptions::from_spec(&spec)]);
            self.after_input();
        }
    }

    /// Removes a filter from the connection's own subscriptions and
    /// unsubscribes it; widget topics it covered are subscribed one by one.
    pub fn remove_subscription(&mut self, filter: &str) {
        self.profile.subscriptions.retain(|existing| existing.filter != filter);
        if self.status.state != LinkState::Connected {
            return;
        }
        self.send_unsubscribe(vec![filter.to_owned()]);
        let uncovered = self.uncovered_widget_topics();
        self.send_subscribe(uncovered);
        self.after_input();
    }

    fn send_subscribe(&mut self, subscriptions: Vec<Subscription>) {
        if subscriptions.is_empty() {
            return;
        }
        if let Err(error) = self.session.subscribe(now(), subscriptions, Default::default()) {
            self.status.detail = format!("subscribing failed: {error}");
            self.status_dirty = true;
        }
    }

    fn send_unsubscribe(&mut self, filters: Vec<String>) {
        if filters.is_empty() {
            return;
        }
        if let Err(error) = self.session.unsubscribe(now(), filters, Default::default()) {
            self.status.detail = format!("unsubscribing failed: {error}");
            self.status_dirty = true;
        }
    }
}
