//! The WebSocket transport: the only place a `web_sys::WebSocket` is made.
//! It opens `ws://` or `wss://` with subprotocol `mqtt` and binary type
//! `arraybuffer`, appends every binary frame to a shared inbox (one copy,
//! into a reused buffer), and reports the rest as [`TransportEvent`]s. Its
//! closures are owned by the [`Transport`] and dropped with it.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, CloseEvent, Event, MessageEvent, WebSocket};

/// What happened on the socket, besides binary data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportEvent {
    /// The WebSocket handshake completed.
    Open,
    /// Binary data was appended to the inbox.
    Data,
    /// The server sent a text frame, which MQTT forbids [MQTT-6.0.0-1].
    TextFrame,
    /// The socket closed.
    Closed {
        /// The close code (1006 when the connection dropped or never opened).
        code: u16,
        /// The close reason the server gave, if any.
        reason: String,
        /// Whether the socket had opened before it closed.
        was_open: bool,
    },
}

/// Bytes received and not yet fed to the session.
pub type Inbox = Rc<RefCell<Vec<u8>>>;

/// An open or opening WebSocket with its event handlers.
pub struct Transport {
    socket: WebSocket,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Transport {
    /// Opens `url` with subprotocol `mqtt`. `notify` is called for every
    /// event; binary frames are appended to `inbox` first.
    pub fn open(url: &str, inbox: Inbox, notify: Rc<dyn Fn(TransportEvent)>) -> Result<Self, String> {
        let socket = WebSocket::new_with_str(url, "mqtt").map_err(|error| describe_js_error(&error))?;
        socket.set_binary_type(BinaryType::Arraybuffer);
        let opened = Rc::new(std::cell::Cell::new(false));

        let on_open = {
            let notify = notify.clone();
            let opened = opened.clone();
            Closure::<dyn FnMut(Event)>::new(move |_| {
                opened.set(true);
                notify(TransportEvent::Open);
            })
        };
        let on_message = {
            let notify = notify.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if let Some(buffer) = data.dyn_ref::<js_sys::ArrayBuffer>() {
                    let view = js_sys::Uint8Array::new(buffer);
                    let mut inbox = inbox.borrow_mut();
                    let start = inbox.len();
                    inbox.resize(start + view.length() as usize, 0);
                    view.copy_to(&mut inbox[start..]);
                    drop(inbox);
                    notify(TransportEvent::Data);
                } else {
                    notify(TransportEvent::TextFrame);
                }
            })
        };
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            notify(TransportEvent::Closed { code: event.code(), reason: event.reason(), was_open: opened.get() });
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Transport { socket, _on_open: on_open, _on_message: on_message, _on_close: on_close })
    }

    /// Sends one binary frame.
    pub fn send(&self, bytes: &[u8]) -> Result<(), String> {
        self.socket.send_with_u8_array(bytes).map_err(|error| describe_js_error(&error))
    }

    /// Bytes queued in the browser and not yet sent.
    pub fn buffered_amount(&self) -> u32 {
        self.socket.buffered_amount()
    }
}

impl Drop for Transport {
    fn drop(&mut self) {
        // Detach the handlers before the closures they point to are freed.
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        let _ = self.socket.close_with_code(1000);
    }
}

/// A readable message for an exception thrown by a browser API.
pub fn describe_js_error(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
