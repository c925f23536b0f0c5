//! Case-insensitive search text for topic and log searches.
//!
//! The standard library's `to_lowercase` brings its full Unicode case table
//! (about 12 KB) into the wasm. Searches need only a fold that makes "Küche"
//! find "KÜCHE": ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic, the
//! scripts topic names are written in, fold here. Others are compared as written.

/// `text` with its capital letters made small, for comparing.
pub fn fold_case(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// One letter's small form, where the fold knows it.
fn fold_char(letter: char) -> char {
    let code = u32::from(letter);
    let small = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => code + 0x20,
        0x400..=0x40F => code + 0x50,
        // Latin Extended-A pairs capitals and small letters: even-odd up to
        // U+0137 and from U+014A, odd-even between (U+0130 and U+0131 are dotted and dotless i).
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if code % 2 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17E if code % 2 == 1 => code + 1,
        _ => code,
    };
    char::from_u32(small).unwrap_or(letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_as_the_standard_library_does_in_the_scripts_it_covers() {
        let ranges = [0x20..0x250_u32, 0x370..0x3FF, 0x400..0x450];
        for code in ranges.into_iter().flatten() {
            let Some(letter) = char::from_u32(code) else { continue };
            let standard: Vec<char> = letter.to_lowercase().collect();
            let ours = fold_char(letter);
            // Where the standard fold is one letter in these blocks, ours agrees or
            // leaves the letter as it is (Latin Extended-B and a few Greek capitals).
            if standard.len() == 1 && ours != letter {
                assert_eq!(ours, standard[0], "U+{code:04X}");
            }
        }
    }

    #[test]
    fn folds_what_people_search_for() {
        assert_eq!(fold_case("Home/KÜCHE/Licht"), "home/küche/licht");
        assert_eq!(fold_case("ÉTAGE Łódź"), "étage łódź");
        assert_eq!(fold_case("ΣΑΛΟΝΙ Гостиная ЁЖ"), "σαλονι гостиная ёж");
        assert_eq!(fold_case("sensor-7"), "sensor-7");
        for letter in ['A', 'Z', 'À', 'Þ', 'Ā', 'Ł', 'Ž', 'Ω', 'Я', 'Ё'] {
            assert_eq!(fold_case(&letter.to_string()), letter.to_lowercase().to_string(), "{letter}");
        }
    }
}
