//! The history store: chart points and each topic's last message in
//! IndexedDB (database `mqtt-deck-history`), through a small script of its
//! own rather than web-sys's IndexedDB bindings, whose glue costs more.
//!
//! Points are kept in chunks of up to 8,192 per series (fewer under a small limit) (records
//! `{ s: series key, n: chunk key, p: Float64Array [time, value, …] }`);
//! the open chunk of each series is rewritten on each save until it is full.
//! A save is one transaction, made at most once a second by the caller.
//! The store enforces the limits itself: chunks past the age limit go, and
//! while more points are kept than the limit the oldest chunk goes. A full
//! quota drops the oldest quarter and says so ([`commit`] returns the
//! notice). The explorer's messages are kept as one record per save
//! (`{ n: time of the save, b: bytes packed by model::topic_tree::archive }`),
//! the oldest going first past the byte limit or the age limit. Times are
//! milliseconds since the epoch. `data-history-points` (points stored),
//! `data-history-message-bytes` (explorer bytes stored) and
//! `data-history-write-ms` (the last save's time, from the transaction's
//! start to its completion) are set on `<html>`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::model::history::HistoryLimits;

#[wasm_bindgen(inline_js = r#"
const CHUNK = 8192, PERSIST_ASKED = 'mqtt-deck.history.persist-asked';
let db = null, loaded = null, chunks = [], open = new Map(), latest = new Map(), notices = [], total = 0;
let batches = [], batchBytes = 0, unsaved = [];
const done = (request) => new Promise((ok, fail) => { request.onsuccess = () => ok(request.result); request.onerror = () => fail(request.error); });
const mark = (name, value) => { document.documentElement.dataset[name] = String(value); };
const join = (parts, Type) => {
    const all = new Type(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) { all.set(part, at); at += part.length; }
    return all;
};
export function history_load() {
    if (typeof indexedDB === 'undefined') return Promise.resolve('this browser has no IndexedDB');
    const opening = indexedDB.open('mqtt-deck-history', 2);
    opening.onupgradeneeded = (change) => {
        if (change.oldVersion < 1) {
            opening.result.createObjectStore('points', { keyPath: ['s', 'n'] });
            opening.result.createObjectStore('latest');
        }
        opening.result.createObjectStore('messages', { keyPath: 'n' });
    };
    return done(opening).then((database) => {
        db = database;
        try {
            if (navigator.storage && navigator.storage.persist && !localStorage.getItem(PERSIST_ASKED)) {
                localStorage.setItem(PERSIST_ASKED, '1');
                navigator.storage.persist();
            }
        } catch (ignored) {}
        const reading = db.transaction(['points', 'latest', 'messages']);
        const all = (store, keys) => done(keys ? reading.objectStore(store).getAllKeys() : reading.objectStore(store).getAll());
        return Promise.all([all('points'), all('latest', true), all('latest'), all('messages')]);
    }).then(([records, keys, values, saved]) => {
        batches = saved.map((batch) => ({ n: batch.n, size: batch.b.length }));
        batchBytes = batches.reduce((sum, batch) => sum + batch.size, 0);
        loaded = { points: new Map(), latest: new Map(), messages: saved.map((batch) => batch.b) };
        records.sort((a, b) => a.n - b.n);
        for (const record of records) {
            const count = record.p.length / 2;
            chunks.push({ s: record.s, n: record.n, first: record.p[0], last: record.p[record.p.length - 2], count });
            total += count;
            (loaded.points.get(record.s) || loaded.points.set(record.s, []).get(record.s)).push(record.p);
        }
        keys.forEach((key, index) => loaded.latest.set(key, values[index]));
        mark('historyPoints', total);
        mark('historyMessageBytes', batchBytes);
        return null;
    }).catch((error) => 'history could not be read: ' + (error && error.message || error));
}
export function history_points(key) {
    const parts = loaded && loaded.points.get(key);
    if (!parts) return new Float64Array(0);
    const all = join(parts, Float64Array);
    let ordered = true;
    for (let index = 2; ordered && index < all.length; index += 2) ordered = all[index] >= all[index - 2];
    if (ordered) return all;
    // Two tabs wrote the series at once: their chunks interleave.
    const order = Array.from({ length: all.length / 2 }, (_, index) => index).sort((a, b) => all[2 * a] - all[2 * b]);
    const sorted = new Float64Array(all.length);
    order.forEach((from, to) => { sorted[2 * to] = all[2 * from]; sorted[2 * to + 1] = all[2 * from + 1]; });
    return sorted;
}
export function history_latest(key) {
    const kept = loaded && loaded.latest.get(key);
    return kept ? new Uint8Array(kept) : undefined;
}
export function history_messages() { return join(loaded ? loaded.messages : [], Uint8Array); }
export function history_forget_loaded() { loaded = null; }
export function history_write_messages(bytes) { unsaved.push(bytes.slice()); }
export function history_write_points(key, points) {
    let chunk = open.get(key);
    if (!chunk) {
        chunk = { s: key, n: Date.now() + Math.random(), first: points[0], last: 0, count: 0, p: [] };
        open.set(key, chunk);
        chunks.push(chunk);
    }
    for (const value of points) chunk.p.push(value);
    chunk.count = chunk.p.length / 2;
    chunk.last = chunk.p[chunk.p.length - 2];
    chunk.dirty = true;
    total += points.length / 2;
}
export function history_write_latest(key, bytes) { latest.set(key, bytes.slice()); }
function drop(count, store) {
    for (const chunk of chunks.splice(0, count)) {
        total -= chunk.count;
        if (open.get(chunk.s) === chunk) open.delete(chunk.s);
        store.delete([chunk.s, chunk.n]);
    }
}
function drop_batches(count, store) {
    for (const batch of batches.splice(0, count)) { batchBytes -= batch.size; store.delete(batch.n); }
}
export function history_commit(max_points, max_age_ms, max_message_bytes) {
    const notice = notices.shift();
    if (!db) return notice;
    const started = performance.now(), oldest = Date.now() - max_age_ms;
    const writing = db.transaction(['points', 'latest', 'messages'], 'readwrite');
    const points = writing.objectStore('points');
    let aged = 0;
    while (aged < chunks.length && chunks[aged].last < oldest) aged++;
    drop(aged, points);
    let over = 0, excess = total - max_points;
    while (excess > 0 && over < chunks.length) excess -= chunks[over++].count;
    drop(over, points);
    for (const chunk of open.values()) {
        if (!chunk.dirty) continue;
        chunk.dirty = false;
        points.put({ s: chunk.s, n: chunk.n, p: Float64Array.from(chunk.p) });
        if (chunk.count >= Math.min(CHUNK, max_points / 16)) open.delete(chunk.s);
    }
    const store = writing.objectStore('latest');
    for (const [key, bytes] of latest) store.put(bytes, key);
    const written = latest, messages = writing.objectStore('messages'), sent = unsaved;
    latest = new Map(); unsaved = [];
    let batch = null;
    if (sent.length) {
        const bytes = join(sent, Uint8Array);
        batch = { n: Date.now() + Math.random(), size: bytes.length };
        batches.push(batch); batchBytes += batch.size;
        messages.put({ n: batch.n, b: bytes });
    }
    let stale = 0, spare = batchBytes - max_message_bytes;
    while (stale < batches.length && (batches[stale].n < oldest || spare > 0)) spare -= batches[stale++].size;
    drop_batches(stale, messages);
    writing.oncomplete = () => { mark('historyWriteMs', (performance.now() - started).toFixed(1)); mark('historyPoints', total); mark('historyMessageBytes', batchBytes); };
    writing.onabort = () => {
        const error = writing.error, unwritten = batches.indexOf(batch);
        if (unwritten >= 0) { batches.splice(unwritten, 1); batchBytes -= batch.size; }
        if (error && error.name === 'QuotaExceededError') {
            for (const chunk of open.values()) chunk.dirty = true;
            for (const [key, bytes] of written) if (!latest.has(key)) latest.set(key, bytes);
            unsaved = sent.concat(unsaved);
            const freeing = db.transaction(['points', 'messages'], 'readwrite');
            drop(Math.ceil(chunks.length / 4), freeing.objectStore('points'));
            drop_batches(Math.ceil(batches.length / 4), freeing.objectStore('messages'));
            notices.push('The browser\'s storage is full: the oldest quarter of the history was dropped to make room.');
        } else {
            notices.push('History could not be saved: ' + (error && error.message || 'the write was cancelled'));
        }
    };
    return notice;
}
export function history_clear() {
    chunks = []; open = new Map(); latest = new Map(); total = 0; batches = []; batchBytes = 0; unsaved = [];
    mark('historyPoints', 0); mark('historyMessageBytes', 0);
    if (!db) return Promise.resolve();
    const clearing = db.transaction(['points', 'latest', 'messages'], 'readwrite');
    for (const store of ['points', 'latest', 'messages']) clearing.objectStore(store).clear();
    return new Promise((ok) => { clearing.oncomplete = ok; clearing.onabort = ok; });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = history_load)]
    fn start_loading_store() -> js_sys::Promise;
    /// The stored points of series `key`, `[time, value, …]`, oldest first.
    #[wasm_bindgen(js_name = history_points)]
    pub fn stored_points(key: &str) -> Vec<f64>;
    /// The stored last message of `key`, as [`write_latest`] wrote it.
    #[wasm_bindgen(js_name = history_latest)]
    pub fn stored_latest(key: &str) -> Option<Vec<u8>>;
    /// Lets go of what was read, once it is restored.
    #[wasm_bindgen(js_name = history_forget_loaded)]
    pub fn forget_loaded();
    /// Appends points (`[time, value, …]`) to series `key`, saved on [`commit`].
    #[wasm_bindgen(js_name = history_write_points)]
    pub fn write_points(key: &str, points: &[f64]);
    /// Replaces the last message of `key`, saved on [`commit`].
    #[wasm_bindgen(js_name = history_write_latest)]
    pub fn write_latest(key: &str, bytes: &[u8]);
    /// The explorer's stored messages, saves joined oldest first.
    #[wasm_bindgen(js_name = history_messages)]
    pub fn stored_messages() -> Vec<u8>;
    /// Appends packed explorer messages, saved on [`commit`] as one batch.
    #[wasm_bindgen(js_name = history_write_messages)]
    pub fn write_messages(bytes: &[u8]);
    #[wasm_bindgen(js_name = history_commit)]
    fn commit_store(max_points: f64, max_age_ms: f64, max_message_bytes: f64) -> Option<String>;
    #[wasm_bindgen(js_name = history_clear)]
    fn clear_store() -> js_sys::Promise;
}

/// Starts reading the store; the promise it returns (see [`loaded`]) is
/// awaited once the settings are known, so both load at the same time.
pub fn start_loading() -> js_sys::Promise {
    start_loading_store()
}

/// Waits for the store read begun by [`start_loading`]: `Err` says why
/// there is no history (no IndexedDB, a damaged database); the app carries
/// on without it.
pub async fn loaded(loading: js_sys::Promise) -> Result<(), String> {
    match JsFuture::from(loading).await {
        Ok(value) => value.as_string().map_or(Ok(()), Err),
        Err(_) => Err("history could not be read".into()),
    }
}

/// Saves what was written since the last commit in one transaction,
/// dropping what is past the limits; returns a notice for the user when an
/// earlier save failed or the quota was full.
pub fn commit(limits: &HistoryLimits) -> Option<String> {
    commit_store(f64::from(limits.max_points), limits.max_age_ms(), limits.max_message_bytes())
}

/// Empties the store.
pub async fn clear() {
    let _ = JsFuture::from(clear_store()).await;
}
