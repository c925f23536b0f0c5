//! Arbitrary bytes into the streaming decoder, in both protocol versions and
//! cut into two chunks: it must return packets or a typed error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mqtt::{Decoder, ProtocolVersion};

fuzz_target!(|data: &[u8]| {
    let Some((&control, bytes)) = data.split_first() else { return };
    let version = if control & 1 == 0 { ProtocolVersion::V311 } else { ProtocolVersion::V5 };
    let cut = usize::from(control >> 1).min(bytes.len());
    let mut decoder = Decoder::new(version, 64 * 1024);
    decoder.push(&bytes[..cut]);
    while let Ok(Some(_)) = decoder.next_packet() {}
    decoder.push(&bytes[cut..]);
    while let Ok(Some(_)) = decoder.next_packet() {}
});
