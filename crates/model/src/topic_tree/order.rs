//! The order of topic levels in the tree: the way people read numbered
//! names, `s2` before `s10`, `room 9` before `room 10`.

use std::cmp::Ordering;

/// A topic level's name, ordered the way people read numbered names:
/// `s2` before `s10`, `room 9` before `room 10`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LevelName(pub(super) String);

impl Ord for LevelName {
    fn cmp(&self, other: &Self) -> Ordering {
        natural_order(&self.0, &other.0).then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for LevelName {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

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
