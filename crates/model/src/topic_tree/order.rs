//! The order of topic levels in the tree: the way people read numbered
//! names, `s2` before `s10`, `room 9` before `room 10`.

use std::cmp::Ordering;

/// Compares runs of digits by their value and everything else as text.
pub(super) fn natural_order(left: &str, right: &str) -> Ordering {
    let (mut left, mut right) = (left.as_bytes(), right.as_bytes());
    loop {
        match (left.first(), right.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(a), Some(b)) if a.is_ascii_digit() && b.is_ascii_digit() => {
                let (left_digits, left_rest) = split_digits(left);
                let (right_digits, right_rest) = split_digits(right);
                let (a, b) = (trim_zeros(left_digits), trim_zeros(right_digits));
                let order = a.len().cmp(&b.len()).then_with(|| a.cmp(b));
                if order != Ordering::Equal {
                    return order;
                }
                (left, right) = (left_rest, right_rest);
            }
            (Some(a), Some(b)) => {
                if a != b {
                    return a.cmp(b);
                }
                (left, right) = (&left[1..], &right[1..]);
            }
        }
    }
}

fn split_digits(bytes: &[u8]) -> (&[u8], &[u8]) {
    bytes.split_at(bytes.iter().position(|byte| !byte.is_ascii_digit()).unwrap_or(bytes.len()))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    &digits[digits.iter().position(|&digit| digit != b'0').unwrap_or(digits.len())..]
}

/// A node's children, sorted by [`natural_order`] (then byte order): a plain sorted list, found
/// by binary search. New levels are rare next to lookups, and a list needs
/// neither a key allocation per lookup nor the B-tree's code in the bundle.
#[derive(Debug, Default)]
pub(super) struct Children(Vec<(String, usize)>);

impl Children {
    fn position(&self, level: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(name, _)| natural_order(name, level).then_with(|| name.as_str().cmp(level)))
    }

    /// The child named `level`.
    pub(super) fn get(&self, level: &str) -> Option<usize> {
        self.position(level).ok().map(|index| self.0[index].1)
    }

    /// Adds `child` under `level` (replacing one of that name).
    pub(super) fn insert(&mut self, level: &str, child: usize) {
        match self.position(level) {
            Ok(index) => self.0[index].1 = child,
            Err(index) => self.0.insert(index, (level.to_owned(), child)),
        }
    }

    /// The children in order.
    pub(super) fn values(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.0.iter().map(|(_, child)| *child)
    }

    /// Whether there are none.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_stay_in_natural_order_and_are_found_by_name() {
        let mut children = Children::default();
        for (index, level) in ["s10", "s2", "a", "s1", "S2", "s02"].into_iter().enumerate() {
            children.insert(level, index);
        }
        let names: Vec<&str> = children.0.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["S2", "a", "s1", "s02", "s2", "s10"]);
        assert_eq!((children.get("s2"), children.get("s02"), children.get("s3")), (Some(1), Some(5), None));
        children.insert("s2", 9);
        assert_eq!((children.get("s2"), children.values().count()), (Some(9), 6));
        assert!(!children.is_empty() && Children::default().is_empty());
    }
}
