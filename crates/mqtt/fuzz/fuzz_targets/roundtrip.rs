//! decode → encode → decode: whatever decodes must encode, and decode again
//! to the same packet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mqtt::packet::decode;
use mqtt::ProtocolVersion;

fuzz_target!(|data: &[u8]| {
    let Some((&control, bytes)) = data.split_first() else { return };
    let version = if control & 1 == 0 { ProtocolVersion::V311 } else { ProtocolVersion::V5 };
    let Ok(Some((packet, _))) = decode(bytes, version, u32::MAX) else { return };
    // A CONNECT carries its own version; encode it at that one.
    let version = match &packet {
        mqtt::Packet::Connect(connect) => connect.protocol_version,
        _ => version,
    };
    let encoded = packet.to_bytes(version).expect("a decoded packet encodes");
    assert_eq!(encoded.len(), packet.encoded_len(version));
    let (again, used) = decode(&encoded, version, u32::MAX).expect("re-decodes").expect("whole");
    assert_eq!(used, encoded.len());
    assert_eq!(again, packet);
});
