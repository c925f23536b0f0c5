//! MQTT 5.0 request/response: the commands waiting for a correlated
//! response, per connection. A control registers the Correlation Data it
//! sent; a received message carrying the same data answers it, once. The
//! list is bounded (the oldest waiting command is dropped first) and an
//! entry older than [`WAIT_LIMIT_MS`] is forgotten, so a device that never
//! answers costs nothing.

use mqtt::Publish;

use crate::model::response::Response;

/// The most commands waiting for a response at once, over all connections.
const MAX_WAITING: usize = 64;
/// How long a response is waited for at most; controls time out sooner.
const WAIT_LIMIT_MS: f64 = 5.0 * 60_000.0;

/// What to do with a command's response.
pub type OnResponse = Box<dyn FnOnce(Response)>;

struct Waiting {
    connection: String,
    correlation: Vec<u8>,
    since_ms: f64,
    on_response: OnResponse,
}

/// The commands waiting for their response.
#[derive(Default)]
pub struct PendingResponses {
    waiting: Vec<Waiting>,
}

impl PendingResponses {
    /// Waits for the response on `connection` that carries `correlation`.
    pub fn expect(&mut self, connection: &str, correlation: Vec<u8>, now_ms: f64, on_response: OnResponse) {
        self.waiting.retain(|waiting| now_ms - waiting.since_ms < WAIT_LIMIT_MS);
        if self.waiting.len() >= MAX_WAITING {
            self.waiting.remove(0);
        }
        self.waiting.push(Waiting { connection: connection.to_owned(), correlation, since_ms: now_ms, on_response });
    }

    /// Takes out the commands that `messages` (one frame on `connection`)
    /// answer, with what each response said; the caller runs them once
    /// nothing is borrowed.
    pub fn answered_by(&mut self, connection: &str, messages: &[Publish]) -> Vec<(OnResponse, Response)> {
        let mut answered = Vec::new();
        if self.waiting.is_empty() {
            return answered;
        }
        for message in messages {
            let Some(correlation) = &message.properties.correlation_data else { continue };
            let found = self
                .waiting
                .iter()
                .position(|waiting| waiting.connection == connection && &waiting.correlation == correlation);
            if let Some(index) = found {
                let waiting = self.waiting.remove(index);
                let response = Response::read(&message.payload, &message.properties.user_properties);
                answered.push((waiting.on_response, response));
            }
        }
        answered
    }

    /// How many commands are waiting.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.waiting.len()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::*;

    fn reply(correlation: &[u8], payload: &str) -> Publish {
        let mut message = Publish::new("replies".to_owned(), payload.as_bytes().to_vec());
        message.properties.correlation_data = Some(correlation.to_vec());
        message
    }

    fn recorder() -> (Rc<RefCell<Vec<Response>>>, impl Fn() -> OnResponse) {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let make = {
            let seen = seen.clone();
            move || -> OnResponse {
                let seen = seen.clone();
                Box::new(move |response| seen.borrow_mut().push(response))
            }
        };
        (seen, make)
    }

    #[test]
    fn only_the_matching_correlation_on_the_same_connection_answers_and_only_once() {
        let (seen, on_response) = recorder();
        let mut pending = PendingResponses::default();
        pending.expect("home", b"c1".to_vec(), 0.0, on_response());
        assert!(pending.answered_by("home", &[reply(b"other", "x")]).is_empty());
        assert!(pending.answered_by("office", &[reply(b"c1", "x")]).is_empty(), "another connection's reply");
        let mut without = Publish::new("replies".to_owned(), b"x".to_vec());
        without.properties.correlation_data = None;
        assert!(pending.answered_by("home", &[without]).is_empty());
        for (run, response) in pending.answered_by("home", &[reply(b"c1", "done"), reply(b"c1", "again")]) {
            run(response);
        }
        assert_eq!(seen.borrow().len(), 1, "a second reply with the same data answers nothing");
        assert_eq!(seen.borrow()[0].text, "done");
        assert_eq!(pending.len(), 0);
    }

    #[test]
    fn the_list_is_bounded_and_forgets_old_commands() {
        let (_, on_response) = recorder();
        let mut pending = PendingResponses::default();
        for index in 0..(MAX_WAITING + 10) {
            pending.expect("home", index.to_string().into_bytes(), 0.0, on_response());
        }
        assert_eq!(pending.len(), MAX_WAITING);
        assert!(pending.answered_by("home", &[reply(b"0", "x")]).is_empty(), "the oldest was dropped");
        pending.expect("home", b"late".to_vec(), WAIT_LIMIT_MS + 1.0, on_response());
        assert_eq!(pending.len(), 1, "entries past the wait limit are forgotten");
    }
}
