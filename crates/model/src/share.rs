//! Sharing settings files: the share link (`#config=` with the file as
//! base64url, one dashboard and the connections it uses, never a password)
//! and the exported file (no passwords either). Merging an imported file
//! into the current settings is [`crate::import`].

use super::config::{parse_config, ConfigFile, CURRENT_VERSION, FORMAT_NAME};
use super::{Dashboard, ModelError};

/// The URL fragment key of a share link with the file as it is.
pub const SHARE_FRAGMENT_KEY: &str = "config";
/// The URL fragment key of a share link with the file deflated (RFC 1951,
/// raw), about a quarter as long: short enough for a QR code.
pub const DEFLATED_FRAGMENT_KEY: &str = "z";

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
    decode_base64(text, b'-', b'_', "base64url")
}

/// Decodes standard base64 (RFC 4648 §4), with or without padding; line
/// breaks and spaces between the characters are skipped.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, String> {
    decode_base64(text, b'+', b'/', "base64")
}

/// Decodes base64 whose 63rd and 64th characters are `plus` and `slash`.
fn decode_base64(text: &str, plus: u8, slash: u8, name: &str) -> Result<Vec<u8>, String> {
    let text = text.trim_end().trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut group, mut bits, mut count) = (0u32, 0, 0);
    for (position, character) in text.bytes().enumerate() {
        let value = match character {
            b'A'..=b'Z' => character - b'A',
            b'a'..=b'z' => character - b'a' + 26,
            b'0'..=b'9' => character - b'0' + 52,
            _ if character == plus => 62,
            _ if character == slash => 63,
            b' ' | b'\t' | b'\r' | b'\n' if name == "base64" => continue,
            _ => return Err(format!("character {} ({:?}) is not {name}", position + 1, character as char)),
        };
        group = group << 6 | u32::from(value);
        (bits, count) = (bits + 6, count + 1);
        if bits >= 8 {
            bits -= 8;
            out.push((group >> bits) as u8);
            group &= (1 << bits) - 1;
        }
    }
    if count % 4 == 1 {
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
    format!("#{SHARE_FRAGMENT_KEY}={}", base64url_encode(share_json(file).as_bytes()))
}

/// The text a share link carries: the file as compact JSON.
pub fn share_json(file: &ConfigFile) -> String {
    crate::json_text::compact(file).unwrap_or_default()
}

/// The `#z=…` fragment for the deflated share JSON.
pub fn deflated_fragment(deflated: &[u8]) -> String {
    format!("#{DEFLATED_FRAGMENT_KEY}={}", base64url_encode(deflated))
}

/// What a share link's fragment holds.
#[derive(Debug)]
pub enum SharedFragment {
    /// `#config=`: the file, read.
    File(Result<ConfigFile, ModelError>),
    /// `#z=`: the deflated file, to inflate and then read with [`parse_shared_json`].
    Deflated(Result<Vec<u8>, ModelError>),
}

const SHARED_SOURCE: &str = "the shared link";

fn invalid_fragment(problem: String) -> ModelError {
    ModelError::InvalidValue { source_name: SHARED_SOURCE.into(), field: "#config".into(), problem }
}

/// Reads a share link's fragment (`#config=…` or `#z=…`); None when it is not one.
pub fn read_share_fragment(fragment: &str) -> Option<SharedFragment> {
    let fragment = fragment.trim_start_matches('#');
    if let Some(encoded) = fragment.strip_prefix(DEFLATED_FRAGMENT_KEY).and_then(|rest| rest.strip_prefix('=')) {
        return Some(SharedFragment::Deflated(base64url_decode(encoded).map_err(invalid_fragment)));
    }
    parse_share_fragment(fragment).map(SharedFragment::File)
}

/// Reads the inflated text of a `#z=` link.
pub fn parse_shared_json(bytes: Vec<u8>) -> Result<ConfigFile, ModelError> {
    let text = String::from_utf8(bytes).map_err(|_| invalid_fragment("the decoded text is not UTF-8".into()))?;
    parse_config(&text, SHARED_SOURCE)
}

/// Reads a share link's fragment (`#config=…`); None when it is not one.
pub fn parse_share_fragment(fragment: &str) -> Option<Result<ConfigFile, ModelError>> {
    let encoded = fragment.trim_start_matches('#').strip_prefix(SHARE_FRAGMENT_KEY)?.strip_prefix('=')?;
    Some(base64url_decode(encoded).map_err(invalid_fragment).and_then(parse_shared_json))
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ConnectionProfile;

    #[test]
    fn standard_base64_decodes_what_it_encodes_across_line_breaks() {
        let bytes: Vec<u8> = (0..=255).collect();
        let encoded = base64_encode(&bytes);
        assert_eq!(base64_decode(&encoded).unwrap(), bytes);
        let wrapped: String =
            encoded.as_bytes().chunks(76).map(|line| String::from_utf8_lossy(line) + "\r\n").collect();
        assert_eq!(base64_decode(&wrapped).unwrap(), bytes);
        assert!(base64_decode("ab-c").unwrap_err().contains("character 3"));
    }

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

    /// Settings with a remembered password, a spare connection and one dashboard (shared with the import tests).
    pub(crate) fn settings_with_password() -> ConfigFile {
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
    fn a_deflated_link_is_told_apart_and_its_text_read() {
        let settings = settings_with_password();
        let json = share_json(&share_file(&settings, &settings.dashboards[0]));
        let fragment = deflated_fragment(json.as_bytes());
        assert!(fragment.starts_with("#z="));
        let Some(SharedFragment::Deflated(Ok(bytes))) = read_share_fragment(&fragment) else { panic!("{fragment}") };
        assert_eq!(parse_shared_json(bytes).unwrap().dashboards, settings.dashboards);
        assert!(matches!(read_share_fragment("#z=%"), Some(SharedFragment::Deflated(Err(_)))));
        assert!(matches!(read_share_fragment(&share_fragment(&settings)), Some(SharedFragment::File(Ok(_)))));
        assert!(read_share_fragment("#/topics").is_none());
    }

    #[test]
    fn export_leaves_out_passwords() {
        assert!(!export_json(&settings_with_password()).contains("s3cret"));
    }
}
