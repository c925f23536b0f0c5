//! A small seeded random number generator (xorshift64*), so that a run with
//! the same `--seed` publishes the same values.

/// Seeded pseudo-random numbers; not for anything secret.
#[derive(Debug, Clone)]
pub struct Random(u64);

impl Random {
    /// A generator for `seed` (0 is remapped: xorshift must not start at 0).
    pub fn new(seed: u64) -> Self {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `[low, high)`.
    pub fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers_in_range() {
        let first: Vec<f64> = {
            let mut random = Random::new(7);
            (0..100).map(|_| random.unit()).collect()
        };
        let second: Vec<f64> = {
            let mut random = Random::new(7);
            (0..100).map(|_| random.unit()).collect()
        };
        assert_eq!(first, second);
        assert!(first.iter().all(|value| (0.0..1.0).contains(value)));
        assert_ne!(first, {
            let mut random = Random::new(8);
            (0..100).map(|_| random.unit()).collect::<Vec<_>>()
        });
    }
}
