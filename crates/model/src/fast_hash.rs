//! A fast, non-cryptographic hasher for the maps keyed by topic that every
//! received message looks up (the explorer's tree, the widget router).
//! Topics come from the user's own broker, and a colliding topic only costs
//! time in that user's own tab, so SipHash's defence against chosen keys
//! buys nothing here; it was the largest cost of a lookup. The multiply-
//! rotate step is the one rustc's own `FxHasher` uses.

use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by topic, hashed with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// The hasher of [`FastMap`].
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_that_differ_anywhere_hash_apart_and_a_map_finds_them() {
        let hash = |text: &str| {
            let mut hasher = FastHasher::default();
            hasher.write(text.as_bytes());
            hasher.finish()
        };
        assert_ne!(hash("home/sensor/1"), hash("home/sensor/2"));
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"), "the tail after the last whole word counts");
        let mut map = FastMap::default();
        for index in 0..10_000 {
            map.insert(format!("bench/sensor/{index}"), index);
        }
        assert!((0..10_000).all(|index| map[&format!("bench/sensor/{index}")] == index));
    }
}
