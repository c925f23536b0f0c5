//! The topic trees of the explorer, one per connection, fed once per
//! animation frame with that frame's messages. The trees are plain data
//! outside the reactive graph; one revision signal, bumped once per frame
//! that brought messages, tells the explorer view to look again (which it
//! does at its own, lower rate).

use std::collections::HashMap;

use leptos::prelude::*;
use mqtt::Publish;

use crate::model::topic_tree::TopicTree;

/// Every connection's tree, and the revision the explorer follows.
#[derive(Default)]
pub struct Trees {
    trees: HashMap<String, TopicTree>,
    revision: ArcRwSignal<u64>,
}

impl Trees {
    /// Adds one frame's messages to the tree of `connection`. The caller
    /// bumps the revision once the trees are released ([`Trees::revision`]).
    pub fn record_frame(&mut self, connection: &str, messages: &[Publish], at_ms: f64) {
        let tree = self.trees.entry(connection.to_owned()).or_default();
        for message in messages {
            tree.record(message, at_ms);
        }
    }

    /// Reads the tree of `connection` (an empty one when nothing came yet).
    pub fn with_tree<T>(&self, connection: &str, read: impl FnOnce(&TopicTree) -> T) -> T {
        match self.trees.get(connection) {
            Some(tree) => read(tree),
            None => read(&TopicTree::new()),
        }
    }

    /// Forgets the tree of a connection that was deleted.
    pub fn forget(&mut self, connection: &str) {
        self.trees.remove(connection);
    }

    /// Bumped whenever any tree changed.
    pub fn revision(&self) -> ArcRwSignal<u64> {
        self.revision.clone()
    }
}
