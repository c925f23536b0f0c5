//! Sharing and importing settings files: the share link (`#config=` with the
//! file as base64url, one dashboard and the connections it uses, never a
//! password), the exported file (no passwords either), and merging an
//! imported file into the current settings without overwriting anything.

use super::config::{parse_config, ConfigFile, CURRENT_VERSION, FORMAT_NAME};
use super::{Dashboard, ModelError};

/// The URL fragment key of a share link.
pub const SHARE_FRAGMENT_KEY: &str = "config";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const STANDARD_ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// base64url without padding (RFC 4648 §5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    encode_base64(bytes, ALPHABET)
}

/// Standard base64 with padding (RFC 4648 §4), as payload viewers show it.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = encode_base64(bytes, STANDARD_ALPHABET);
    while out.len() % 4 != 0 {
        out.push('=');
    }
    out
}

fn encode_base64(bytes: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group =
            chunk.iter().enumerate().fold(0u32, |group, (index, byte)| group | u32::from(*byte) << (16 - 8 * index));
        for index in 0..=chunk.len() {
            out.push(alphabet[(group >> (18 - 6 * index) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url, with or without padding.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut group = 0u32;
    let mut bits = 0;
    for (position, character) in text.bytes().enumerate() {
        let value = ALPHABET
            .iter()
            .position(|&letter| letter == character)
            .ok_or_else(|| format!("character {} ({:?}) is not base64url", position + 1, character as char))?;
        group = group << 6 | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((group >> bits) as u8);
            group &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err("the text is cut short".into());
    }
    Ok(out)
}

/// The file a share link carries: `dashboard` and the connections its
/// widgets use, with passwords removed.
pub fn share_file(settings: &ConfigFile, dashboard: &Dashboard) -> ConfigFile {
    let used: Vec<&str> = dashboard.widgets.iter().map(|widget| widget.connection.as_str()).collect();
    let connections = settings
        .connections
        .iter()
        .filter(|connection| used.contains(&connection.id.as_str()))
        .cloned()
        .map(|mut connection| {
            connection.password = None;
            connection.remember_password = false;
            connection
        })
        .collect();
    ConfigFile {
        format: FORMAT_NAME.into(),
        version: CURRENT_VERSION,
        connections,
        dashboards: vec![dashboard.clone()],
        ..ConfigFile::default()
    }
}

/// The `#config=…` fragment for a file.
pub fn share_fragment(file: &ConfigFile) -> String {
    let json = crate::json_text::compact(file).unwrap_or_default();
    format!("#{SHARE_FRAGMENT_KEY}={}", base64url_encode(json.as_bytes()))
}

/// Reads a share link's fragment (`#config=…`); None when it is not one.
pub fn parse_share_fragment(fragment: &str) -> Option<Result<ConfigFile, ModelError>> {
    let encoded = fragment.trim_start_matches('#').strip_prefix(SHARE_FRAGMENT_KEY)?.strip_prefix('=')?;
    let source = "the shared link";
    let invalid =
        |problem: String| ModelError::InvalidValue { source_name: source.into(), field: "#config".into(), problem };
    Some(
        base64url_decode(encoded)
            .map_err(invalid)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| invalid("the decoded text is not UTF-8".into())))
            .and_then(|text| parse_config(&text, source)),
    )
}

/// The text of an exported file: everything, without passwords.
pub fn export_json(settings: &ConfigFile) -> String {
    let mut exported = settings.clone();
    for connection in &mut exported.connections {
        connection.password = None;
        connection.remember_password = false;
    }
    crate::json_text::pretty(&exported).unwrap_or_default()
}

/// What an import adds to the current settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// Connections to add (their ids are new here).
    pub new_connections: Vec<super::ConnectionProfile>,
    /// Dashboards to add, renamed where their id was taken.
    pub new_dashboards: Vec<Dashboard>,
    /// Saved messages to add, renamed where their name was taken.
    pub new_saved_messages: Vec<super::publish::SavedMessage>,
    /// One sentence for the user.
    pub summary: String,
}

/// Plans an import: nothing existing is overwritten. A connection whose id
/// exists here with the same URL is the same broker: the one here is used
/// (it may hold a password the file does not). One whose id exists with
/// another URL is added under a new id, and the imported widgets follow it.
/// A dashboard whose id exists gets a new id, and so does a saved message
/// whose name exists.
pub fn plan_import(current: &ConfigFile, imported: ConfigFile) -> ImportPlan {
    let mut reused = Vec::new();
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut new_connections = Vec::new();
    let mut taken_connections: Vec<String> =
        current.connections.iter().map(|connection| connection.id.clone()).collect();
    for mut connection in imported.connections {
        match current.connections.iter().find(|existing| existing.id == connection.id) {
            Some(existing) if existing.url == connection.url => reused.push(format!("{:?}", connection.id)),
            Some(_) => {
                let new_id = unique_id(&connection.id, &taken_connections);
                renamed.push((connection.id.clone(), new_id.clone()));
                connection.id = new_id;
                taken_connections.push(connection.id.clone());
                new_connections.push(connection);
            }
            None => {
                taken_connections.push(connection.id.clone());
                new_connections.push(connection);
            }
        }
    }
    let mut taken_dashboards: Vec<String> = current.dashboards.iter().map(|dashboard| dashboard.id.clone()).collect();
    let new_dashboards: Vec<Dashboard> = imported
        .dashboards
        .into_iter()
        .map(|mut dashboard| {
            dashboard.id = unique_id(&dashboard.id, &taken_dashboards);
            taken_dashboards.push(dashboard.id.clone());
            for widget in &mut dashboard.widgets {
                follow_renamed(&mut widget.connection, &renamed);
            }
            dashboard
        })
        .collect();
    let mut taken_names: Vec<String> = current.saved_messages.iter().map(|message| message.name.clone()).collect();
    let new_saved_messages: Vec<_> = imported
        .saved_messages
        .into_iter()
        .map(|mut message| {
            message.name = unique_id(&message.name, &taken_names);
            taken_names.push(message.name.clone());
            follow_renamed(&mut message.connection, &renamed);
            message
        })
        .collect();
    let plural = |count: usize, noun: &str| format!("{count} {noun}{}", if count == 1 { "" } else { "s" });
    let mut summary = format!(
        "Imported {} and {}",
        plural(new_dashboards.len(), "dashboard"),
        plural(new_connections.len(), "connection")
    );
    if !new_saved_messages.is_empty() {
        summary.push_str(&format!(" with {}", plural(new_saved_messages.len(), "saved message")));
    }
    summary.push('.');
    if !reused.is_empty() {
        summary.push_str(&format!(
            " Kept your existing connection{} {}.",
            if reused.len() == 1 { "" } else { "s" },
            reused.join(", ")
        ));
    }
    for (old_id, new_id) in &renamed {
        summary.push_str(&format!(
            " The imported connection {old_id:?} points elsewhere than yours, so it was added as {new_id:?}."
        ));
    }
    ImportPlan { new_connections, new_dashboards, new_saved_messages, summary }
}

/// Points `connection` at the new id of a connection the import renamed.
fn follow_renamed(connection: &mut String, renamed: &[(String, String)]) {
    if let Some((_, new_id)) = renamed.iter().find(|(old_id, _)| old_id == connection) {
        *connection = new_id.clone();
    }
}

/// `base` if free, else `base-2`, `base-3`, …
fn unique_id(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|id| id == base) {
        return base.to_owned();
    }
    (2..).map(|index| format!("{base}-{index}")).find(|id| !taken.contains(id)).unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::{PayloadFormat, SavedMessage};
    use crate::ConnectionProfile;

    #[test]
    fn standard_base64_matches_rfc_4648_vectors() {
        let vectors =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE=")];
        for (plain, encoded) in vectors {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
        }
        assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn base64url_round_trips_every_length_and_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url_encode(plain.as_bytes()), encoded);
            assert_eq!(base64url_decode(encoded).unwrap(), plain.as_bytes());
        }
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(base64url_decode(&base64url_encode(&bytes)).unwrap(), bytes);
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert!(base64url_decode("ab+c").unwrap_err().contains("character 3"));
    }

    fn settings_with_password() -> ConfigFile {
        let mut connection = ConnectionProfile::local_default();
        connection.password = Some("s3cret".into());
        connection.remember_password = true;
        let mut other = ConnectionProfile::local_default();
        other.id = "unused".into();
        let dashboard: Dashboard = serde_json::from_str(
            r#"{"id":"home","title":"Home","widgets":[{"id":"t","kind":"text","connection":"local","topic":"a"}]}"#,
        )
        .unwrap();
        ConfigFile { connections: vec![connection, other], dashboards: vec![dashboard], ..ConfigFile::default() }
    }

    #[test]
    fn a_share_link_carries_the_dashboard_and_its_connection_but_never_a_password() {
        let settings = settings_with_password();
        let fragment = share_fragment(&share_file(&settings, &settings.dashboards[0]));
        assert!(!fragment.contains("s3cret"));
        let shared = parse_share_fragment(&fragment).unwrap().unwrap();
        assert_eq!(shared.dashboards, settings.dashboards);
        assert_eq!(shared.connections.len(), 1, "only the connection the widgets use");
        assert_eq!(shared.connections[0].password, None);
        assert!(!serde_json::to_string(&shared).unwrap().contains("s3cret"));
    }

    #[test]
    fn a_broken_share_link_says_what_is_wrong() {
        assert!(parse_share_fragment("#other=1").is_none());
        let error = parse_share_fragment("#config=%%%").unwrap().unwrap_err().to_string();
        assert!(error.contains("the shared link: #config: character 1"), "{error}");
        let not_json = format!("#config={}", base64url_encode(b"{oops"));
        assert!(parse_share_fragment(&not_json)
            .unwrap()
            .unwrap_err()
            .to_string()
            .contains("not a valid MQTT Deck file"));
    }

    #[test]
    fn export_leaves_out_passwords() {
        assert!(!export_json(&settings_with_password()).contains("s3cret"));
    }

    #[test]
    fn an_import_adds_without_overwriting() {
        let current = settings_with_password();
        let mut imported = share_file(&current, &current.dashboards[0]);
        let mut extra = ConnectionProfile::local_default();
        extra.id = "attic".into();
        imported.connections.push(extra);
        let plan = plan_import(&current, imported);
        assert_eq!(plan.new_connections.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["attic"]);
        assert_eq!(plan.new_dashboards[0].id, "home-2", "the existing dashboard keeps its id");
        assert_eq!(plan.summary, "Imported 1 dashboard and 1 connection. Kept your existing connection \"local\".");
    }

    #[test]
    fn saved_messages_are_imported_renamed_where_the_name_is_taken_and_follow_their_connection() {
        let mut current = settings_with_password();
        let saved = |name: &str, connection: &str| SavedMessage {
            name: name.into(),
            connection: connection.into(),
            topic: "home/bell".into(),
            payload: "ring".into(),
            format: PayloadFormat::Text,
            qos: crate::Qos::AtLeastOnce,
            retain: false,
            content_type: None,
            utf8_payload: false,
            response_topic: None,
            correlation_data: None,
            user_properties: Vec::new(),
            message_expiry: None,
        };
        current.saved_messages = vec![saved("Bell", "local")];
        let mut imported = current.clone();
        imported.connections[0].url = "ws://elsewhere:9001".into();
        imported.saved_messages = vec![saved("Bell", "local"), saved("Gate", "local")];
        let plan = plan_import(&current, imported);
        let names: Vec<(&str, &str)> = plan
            .new_saved_messages
            .iter()
            .map(|message| (message.name.as_str(), message.connection.as_str()))
            .collect();
        assert_eq!(names, [("Bell-2", "local-2"), ("Gate", "local-2")]);
        assert!(
            plan.summary.starts_with("Imported 1 dashboard and 1 connection with 2 saved messages."),
            "{}",
            plan.summary
        );
    }

    #[test]
    fn an_imported_connection_to_another_broker_is_added_under_a_new_id_and_its_widgets_follow() {
        let current = settings_with_password();
        let mut imported = share_file(&current, &current.dashboards[0]);
        imported.connections[0].url = "wss://elsewhere.example:8884".into();
        let plan = plan_import(&current, imported);
        assert_eq!(plan.new_connections[0].id, "local-2");
        assert_eq!(plan.new_dashboards[0].widgets[0].connection, "local-2");
        assert!(plan.summary.contains("added as \"local-2\""), "{}", plan.summary);
    }
}
