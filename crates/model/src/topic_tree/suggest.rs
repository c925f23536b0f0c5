//! Topics offered while a person types one (the widget form's topic
//! picker): those that carried a message, matching what is typed, with
//! their last payload in one line.

use super::{one_line_preview, TopicTree};

impl TopicTree {
    /// At most `limit` topics that carried a message and contain `typed`
    /// (ignoring case): those starting with it first, then by name; each
    /// with its last payload in one line.
    pub fn suggest_topics(&self, typed: &str, limit: usize) -> Vec<(String, String)> {
        let typed = crate::text::fold_case(typed.trim());
        let mut found: Vec<(bool, &str, &[u8])> = self
            .nodes
            .iter()
            .filter_map(|node| node.last.as_ref().map(|last| (node.topic.as_str(), &last.payload[..])))
            .filter_map(|(topic, payload)| {
                let lower = crate::text::fold_case(topic);
                lower.contains(&typed).then(|| (!lower.starts_with(&typed), topic, payload))
            })
            .collect();
        found.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        found.into_iter().take(limit).map(|(_, topic, payload)| (topic.to_owned(), one_line_preview(payload))).collect()
    }
}

#[cfg(test)]
mod tests {
    use mqtt::Publish;

    use super::*;

    #[test]
    fn topics_that_carried_a_message_are_offered_prefix_first_with_their_last_payload() {
        let mut tree = TopicTree::new();
        for (topic, payload) in [("home/lamp/state", "ON"), ("office/home", "x"), ("home/t", "21.5"), ("other", "1")] {
            tree.record(&Publish::new(topic, payload.as_bytes().to_vec()), 0.0);
        }
        let offered = tree.suggest_topics("HOME", 10);
        let topics: Vec<&str> = offered.iter().map(|(topic, _)| topic.as_str()).collect();
        assert_eq!(topics, ["home/lamp/state", "home/t", "office/home"], "levels like 'home' alone carried nothing");
        assert_eq!(offered[1].1, "21.5");
        assert_eq!(tree.suggest_topics("", 2).len(), 2, "bounded");
    }
}
