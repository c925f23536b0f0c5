//! The rows the explorer shows: which nodes are open, and the slice of the
//! open tree on screen, found without walking the whole tree per frame.

use std::collections::HashSet;

use super::{one_line_preview, NodeId, TopicTree, ROOT};

/// Which nodes are open: all or none by default, with exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Open unless toggled.
    pub all_open: bool,
    /// Topics whose state is the opposite of the default.
    pub toggled: HashSet<String>,
}

impl Expansion {
    /// Whether the node for `topic` shows its children.
    pub fn is_open(&self, topic: &str) -> bool {
        self.all_open != self.toggled.contains(topic)
    }

    /// Opens or closes `topic`.
    pub fn toggle(&mut self, topic: &str) {
        if !self.toggled.remove(topic) {
            self.toggled.insert(topic.to_owned());
        }
    }

    /// Opens or closes everything.
    pub fn set_all(&mut self, open: bool) {
        self.all_open = open;
        self.toggled.clear();
    }
}

/// One line of the tree as the view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    /// The full topic of the node (levels joined by `/`).
    pub topic: String,
    /// This level's name.
    pub name: String,
    /// Levels from the top, 0 for the first.
    pub depth: usize,
    /// Messages under the node, its own included.
    pub count: u64,
    /// Whether it has levels below.
    pub has_children: bool,
    /// Whether those are shown.
    pub open: bool,
    /// Whether the broker holds a retained message on this very topic.
    pub retained: bool,
    /// The last payload on this very topic, one line, cut.
    pub preview: Option<String>,
    /// When something under it last arrived.
    pub at_ms: f64,
}

impl TopicTree {
    /// The rows of the open part of the tree, `range` of them, and how many
    /// there are in all. With a non-empty `search`, only topics containing
    /// it (and the levels leading to them) are listed, all open.
    pub fn visible_rows(
        &self,
        expansion: &Expansion,
        search: &str,
        range: std::ops::Range<usize>,
    ) -> (usize, Vec<TreeRow>) {
        let search = search.trim();
        let wanted = (!search.is_empty()).then(|| self.nodes_matching(search));
        let mut rows = Vec::new();
        let mut total = 0;
        let mut stack: Vec<(NodeId, usize)> = self.nodes[ROOT].children.values().rev().map(|id| (id, 0)).collect();
        while let Some((id, depth)) = stack.pop() {
            let node = &self.nodes[id];
            if wanted.as_ref().is_some_and(|wanted| !wanted.contains(&id)) {
                continue;
            }
            let open = wanted.is_some() || expansion.is_open(&node.topic);
            if range.contains(&total) {
                rows.push(self.row(id, depth, open));
            }
            total += 1;
            if open {
                stack.extend(node.children.values().rev().map(|child| (child, depth + 1)));
            }
        }
        (total, rows)
    }

    /// Nodes whose topic contains `search` (case-insensitively), with their ancestors.
    fn nodes_matching(&self, search: &str) -> HashSet<NodeId> {
        let search = crate::text::fold_case(search);
        let mut wanted = HashSet::new();
        for (topic, &id) in &self.by_topic {
            if crate::text::fold_case(topic).contains(&search) {
                let mut cursor = Some(id);
                while let Some(current) = cursor.filter(|&current| current != ROOT) {
                    if !wanted.insert(current) {
                        break;
                    }
                    cursor = self.nodes[current].parent;
                }
            }
        }
        wanted
    }

    fn row(&self, id: NodeId, depth: usize, open: bool) -> TreeRow {
        let node = &self.nodes[id];
        TreeRow {
            topic: node.topic.clone(),
            name: node.name.clone(),
            depth,
            count: node.subtree_count,
            has_children: !node.children.is_empty(),
            open,
            retained: node.holds_retained(),
            preview: node.last.as_ref().map(|last| one_line_preview(&last.payload)),
            at_ms: node.subtree_at_ms,
        }
    }
}
