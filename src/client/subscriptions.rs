//! Subscription planning, pure: which filters a connection subscribes —
//! its profile's own, then each widget topic that none of those covers —
//! and with which options. The driver asks; nothing here touches the
//! session or the browser, so it is tested natively.

use std::collections::HashSet;

use mqtt::packet::SubscriptionOptions;
use mqtt::topic::filter_matches;
use mqtt::{QoS, Subscription};

use crate::model::SubscriptionSpec;

/// A subscription that keeps the RETAIN flag as published (5.0; the
/// session leaves it out on 3.1.1), so the explorer and the log can tell a
/// retained publish from a live one [MQTT-3.3.1-12, MQTT-3.3.1-13].
pub fn subscription(filter: String, qos: QoS) -> Subscription {
    Subscription {
        filter,
        options: SubscriptionOptions { qos, retain_as_published: true, ..SubscriptionOptions::default() },
    }
}

/// A profile filter as a subscription.
pub fn from_spec(spec: &SubscriptionSpec) -> Subscription {
    subscription(spec.filter.clone(), spec.qos.into())
}

/// Widget topics bound on the connection that are not yet subscribed
/// (`subscribed` records them) and not covered by a profile filter: a
/// second matching subscription could deliver each message twice. Widget
/// topics go at QoS 1, so that a state or command echo is not lost.
pub fn new_widget_subscriptions(
    profile: &[SubscriptionSpec],
    bound_topics: impl IntoIterator<Item = String>,
    subscribed: &mut HashSet<String>,
) -> Vec<Subscription> {
    bound_topics
        .into_iter()
        .filter(|topic| !profile.iter().any(|spec| filter_matches(&spec.filter, topic)))
        .filter(|topic| subscribed.insert(topic.clone()))
        .map(|topic| subscription(topic, QoS::AtLeastOnce))
        .collect()
}

/// What a change of the bound widget topics asks of a live connection.
#[derive(Debug, Default, PartialEq)]
pub struct WidgetChanges {
    /// Newly bound topics no profile filter covers.
    pub subscribe: Vec<Subscription>,
    /// Topics subscribed for widgets that nothing binds any more.
    pub unsubscribe: Vec<String>,
}

/// The subscriptions and unsubscriptions that bring `subscribed` (the
/// widget topics subscribed one by one) to `bound_topics`. A topic that a
/// profile filter covers was never subscribed alone, so dropping its
/// widget unsubscribes nothing the profile needs.
pub fn widget_changes(
    profile: &[SubscriptionSpec],
    bound_topics: Vec<String>,
    subscribed: &mut HashSet<String>,
) -> WidgetChanges {
    let mut unsubscribe: Vec<String> =
        subscribed.iter().filter(|topic| !bound_topics.contains(topic)).cloned().collect();
    unsubscribe.sort();
    for topic in &unsubscribe {
        subscribed.remove(topic);
    }
    WidgetChanges { subscribe: new_widget_subscriptions(profile, bound_topics, subscribed), unsubscribe }
}

/// Everything a connection subscribes after a CONNACK without a session:
/// the profile's filters, then the widget topics they leave out.
pub fn all_subscriptions(
    profile: &[SubscriptionSpec],
    bound_topics: impl IntoIterator<Item = String>,
    subscribed: &mut HashSet<String>,
) -> Vec<Subscription> {
    subscribed.clear();
    let mut subscriptions: Vec<Subscription> = profile.iter().map(from_spec).collect();
    subscriptions.extend(new_widget_subscriptions(profile, bound_topics, subscribed));
    subscriptions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(filter: &str, qos: u8) -> SubscriptionSpec {
        SubscriptionSpec { filter: filter.into(), qos: qos.try_into().unwrap() }
    }

    fn filters(subscriptions: &[Subscription]) -> Vec<&str> {
        subscriptions.iter().map(|subscription| subscription.filter.as_str()).collect()
    }

    #[test]
    fn widget_topics_covered_by_a_profile_filter_are_not_subscribed_again() {
        let profile = [spec("home/#", 1)];
        let mut subscribed = HashSet::new();
        let bound = ["home/lamp/state", "srv/temperature", "$SYS/broker/uptime"].map(String::from);
        let plan = new_widget_subscriptions(&profile, bound, &mut subscribed);
        // [MQTT-4.7.2-1] "home/#" does not cover $SYS topics, but it does cover home/lamp/state.
        assert_eq!(filters(&plan), ["srv/temperature", "$SYS/broker/uptime"]);
        assert!(plan.iter().all(|subscription| subscription.options.qos == QoS::AtLeastOnce));
    }

    #[test]
    fn a_widget_topic_is_subscribed_once_until_the_next_connection() {
        let mut subscribed = HashSet::new();
        let bound = || ["a/b".to_owned(), "a/b".to_owned()];
        assert_eq!(filters(&new_widget_subscriptions(&[], bound(), &mut subscribed)), ["a/b"]);
        assert!(new_widget_subscriptions(&[], bound(), &mut subscribed).is_empty());
        // A connection without a session starts again: everything goes out.
        let all = all_subscriptions(&[spec("x/#", 2)], bound(), &mut subscribed);
        assert_eq!(filters(&all), ["x/#", "a/b"]);
        assert_eq!(all[0].options.qos, QoS::ExactlyOnce);
    }

    #[test]
    fn subscriptions_keep_retain_as_published_and_their_qos() {
        let made = from_spec(&spec("t", 2));
        assert_eq!(made.options.qos, QoS::ExactlyOnce);
        assert!(made.options.retain_as_published);
    }

    #[test]
    fn an_unbound_widget_topic_is_unsubscribed_and_a_covered_one_never_was() {
        let profile = [spec("home/#", 0)];
        let mut subscribed = HashSet::new();
        let bound = vec!["srv/a".to_owned(), "srv/b".to_owned(), "home/lamp".to_owned()];
        let first = widget_changes(&profile, bound, &mut subscribed);
        assert_eq!(filters(&first.subscribe), ["srv/a", "srv/b"]);
        assert!(first.unsubscribe.is_empty());
        // srv/a's widget and the home/lamp widget are deleted: only srv/a was subscribed alone.
        let second = widget_changes(&profile, vec!["srv/b".to_owned()], &mut subscribed);
        assert!(second.subscribe.is_empty());
        assert_eq!(second.unsubscribe, ["srv/a"]);
        // Bound again later: subscribed again.
        let third = widget_changes(&profile, vec!["srv/b".to_owned(), "srv/a".to_owned()], &mut subscribed);
        assert_eq!(filters(&third.subscribe), ["srv/a"]);
    }
}
