//! The session's timers, named in one small table instead of deadlines
//! computed ad hoc: each [`Timer`] has at most one deadline, and
//! [`Timers::next`] is what [`Session::poll_timeout`](super::Session::poll_timeout)
//! reports. Times are the caller's `now` values; nothing here reads a clock.

use std::time::Duration;

/// A named deadline of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Timer {
    /// CONNACK must arrive by then ([`super::SessionConfig::connect_timeout`]).
    ConnAck,
    /// Nothing was sent, or nothing received, for the keep alive interval:
    /// send PINGREQ [MQTT-3.1.2-22/23].
    KeepAlive,
    /// A PINGREQ is out and no packet has come back since; when this passes
    /// the connection is dead (5.0 section 3.1.2.10: "a reasonable amount
    /// of time after it has sent a PINGREQ"). Half the keep alive.
    PingResponse,
}

const TIMERS: usize = 3;

impl Timer {
    fn slot(self) -> usize {
        match self {
            Timer::ConnAck => 0,
            Timer::KeepAlive => 1,
            Timer::PingResponse => 2,
        }
    }
}

/// One optional deadline per [`Timer`].
#[derive(Debug, Clone, Default)]
pub(super) struct Timers {
    deadlines: [Option<Duration>; TIMERS],
}

impl Timers {
    pub(super) fn set(&mut self, timer: Timer, deadline: Duration) {
        self.deadlines[timer.slot()] = Some(deadline);
    }

    pub(super) fn stop(&mut self, timer: Timer) {
        self.deadlines[timer.slot()] = None;
    }

    pub(super) fn stop_all(&mut self) {
        self.deadlines = [None; TIMERS];
    }

    pub(super) fn is_running(&self, timer: Timer) -> bool {
        self.deadlines[timer.slot()].is_some()
    }

    /// Whether `timer` runs and its deadline is at or before `now`.
    pub(super) fn expired(&self, timer: Timer, now: Duration) -> bool {
        self.deadlines[timer.slot()].is_some_and(|deadline| now >= deadline)
    }

    /// The earliest deadline of all running timers.
    pub(super) fn next(&self) -> Option<Duration> {
        self.deadlines.iter().flatten().min().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_the_earliest_running_deadline_and_stopped_timers_do_not_count() {
        let mut timers = Timers::default();
        assert_eq!(timers.next(), None);
        timers.set(Timer::KeepAlive, Duration::from_secs(30));
        timers.set(Timer::PingResponse, Duration::from_secs(12));
        assert_eq!(timers.next(), Some(Duration::from_secs(12)));
        assert!(timers.expired(Timer::PingResponse, Duration::from_secs(12)));
        assert!(!timers.expired(Timer::KeepAlive, Duration::from_secs(29)));
        timers.stop(Timer::PingResponse);
        assert_eq!(timers.next(), Some(Duration::from_secs(30)));
        timers.stop_all();
        assert!(!timers.is_running(Timer::KeepAlive));
    }
}
