//! Numbers from text: payloads like `21.5`, form fields, slider values.
//!
//! The digits are checked here and read by serde_json's number reader, which
//! the app carries anyway. The standard library's `str::parse::<f64>` would
//! add its 11 KB table of powers of five to the wasm. The result is exact for
//! up to 15 significant digits and an exponent within ±22, which covers
//! sensor values. Beyond that it is within one unit in the last place.

/// A finite number from text like `21.5`, ` 7 `, `-3e2`, `+4`, `.5`, `5.`,
/// `007`; not `NaN`, `inf`, `0x10` or an empty text.
pub fn parse_number(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    let json = as_json_number(trimmed)?;
    serde_json::from_str::<f64>(&json).ok().filter(|number| number.is_finite())
}

/// Whether `text` already reads as JSON writes numbers (`21.5`, `-3e2`),
/// as sensor payloads almost always do: then nothing is copied.
fn is_json_number(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let mantissa = unsigned.split(['e', 'E']).next().unwrap_or_default();
    let (whole, fraction) =
        mantissa.split_once('.').map_or((mantissa, None), |(whole, fraction)| (whole, Some(fraction)));
    whole.starts_with(|c: char| c.is_ascii_digit())
        && !(whole.len() > 1 && whole.starts_with('0'))
        && fraction != Some("")
}

/// `text` (a decimal number, sign, point and exponent optional) spelled as
/// JSON spells numbers: no `+`, no leading zeros, digits on both sides of a
/// point. Characters are still checked by serde_json when it is returned as it is.
fn as_json_number(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    if is_json_number(text) {
        return Some(std::borrow::Cow::Borrowed(text));
    }
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut json = String::with_capacity(text.len() + 2);
    if negative {
        json.push('-');
    }
    match whole.trim_start_matches('0') {
        "" => json.push('0'),
        digits => json.push_str(digits),
    }
    if !fraction.is_empty() {
        json.push('.');
        json.push_str(fraction);
    }
    if let Some(exponent) = exponent {
        let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if digits.is_empty() || !all_digits(digits) {
            return None;
        }
        json.push('e');
        json.push_str(exponent);
    }
    Some(std::borrow::Cow::Owned(json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_sensors_and_people_write() {
        let cases = [
            ("21.5", 21.5),
            (" 7 ", 7.0),
            ("-3e2", -300.0),
            ("+4", 4.0),
            (".5", 0.5),
            ("-.25", -0.25),
            ("5.", 5.0),
            ("007", 7.0),
            ("0", 0.0),
            ("1E+3", 1000.0),
            ("2.5e-1", 0.25),
            ("1750", 1750.0),
            ("0.1", 0.1),
            ("123456789012345", 123_456_789_012_345.0),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_number(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn agrees_with_the_standard_library_on_ordinary_values() {
        for whole in [0_u32, 1, 9, 21, 404, 1750, 65_535] {
            for fraction in ["", "0", "5", "25", "125", "333", "999", "0001"] {
                let text = if fraction.is_empty() { whole.to_string() } else { format!("{whole}.{fraction}") };
                assert_eq!(parse_number(&text), text.parse::<f64>().ok(), "{text:?}");
            }
        }
    }

    #[test]
    fn refuses_what_is_not_a_decimal_number() {
        for text in [
            "",
            " ",
            "-",
            "+",
            ".",
            "e5",
            "1e",
            "1e+",
            "NaN",
            "inf",
            "-infinity",
            "0x10",
            "1.2.3",
            "12a",
            "1 2",
            "--1",
            "1e400",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }
}
