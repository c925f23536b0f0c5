//! The topic trees of the explorer, one per connection, fed once per
//! animation frame with that frame's messages. The trees are plain data
//! outside the reactive graph; one revision signal, bumped once per frame
//! that brought messages, tells the explorer view to look again (which it
//! does at its own, lower rate). What the trees recorded is saved with the
//! rest of the history ([`super::history`]) and read back after a reload.

use std::collections::HashMap;

use leptos::prelude::*;
use mqtt::Publish;

use crate::model::topic_tree::{unpack_archive, TopicTree};

/// Every connection's tree, and the revision the explorer follows.
#[derive(Default)]
pub struct Trees {
    trees: HashMap<String, TopicTree>,
    /// Per connection, where the next save starts in its tree.
    saved_up_to: HashMap<String, u64>,
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
        self.saved_up_to.remove(connection);
    }

    /// What every tree recorded since the last call, packed for the store
    /// (empty when nothing came).
    pub fn take_unsaved(&mut self, origin_ms: f64) -> Vec<u8> {
        let mut packed = Vec::new();
        for (connection, tree) in &self.trees {
            let since = self.saved_up_to.get(connection).copied().unwrap_or_default();
            let next = tree.archive_since(connection, since, origin_ms, &mut packed);
            self.saved_up_to.insert(connection.clone(), next);
        }
        packed
    }

    /// Records the stored messages of the connections in `known` into
    /// their trees, before any live message; they are not saved again.
    pub fn restore(&mut self, archive: &[u8], known: &[&str], origin_ms: f64) {
        for message in unpack_archive(archive).filter(|message| known.contains(&message.connection)) {
            self.trees.entry(message.connection.to_owned()).or_default().restore(&message, origin_ms);
        }
        for (connection, tree) in &self.trees {
            self.saved_up_to.insert(connection.clone(), tree.sequence_end());
        }
    }

    /// Empties every tree (after the stored history was cleared).
    pub fn clear(&mut self) {
        self.trees.clear();
        self.saved_up_to.clear();
    }

    /// Bumped whenever any tree changed.
    pub fn revision(&self) -> ArcRwSignal<u64> {
        self.revision.clone()
    }
}
