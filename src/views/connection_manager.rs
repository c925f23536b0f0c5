//! The Connections screen: add a broker from a template (the local broker,
//! or a well-known public test broker, marked as public), edit, duplicate
//! and delete profiles, connect and disconnect them; disconnecting and
//! deleting ask first. Fields are checked as the user types; a password is
//! kept in this browser only when "remember password" is ticked, and the
//! form says it is then stored in plain form.

use crate::reactive::handler;
use leptos::prelude::*;

use crate::client::{self, Connections};
use crate::dialog::{Choice, Dialogs};
use crate::model::{ConnectionProfile, MqttVersion, Qos, SubscriptionSpec, WillSpec};
use crate::state::{AppState, ConnectionView, LinkState};

/// The list of profiles with their actions, and the editor.
#[component]
pub fn ConnectionManager() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The profile being edited, and whether it is new.
    let editing = RwSignal::new(None::<(ConnectionProfile, bool)>);
    let add = move |preset: &Preset| {
        let mut profile = ConnectionProfile::local_default();
        profile.id = unique_id(&state, preset.id);
        profile.client_id = client::random_client_id();
        profile.name = preset.name.into();
        if !preset.url.is_empty() {
            profile.url = preset.url.into();
        }
        editing.set(Some((profile, true)));
    };
    view! {
        <section class="panel manager" aria-labelledby="manager-title">
            <div class="panel-head">
                <h2 id="manager-title">"Connections"</h2>
                <button type="button" class="primary" on:click=handler(move |_| add(&PRESETS[0]))>"Add connection"</button>
            </div>
            <details class="presets">
                <summary>"Start from a template"</summary>
                <ul class="preset-list">
                    {PRESETS.iter().map(|preset| view! {
                        <li>
                            <button type="button" on:click=handler(move |_| add(preset))>{preset.name}</button>
                            <span class="muted">{if preset.url.is_empty() { "this machine's broker (the app's own default)" } else { preset.url }}</span>
                            {preset.public.then(|| view! {
                                <span class="badge public" title="Anyone can read what you publish there, and publish to you">"public: anyone can read what you publish"</span>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            </details>
            <ul class="profiles">
                {move || state.connections.get().into_iter().map(|view| view! { <ProfileRow view editing /> }).collect_view()}
            </ul>
            {move || editing.get().map(|(profile, is_new)| view! { <ProfileEditor profile is_new editing /> })}
        </section>
    }
}

/// A template for a new connection.
struct Preset {
    id: &'static str,
    name: &'static str,
    /// Empty: the local default.
    url: &'static str,
    /// Open to anyone on the internet.
    public: bool,
}

/// The local broker and the well-known public test brokers (WebSocket URL and path as their operators publish them).
const PRESETS: [Preset; 4] = [
    Preset { id: "broker", name: "Local broker", url: "", public: false },
    Preset { id: "hivemq", name: "HiveMQ public broker", url: "ws://broker.hivemq.com:8000/mqtt", public: true },
    Preset { id: "mosquitto-test", name: "test.mosquitto.org", url: "ws://test.mosquitto.org:8080", public: true },
    Preset { id: "emqx", name: "EMQX public broker", url: "ws://broker.emqx.io:8083/mqtt", public: true },
];

fn unique_id(state: &AppState, base: &str) -> String {
    let taken: Vec<String> = state.connections.with_untracked(|views| {
        views.iter().map(|view| view.profile.with_untracked(|profile| profile.id.clone())).collect()
    });
    (1..).map(|index| format!("{base}-{index}")).find(|id| !taken.contains(id)).unwrap_or_else(|| base.to_owned())
}

#[component]
fn ProfileRow(view: ConnectionView, editing: RwSignal<Option<(ConnectionProfile, bool)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let id = view.profile.with_untracked(|profile| profile.id.clone());
    let summary = move || view.profile.with(|profile| format!("{} · {}", profile.url, profile.mqtt_version.label()));
    // The version the broker accepted, which for "auto" is what was negotiated.
    let in_use = move || view.status.with(|status| status.protocol.map(client::version::label));
    let in_use_text = move || in_use().map(|version| format!(" · speaking MQTT {version}")).unwrap_or_default();
    let name = move || view.profile.with(|profile| profile.name.clone());
    let is_up = move || matches!(view.status.with(|status| status.state), LinkState::Connected | LinkState::Connecting);
    let dialogs = expect_context::<Dialogs>();
    let toggle_id = StoredValue::new(id.clone());
    let toggle = move |_| {
        if is_up() {
            let disconnect = Choice::new("Disconnect", move || connections.disconnect(&toggle_id.get_value()));
            let detail = "Widgets on it stop updating and its controls are disabled until you connect again.";
            dialogs.confirm(format!("Disconnect from {}?", name()), Some(detail.into()), disconnect.danger());
        } else {
            connections.reconnect(&toggle_id.get_value());
        }
    };
    let duplicate = move |_| {
        let mut copy = view.profile.get_untracked();
        copy.id = unique_id(&state, &copy.id);
        copy.name = format!("{} (copy)", copy.name);
        editing.set(Some((copy, true)));
    };
    let delete_id = StoredValue::new(id.clone());
    let delete = move |_| {
        let used = state.dashboards.with_untracked(|all| {
            all.iter()
                .flat_map(|board| &board.widgets)
                .filter(|widget| widget.connection == delete_id.get_value())
                .count()
        });
        let detail = match used {
            0 => "No widget uses it.".to_owned(),
            1 => "1 widget uses it and will show no data.".to_owned(),
            count => format!("{count} widgets use it and will show no data."),
        };
        let remove = Choice::new("Delete", move || connections.delete(&delete_id.get_value()));
        dialogs.confirm(format!("Delete the connection {}?", name()), Some(detail), remove.danger());
    };
    view! {
        <li class="profile" data-profile-id=id.clone()>
            <div class="profile-text">
                <strong>{name}</strong>
                <span class="muted" data-protocol=in_use>{summary}{in_use_text}</span>
            </div>
            <div class="actions">
                <button type="button" on:click=handler(toggle) aria-label=move || format!("{} {}", if is_up() { "Disconnect" } else { "Connect" }, name())>
                    {move || if is_up() { "Disconnect" } else { "Connect" }}
                </button>
                <button type="button" on:click=handler(move |_| editing.set(Some((view.profile.get_untracked(), false)))) aria-label=move || format!("Edit {}", name())>"Edit"</button>
                <button type="button" on:click=handler(duplicate) aria-label=move || format!("Duplicate {}", name())>"Duplicate"</button>
                <button type="button" class="danger" on:click=handler(delete) aria-label=move || format!("Delete {}", name())>"Delete"</button>
            </div>
        </li>
    }
}

/// The text fields of the editor, checked as the user types.
#[derive(Clone, Copy)]
struct Draft {
    name: RwSignal<String>,
    url: RwSignal<String>,
    mqtt_version: RwSignal<String>,
    client_id: RwSignal<String>,
    username: RwSignal<String>,
    password: RwSignal<String>,
    remember_password: RwSignal<bool>,
    keep_alive: RwSignal<String>,
    clean_start: RwSignal<bool>,
    session_expiry: RwSignal<String>,
    subscriptions: RwSignal<String>,
    will_topic: RwSignal<String>,
    will_payload: RwSignal<String>,
    will_qos: RwSignal<String>,
    will_retain: RwSignal<bool>,
    will_delay: RwSignal<String>,
    will_expiry: RwSignal<String>,
    will_content_type: RwSignal<String>,
    reconnect_min: RwSignal<String>,
    reconnect_max: RwSignal<String>,
}

impl Draft {
    fn from_profile(profile: &ConnectionProfile) -> Self {
        let will = profile.will.clone().unwrap_or_default();
        Draft {
            name: RwSignal::new(profile.name.clone()),
            url: RwSignal::new(profile.url.clone()),
            mqtt_version: RwSignal::new(profile.mqtt_version.form_value().to_owned()),
            client_id: RwSignal::new(profile.client_id.clone()),
            username: RwSignal::new(profile.username.clone().unwrap_or_default()),
            password: RwSignal::new(profile.password.clone().unwrap_or_default()),
            remember_password: RwSignal::new(profile.remember_password),
            keep_alive: RwSignal::new(profile.keep_alive.to_string()),
            clean_start: RwSignal::new(profile.clean_start),
            session_expiry: RwSignal::new(profile.session_expiry.to_string()),
            subscriptions: RwSignal::new(
                profile
                    .subscriptions
                    .iter()
                    .map(|spec| format!("{} {}", spec.filter, spec.qos))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            will_topic: RwSignal::new(will.topic),
            will_payload: RwSignal::new(will.payload),
            will_qos: RwSignal::new(will.qos.to_string()),
            will_retain: RwSignal::new(will.retain),
            will_delay: RwSignal::new(will.delay_interval.map(|delay| delay.to_string()).unwrap_or_default()),
            will_expiry: RwSignal::new(will.message_expiry.map(|expiry| expiry.to_string()).unwrap_or_default()),
            will_content_type: RwSignal::new(will.content_type.unwrap_or_default()),
            reconnect_min: RwSignal::new(profile.reconnect_min_s.to_string()),
            reconnect_max: RwSignal::new(profile.reconnect_max_s.to_string()),
        }
    }

    /// The profile the fields describe, or the first problem with them.
    fn to_profile(self, base: &ConnectionProfile) -> Result<ConnectionProfile, String> {
        let number = |text: String, field: &str| -> Result<u32, String> {
            text.trim().parse::<u32>().map_err(|_| format!("{field}: {text:?} is not a whole number"))
        };
        let keep_alive = number(self.keep_alive.get(), "Keep alive")?;
        let keep_alive = u16::try_from(keep_alive).map_err(|_| "Keep alive: at most 65535 seconds".to_owned())?;
        let optional = |text: String| Some(text).filter(|text| !text.is_empty());
        let qos = |text: &str, field: &str| -> Result<Qos, String> {
            let number = text.trim().parse::<u8>().map_err(|_| format!("{field}: {text:?} is not 0, 1 or 2"))?;
            Qos::try_from(number).map_err(|problem| format!("{field}: {problem}"))
        };
        let mut subscriptions = Vec::new();
        for line in self.subscriptions.get().lines().map(str::trim).filter(|line| !line.is_empty()) {
            let (filter, level) = match line.rsplit_once(' ') {
                Some((filter, level)) if level.len() == 1 && level.chars().all(|c| c.is_ascii_digit()) => {
                    (filter.trim(), level)
                }
                _ => (line, "0"),
            };
            subscriptions.push(SubscriptionSpec { filter: filter.to_owned(), qos: qos(level, "Subscriptions")? });
        }
        let will_topic = self.will_topic.get();
        let will_qos = qos(&self.will_qos.get(), "Will QoS")?;
        let will = (!will_topic.trim().is_empty()).then(|| WillSpec {
            topic: will_topic.trim().to_owned(),
            payload: self.will_payload.get(),
            qos: will_qos,
            retain: self.will_retain.get(),
            delay_interval: self.will_delay.get().trim().parse().ok(),
            message_expiry: self.will_expiry.get().trim().parse().ok(),
            content_type: optional(self.will_content_type.get().trim().to_owned()),
            ..base.will.clone().unwrap_or_default()
        });
        let profile = ConnectionProfile {
            name: self.name.get().trim().to_owned(),
            url: self.url.get().trim().to_owned(),
            mqtt_version: MqttVersion::from_form_value(&self.mqtt_version.get()),
            client_id: self.client_id.get().trim().to_owned(),
            username: optional(self.username.get()),
            password: optional(self.password.get()),
            remember_password: self.remember_password.get(),
            keep_alive,
            clean_start: self.clean_start.get(),
            session_expiry: number(self.session_expiry.get(), "Session expiry")?,
            subscriptions,
            will,
            reconnect_min_s: number(self.reconnect_min.get(), "First reconnect wait")?,
            reconnect_max_s: number(self.reconnect_max.get(), "Longest reconnect wait")?,
            ..base.clone()
        };
        if profile.name.is_empty() {
            return Err("Name: give the connection a name".into());
        }
        profile.validate("this form", "connection").map_err(|error| error.into_field_error().to_string())?;
        Ok(profile)
    }
}

#[component]
fn ProfileEditor(
    profile: ConnectionProfile,
    is_new: bool,
    editing: RwSignal<Option<(ConnectionProfile, bool)>>,
) -> impl IntoView {
    let connections = expect_context::<Connections>();
    let draft = Draft::from_profile(&profile);
    let base = StoredValue::new(profile);
    let problem = move || base.with_value(|base| draft.to_profile(base).err());
    let insecure_hint = move || {
        let url = draft.url.get();
        client::browser_blocks_insecure_socket(&url)
            .then_some("This page is served over https, so the browser will block a ws:// broker: use wss://.")
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(profile) = base.with_value(|base| draft.to_profile(base)) else { return };
        connections.save_profile(profile, is_new);
        editing.set(None);
    };
    let text_field =
        move |label: &'static str, signal: RwSignal<String>, kind: &'static str, placeholder: &'static str| {
            view! {
                <label>
                    {label}
                    <input type=kind bind:value=signal placeholder=placeholder autocomplete="off" spellcheck="false" />
                </label>
            }
        };
    let check_field = move |label: &'static str, signal: RwSignal<bool>| {
        view! {
            <label class="checkbox">
                <input type="checkbox" bind:checked=signal />
                {label}
            </label>
        }
    };
    view! {
        <form class="editor" on:submit=handler(save) aria-label="Connection settings">
            <h3>{if is_new { "New connection" } else { "Edit connection" }}</h3>
            <div class="grid">
                {text_field("Name", draft.name, "text", "Home broker")}
                {text_field("Broker URL", draft.url, "text", "wss://broker.example:8884/mqtt")}
                <label>
                    "MQTT version"
                    <select on:change=handler(move |event| draft.mqtt_version.set(event_target_value(&event))) prop:value=move || draft.mqtt_version.get()>
                        <option value="5">"5.0"</option>
                        <option value="4">"3.1.1"</option>
                        <option value="auto">"Auto (5.0, else 3.1.1)"</option>
                    </select>
                </label>
                {text_field("Client ID (empty: random)", draft.client_id, "text", "mqtt-deck-…")}
                {text_field("User name", draft.username, "text", "")}
                {text_field("Password", draft.password, "password", "")}
                {check_field("Remember password", draft.remember_password)}
                {move || draft.remember_password.get().then(|| view! {
                    <p class="hint warn">"The password will be stored in this browser in plain form."</p>
                })}
                {text_field("Keep alive (s)", draft.keep_alive, "number", "30")}
                {check_field("Clean start", draft.clean_start)}
                {text_field("Session expiry (s)", draft.session_expiry, "number", "0")}
                <label class="wide">
                    "Subscriptions (one per line: filter QoS)"
                    <textarea rows="3" bind:value=draft.subscriptions spellcheck="false" placeholder="home/# 1"></textarea>
                </label>
                <fieldset class="wide">
                    <legend>"Last Will"</legend>
                    {text_field("Will topic", draft.will_topic, "text", "devices/deck/status")}
                    {text_field("Will payload", draft.will_payload, "text", "offline")}
                    {text_field("Will QoS", draft.will_qos, "number", "0")}
                    {check_field("Retain the Will", draft.will_retain)}
                    {text_field("Will delay (s, MQTT 5.0)", draft.will_delay, "number", "0")}
                    {text_field("Will expiry (s, MQTT 5.0)", draft.will_expiry, "number", "none")}
                    {text_field("Will content type (MQTT 5.0)", draft.will_content_type, "text", "text/plain")}
                </fieldset>
                <fieldset class="wide">
                    <legend>"Reconnect"</legend>
                    {text_field("First reconnect wait (s)", draft.reconnect_min, "number", "1")}
                    {text_field("Longest reconnect wait (s)", draft.reconnect_max, "number", "30")}
                </fieldset>
            </div>
            {move || insecure_hint().map(|hint| view! { <p class="hint warn">{hint}</p> })}
            {move || problem().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <div class="actions">
                <button type="submit" class="primary" disabled=move || problem().is_some()>"Save connection"</button>
                <button type="button" on:click=handler(move |_| editing.set(None))>"Cancel"</button>
            </div>
        </form>
    }
}
