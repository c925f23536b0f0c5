//! Browser notifications and an alert sound. Permission is asked only from
//! a person's click ([`request_permission`]). A notification goes through
//! the service worker's registration where there is one (phones show
//! nothing else), else through `new Notification`; either shows while the
//! page is open, in front or hidden. The sound is a short two-tone beep
//! made by Web Audio: nothing is downloaded.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function notification_permission() {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}
export function request_notification_permission() {
    if (typeof Notification === 'undefined') return Promise.resolve('unsupported');
    return Notification.requestPermission();
}
export function show_notification(title, body, tag) {
    if (notification_permission() !== 'granted') return;
    const options = { body, tag, icon: 'icon-192.png', renotify: true };
    const direct = () => { try { new Notification(title, options); } catch (error) { console.warn('MQTT Deck: notification failed:', error); } };
    if (!('serviceWorker' in navigator)) { direct(); return; }
    navigator.serviceWorker.getRegistration()
        .then((registration) => registration ? registration.showNotification(title, options) : direct())
        .catch(direct);
}
export function beep() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    const context = new Context();
    const gain = context.createGain();
    gain.connect(context.destination);
    gain.gain.setValueAtTime(0.0001, context.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.25, context.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, context.currentTime + 0.5);
    [880, 660].forEach((frequency, index) => {
        const tone = context.createOscillator();
        tone.frequency.value = frequency;
        tone.connect(gain);
        tone.start(context.currentTime + index * 0.18);
        tone.stop(context.currentTime + 0.18 + index * 0.18);
    });
    setTimeout(() => context.close(), 800);
}
"#)]
extern "C" {
    fn notification_permission() -> String;
    fn request_notification_permission() -> js_sys::Promise;
    fn show_notification(title: &str, body: &str, tag: &str);
    /// Plays the alert sound.
    pub fn beep();
}

/// Whether notifications may be shown: "granted", "denied", "default"
/// (not asked yet) or "unsupported".
pub fn permission() -> String {
    notification_permission()
}

/// Asks for permission; call only from a person's click. Resolves to the
/// answer, as [`permission`] says it.
pub async fn request_permission() -> String {
    match JsFuture::from(request_notification_permission()).await {
        Ok(answer) => answer.as_string().unwrap_or_else(|| "default".into()),
        Err(_) => permission(),
    }
}

/// Shows a notification, if allowed; `tag` replaces an earlier one of the same rule.
pub fn notify(title: &str, body: &str, tag: &str) {
    show_notification(title, body, tag);
}
