//! The broker's own figures, read from the `$SYS/broker/…` topics in a
//! connection's topic tree (mosquitto's names; others publish a subset).

use crate::topic_tree::TopicTree;
use crate::value::parse_number;

/// The `$SYS/broker/…` figures a broker publishes, as far as they arrived.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BrokerStats {
    /// `$SYS/broker/version`.
    pub version: Option<String>,
    /// `$SYS/broker/uptime`, e.g. "1234 seconds".
    pub uptime: Option<String>,
    /// `$SYS/broker/clients/connected` (older brokers: `clients/active`).
    pub clients_connected: Option<f64>,
    /// Messages received per second, from the 1-minute moving average.
    pub received_per_s: Option<f64>,
    /// Messages sent per second, from the 1-minute moving average.
    pub sent_per_s: Option<f64>,
}

impl BrokerStats {
    /// Reads the figures from `tree`; None when no `$SYS/broker` topic came.
    pub fn from_tree(tree: &TopicTree) -> Option<BrokerStats> {
        tree.find("$SYS/broker")?;
        let number = |topic: &str| tree.last_text(topic).and_then(|text| parse_number(&text));
        // mosquitto's load figures are moving averages per minute.
        let per_second = |topic: &str| number(topic).map(|per_minute| per_minute / 60.0);
        Some(BrokerStats {
            version: tree.last_text("$SYS/broker/version"),
            uptime: tree.last_text("$SYS/broker/uptime"),
            clients_connected: number("$SYS/broker/clients/connected").or_else(|| number("$SYS/broker/clients/active")),
            received_per_s: per_second("$SYS/broker/load/messages/received/1min"),
            sent_per_s: per_second("$SYS/broker/load/messages/sent/1min"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mqtt::Publish;

    fn tree_with(messages: &[(&str, &str, bool)]) -> TopicTree {
        let mut tree = TopicTree::new();
        for (index, (topic, payload, retain)) in messages.iter().enumerate() {
            tree.record(
                &Publish { retain: *retain, ..Publish::new(*topic, payload.as_bytes().to_vec()) },
                index as f64,
            );
        }
        tree
    }

    #[test]
    fn broker_stats_come_from_sys_topics() {
        let tree = tree_with(&[
            ("$SYS/broker/version", "mosquitto version 2.0.11", true),
            ("$SYS/broker/uptime", "42 seconds", false),
            ("$SYS/broker/clients/connected", "3", false),
            ("$SYS/broker/load/messages/received/1min", "120.5", false),
        ]);
        let stats = BrokerStats::from_tree(&tree).unwrap();
        assert_eq!(stats.version.as_deref(), Some("mosquitto version 2.0.11"));
        assert_eq!(stats.clients_connected, Some(3.0));
        assert!((stats.received_per_s.unwrap() - 120.5 / 60.0).abs() < 1e-9);
        assert_eq!(stats.sent_per_s, None);
        assert_eq!(BrokerStats::from_tree(&tree_with(&[("home/t", "1", false)])), None);
    }
}
