//! The WebSocket transport: the only place a `web_sys::WebSocket` is made.
//! It opens `ws://` or `wss://` with subprotocol `mqtt` and binary type
//! `arraybuffer`. Received frames wait on the JavaScript side: the message
//! handler is a few lines of JavaScript that only queue the `ArrayBuffer`, so
//! a WebSocket frame costs no call into WebAssembly. The first frame after a
//! drain raises [`TransportEvent::Data`]; [`Transport::take_received`] then
//! copies everything queued into WebAssembly memory at once, once per
//! animation frame. Closures are owned by the [`Transport`] and dropped with it.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, CloseEvent, Event, WebSocket};

use crate::web::BrowserError;

#[wasm_bindgen(inline_js = r#"
export function attach_inbox(socket, onFirstData, onText) {
    const inbox = { frames: [], bytes: 0, waiting: false };
    socket.onmessage = (event) => {
        const data = event.data;
        if (typeof data === 'string') { onText(); return; }
        inbox.frames.push(data);
        inbox.bytes += data.byteLength;
        if (!inbox.waiting) { inbox.waiting = true; onFirstData(); }
    };
    return inbox;
}
export function inbox_bytes(inbox) { return inbox.bytes; }
export function take_inbox_into(inbox, out) {
    let offset = 0;
    for (const frame of inbox.frames) { out.set(new Uint8Array(frame), offset); offset += frame.byteLength; }
    inbox.frames = []; inbox.bytes = 0; inbox.waiting = false;
}
"#)]
extern "C" {
    fn attach_inbox(socket: &WebSocket, on_first_data: &js_sys::Function, on_text: &js_sys::Function) -> JsValue;
    fn inbox_bytes(inbox: &JsValue) -> usize;
    fn take_inbox_into(inbox: &JsValue, out: &mut [u8]);
}

/// What happened on the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportEvent {
    /// The WebSocket handshake completed.
    Open,
    /// Binary data is waiting for [`Transport::take_received`] (raised once per drain).
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

/// An open or opening WebSocket with its event handlers.
pub struct Transport {
    socket: WebSocket,
    inbox: JsValue,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_data: Closure<dyn FnMut()>,
    _on_text: Closure<dyn FnMut()>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Transport {
    /// Opens `url` with subprotocol `mqtt`. `notify` is called for every event.
    pub fn open(url: &str, notify: Rc<dyn Fn(TransportEvent)>) -> Result<Self, BrowserError> {
        let socket = WebSocket::new_with_str(url, "mqtt")?;
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
        let on_data = {
            let notify = notify.clone();
            Closure::<dyn FnMut()>::new(move || notify(TransportEvent::Data))
        };
        let on_text = {
            let notify = notify.clone();
            Closure::<dyn FnMut()>::new(move || notify(TransportEvent::TextFrame))
        };
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            notify(TransportEvent::Closed { code: event.code(), reason: event.reason(), was_open: opened.get() });
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let inbox = attach_inbox(&socket, on_data.as_ref().unchecked_ref(), on_text.as_ref().unchecked_ref());
        Ok(Transport { socket, inbox, _on_open: on_open, _on_data: on_data, _on_text: on_text, _on_close: on_close })
    }

    /// Everything received since the last call, in order, as one buffer:
    /// the queued frames are copied straight into WebAssembly memory, with
    /// no buffer joined on the JavaScript side first. (The buffer is the
    /// session's afterwards: received payloads share it.)
    pub fn take_received(&self) -> Vec<u8> {
        let mut received = vec![0; inbox_bytes(&self.inbox)];
        if !received.is_empty() {
            take_inbox_into(&self.inbox, &mut received);
        }
        received
    }

    /// Sends one binary frame.
    pub fn send(&self, bytes: &[u8]) -> Result<(), BrowserError> {
        Ok(self.socket.send_with_u8_array(bytes)?)
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
