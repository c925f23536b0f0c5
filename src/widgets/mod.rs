//! One Leptos component per widget kind, and what they share: the binding
//! of a widget to its topic (latest sample, reading through the JSON path,
//! staleness), the card around every widget with its test hooks
//! (`data-widget-id`, `data-widget-kind`, `data-stale`). Commands are
//! `command.rs`; controls the device confirms share `confirmed.rs`.

mod button;
mod chart;
mod chart_canvas;
pub mod chart_draw;
mod color;
pub mod command;
mod confirmed;
mod gauge;
mod icons;
mod image;
mod indicator;
mod level;
mod number;
mod select;
mod slider;
mod switch;
mod text;

use crate::reactive::handler;
use leptos::prelude::*;

use crate::client::router::Sample;
use crate::client::Connections;
use crate::dialog::Dialogs;
use crate::model::value::Reading;
use crate::model::{Widget, WidgetKind};
use crate::state::{AppState, LinkState};

/// The widget for `widget.kind`. `edit_controls` is what edit mode shows on
/// the card; the view that owns editing hands it in, so widgets never
/// import views.
#[component]
pub fn WidgetView(widget: Widget, #[prop(into)] edit_controls: ViewFn) -> impl IntoView {
    let binding = Binding::new(&widget);
    let body = match widget.kind {
        WidgetKind::Gauge => view! { <gauge::Gauge widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Switch => view! { <switch::Switch widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Button => view! { <button::Button widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Slider => view! { <slider::Slider widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Chart => view! { <chart::Chart widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Text => view! { <text::Text widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Indicator => view! { <indicator::Indicator widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Select => view! { <select::Select widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Number => view! { <number::NumberInput widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Level => view! { <level::Level widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Color => view! { <color::ColorPicker widget=widget.clone() binding /> }.into_any(),
        WidgetKind::Image => view! { <image::Image widget=widget.clone() binding /> }.into_any(),
    };
    view! { <WidgetCard widget binding edit_controls>{body}</WidgetCard> }
}

/// A widget's live inputs.
#[derive(Clone, Copy)]
pub struct Binding {
    /// The newest message on the state topic (None before the first).
    pub sample: RwSignal<Option<Sample>>,
    /// That message read through the widget's JSON path (one reading per
    /// topic and path, shared by every widget that shows it).
    pub reading: Signal<Option<Reading>>,
    /// No message for `stale_after_s`, or the connection is down.
    pub stale: Signal<bool>,
    /// Whether the widget's connection is up.
    pub connected: Signal<bool>,
    /// Whether it speaks MQTT 5.0 (request/response needs it).
    pub speaks_v5: Signal<bool>,
    /// Where its commands go.
    connections: Connections,
    /// Where "are you sure?" is asked.
    dialogs: Dialogs,
}

impl Binding {
    /// Binds `widget` to its state topic (charts bind their series themselves).
    pub fn new(widget: &Widget) -> Self {
        let state = expect_context::<AppState>();
        let connections = expect_context::<Connections>();
        let (sample, reading) = match &widget.topic {
            Some(topic) => {
                let signals = connections.topic(&widget.connection, topic, widget.value_path.as_deref());
                (RwSignal::from(signals.latest), Signal::from(RwSignal::from(signals.reading)))
            }
            None => (RwSignal::new(None), Signal::from(RwSignal::new(None))),
        };
        // Scale, offset and expression are the widget's own: its reading is
        // derived from the shared one, once per message.
        let reading = match crate::model::transform::Transform::of(widget) {
            Some(transform) => Signal::from(crate::reactive::memo(move || {
                let payload = sample.with(|sample| sample.as_ref().map(|sample| sample.payload.clone()))?;
                reading.with(|reading: &Option<Reading>| {
                    reading.as_ref().map(|reading| transform.apply(reading, &payload))
                })
            })),
            None => reading,
        };
        let status = {
            let connection = widget.connection.clone();
            move |read: fn(&crate::state::ConnectionStatus) -> bool| {
                state.connection(&connection).is_some_and(|view| view.status.with(read))
            }
        };
        let connected = Signal::derive({
            let status = status.clone();
            move || status(|status| status.state == LinkState::Connected)
        });
        let speaks_v5 = Signal::derive(move || status(|status| status.protocol == Some(mqtt::ProtocolVersion::V5)));
        let stale_after_ms = widget.stale_after_s.map(|seconds| f64::from(seconds) * 1000.0);
        let stale = Signal::derive(move || {
            let too_old = stale_after_ms.is_some_and(|limit| {
                sample.with(|sample| sample.as_ref().is_some_and(|sample| state.clock_ms.get() - sample.at_ms > limit))
            });
            !connected.get() || too_old
        });
        Binding { sample, reading, stale, connected, speaks_v5, connections, dialogs: expect_context::<Dialogs>() }
    }

    /// The reading as a number.
    pub fn number(&self) -> Option<f64> {
        self.reading.with(|reading| reading.as_ref().and_then(Reading::as_number))
    }
}

/// The frame around every widget: title, stale mark, last-update time on
/// demand, and the edit controls in edit mode.
#[component]
fn WidgetCard(widget: Widget, binding: Binding, edit_controls: ViewFn, children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let show_time = RwSignal::new(false);
    let updated = move || {
        let now = state.clock_ms.get();
        binding.sample.with(|sample| match sample {
            Some(sample) => {
                let ago = ((now - sample.at_ms) / 1000.0).max(0.0).round();
                format!("updated {ago:.0} s ago{}", if sample.retained { " (retained)" } else { "" })
            }
            None => "no message yet".to_owned(),
        })
    };
    let (width, rows) = (widget.span(), widget.rows());
    let commands = widget.kind.commands();
    let title = widget.display_title();
    // Named after its widget: a screen reader lists many of these.
    let clock_label = format!("Last update of {title}");
    view! {
        <article class="widget" class:stale=move || binding.stale.get() data-widget-id=widget.id.clone()
            data-widget-kind=widget.kind.as_str() data-stale=move || binding.stale.get().to_string()
            style=format!("--span: {width}; --rows: {rows}")>
            <header class="widget-head">
                <h3 class="widget-title">{title}</h3>
                {move || binding.stale.get().then(|| view! {
                    <span class="badge stale-badge" title=if binding.connected.get() { "no recent message" } else { "connection down" }>"stale"</span>
                })}
                <button type="button" class="icon" aria-label=clock_label aria-pressed=move || show_time.get().to_string()
                    on:click=handler(move |_| show_time.update(|shown| *shown = !*shown))>
                    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
                        <circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" />
                    </svg>
                </button>
            </header>
            {move || show_time.get().then(|| view! { <p class="widget-updated">{updated}</p> })}
            {move || (commands && !binding.connected.get()).then(|| view! {
                <p class="widget-offline" role="status">"offline — commands are not sent"</p>
            })}
            <div class="widget-body">{children()}</div>
            {move || state.editing.get().then(|| edit_controls.run())}
        </article>
    }
}

pub use crate::model::dashboard::format_reading as formatted;
