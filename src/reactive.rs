//! The app's effects and memos, each built through one function so that
//! Leptos's effect and memo machinery is compiled once (per value type)
//! rather than once per call site: `Effect::new` is generic over its
//! closure and brings its own async runner each time (about 800 bytes of
//! wasm per call site). The closure is boxed and called through a pointer
//! instead, which costs an indirect call per run.

use leptos::prelude::{Effect, Memo};

/// An effect that runs `run` now and whenever a signal it read changes.
pub fn effect(run: impl FnMut() + 'static) {
    let mut run: Box<dyn FnMut()> = Box::new(run);
    Effect::new(move |_| run());
}

/// A memo of `compute`: readers are told only when its value changes.
pub fn memo<T: PartialEq + Send + Sync + 'static>(compute: impl Fn() -> T + Send + Sync + 'static) -> Memo<T> {
    let compute: Box<dyn Fn() -> T + Send + Sync> = Box::new(compute);
    Memo::new(move |_| compute())
}

/// An event handler for `on:…` in `view!`, boxed so that every handler of
/// one event type has one type: Leptos erases each attribute type into its
/// own copy of the attach, rebuild and clone code (and wasm-bindgen adds a
/// closure shim per type), so 123 handler closures meant 123 copies.
pub fn handler<E: 'static>(run: impl FnMut(E) + 'static) -> Box<dyn FnMut(E)> {
    Box::new(run)
}
