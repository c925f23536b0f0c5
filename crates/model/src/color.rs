//! Colours of RGB lamps: read from a state payload (`#ff8800`, `ff8800`,
//! `#f80` or JSON `{"r":255,"g":136,"b":0}`) and written as a command in
//! the widget's `color_format`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether `text` is a plain CSS colour (`#c62828`, `red`, `rgb(20 40 60 / 50%)`)
/// and nothing else: no `url(…)`, no `;`, so a colour from a shared file can
/// never load anything or add a style.
pub fn is_plain_color(text: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || " #(),.%/-".contains(c);
    !text.is_empty() && text.len() <= 40 && text.chars().all(allowed) && !text.to_ascii_lowercase().contains("url")
}

/// How a colour picker writes its commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorFormat {
    /// `#rrggbb`, the default.
    #[default]
    Hex,
    /// `{"r":255,"g":136,"b":0}`.
    Json,
}

impl ColorFormat {
    /// The name used in files and in the form.
    pub fn as_str(self) -> &'static str {
        match self {
            ColorFormat::Hex => "hex",
            ColorFormat::Json => "json",
        }
    }
}

/// A colour of 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Rgb {
    /// The colour a payload gives, if it gives one.
    pub fn from_payload(text: &str) -> Option<Rgb> {
        let text = text.trim();
        if text.starts_with('{') {
            let value: Value = serde_json::from_str(text).ok()?;
            let channel = |name: &str| value.get(name)?.as_u64().and_then(|number| u8::try_from(number).ok());
            return Some(Rgb { r: channel("r")?, g: channel("g")?, b: channel("b")? });
        }
        Rgb::from_hex(text)
    }

    /// `#rrggbb`, `rrggbb` or `#rgb`.
    pub fn from_hex(text: &str) -> Option<Rgb> {
        let digits = text.strip_prefix('#').unwrap_or(text);
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |at: usize, width: usize| {
            let value = u8::from_str_radix(digits.get(at * width..at * width + width)?, 16).ok()?;
            Some(if width == 1 { value * 17 } else { value })
        };
        let width = match digits.len() {
            6 => 2,
            3 => 1,
            _ => return None,
        };
        Some(Rgb { r: channel(0, width)?, g: channel(1, width)?, b: channel(2, width)? })
    }

    /// `#rrggbb`, as `<input type="color">` and CSS read it.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// The command payload in `format`.
    pub fn to_payload(self, format: ColorFormat) -> String {
        match format {
            ColorFormat::Hex => self.to_hex(),
            ColorFormat::Json => format!(r#"{{"r":{},"g":{},"b":{}}}"#, self.r, self.g, self.b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_colours_pass_and_anything_that_could_load_or_style_does_not() {
        for text in ["#c62828", "red", "rgb(20, 40, 60)", "hsl(120 50% 40% / 0.5)", "transparent"] {
            assert!(is_plain_color(text), "{text:?}");
        }
        for text in ["", "red; background: blue", "url(http://x/y.svg#p)", "red}", "\"red\"", "<b>"] {
            assert!(!is_plain_color(text), "{text:?}");
        }
    }

    #[test]
    fn reads_the_colours_lamps_report() {
        let orange = Some(Rgb { r: 255, g: 136, b: 0 });
        assert_eq!(Rgb::from_payload("#ff8800"), orange);
        assert_eq!(Rgb::from_payload(" FF8800 "), orange);
        assert_eq!(Rgb::from_payload("#f80"), orange);
        assert_eq!(Rgb::from_payload(r#"{"r":255,"g":136,"b":0,"brightness":80}"#), orange);
    }

    #[test]
    fn refuses_what_is_not_a_colour() {
        for text in ["", "#ff88", "#gg8800", "orange", r#"{"r":256,"g":0,"b":0}"#, r#"{"r":1,"g":2}"#, "{", "#ff8800ff"]
        {
            assert_eq!(Rgb::from_payload(text), None, "{text:?}");
        }
    }

    #[test]
    fn writes_hex_or_json_and_reads_its_own_output() {
        let colour = Rgb { r: 18, g: 52, b: 86 };
        assert_eq!(colour.to_payload(ColorFormat::Hex), "#123456");
        assert_eq!(colour.to_payload(ColorFormat::Json), r#"{"r":18,"g":52,"b":86}"#);
        for format in [ColorFormat::Hex, ColorFormat::Json] {
            assert_eq!(Rgb::from_payload(&colour.to_payload(format)), Some(colour));
        }
    }
}
