//! Reconnect delays: exponential backoff with jitter, pure so that it is
//! tested natively. The caller supplies the random number.

use std::time::Duration;

/// Doubling delays from `initial` up to `cap`, each shortened by up to a
/// quarter at random so that many clients do not retry in step.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    initial: Duration,
    cap: Duration,
    attempt: u32,
}

impl Backoff {
    /// Delays starting at `initial` and never above `cap`.
    pub fn new(initial: Duration, cap: Duration) -> Self {
        Backoff { initial, cap, attempt: 0 }
    }

    /// The delay before the next attempt; `random_unit` is in `[0, 1)`.
    pub fn next_delay(&mut self, random_unit: f64) -> Duration {
        let factor = 2u32.saturating_pow(self.attempt.min(16));
        let base = self.initial.saturating_mul(factor).min(self.cap);
        self.attempt = self.attempt.saturating_add(1);
        base.mul_f64(1.0 - 0.25 * random_unit.clamp(0.0, 1.0))
    }

    /// Starts over after a successful connection.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(Duration::from_secs(1), Duration::from_secs(30))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_cap_and_reset() {
        let mut backoff = Backoff::default();
        let delays: Vec<u64> = (0..7).map(|_| backoff.next_delay(0.0).as_secs()).collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 30, 30]);
        backoff.reset();
        assert_eq!(backoff.next_delay(0.0), Duration::from_secs(1));
    }

    #[test]
    fn jitter_shortens_by_at_most_a_quarter() {
        let mut backoff = Backoff::default();
        assert_eq!(backoff.next_delay(0.999_999).as_millis(), 750);
    }
}
