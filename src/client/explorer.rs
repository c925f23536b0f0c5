//! The topic trees of the explorer, one per connection, fed once per
//! animation frame with that frame's messages. The trees are plain data
//! outside the reactive graph; one revision signal, bumped once per frame
//! that brought messages, tells the explorer view to look again (which it
//! does at its own, lower rate).

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use mqtt::Publish;

use crate::model::topic_tree::TopicTree;

thread_local! {
    static TREES: RefCell<HashMap<String, TopicTree>> = RefCell::new(HashMap::new());
    static REVISION: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// Adds one frame's messages to the tree of `connection`.
pub fn record_frame(connection: &str, messages: &[Publish], at_ms: f64) {
    TREES.with(|trees| {
        let mut trees = trees.borrow_mut();
        let tree = trees.entry(connection.to_owned()).or_default();
        for message in messages {
            tree.record(message, at_ms);
        }
    });
    REVISION.with(|revision| revision.update(|value| *value += 1));
}

/// Reads the tree of `connection` (an empty one when nothing came yet).
pub fn with_tree<T>(connection: &str, read: impl FnOnce(&TopicTree) -> T) -> T {
    TREES.with(|trees| match trees.borrow().get(connection) {
        Some(tree) => read(tree),
        None => read(&TopicTree::new()),
    })
}

/// Forgets the tree of a connection that was deleted.
pub fn forget(connection: &str) {
    TREES.with(|trees| trees.borrow_mut().remove(connection));
    REVISION.with(|revision| revision.update(|value| *value += 1));
}

/// Bumped whenever any tree changed.
pub fn revision() -> ArcRwSignal<u64> {
    REVISION.with(Clone::clone)
}
