//! Decode throughput of the benchmark workloads, for the comparison with
//! mqtt-packet (`node crates/mqtt/benches/compare.mjs` runs this). Writes
//! each workload's bytes to the directory given as the first argument, so
//! the JavaScript side decodes exactly the same stream, and prints one JSON
//! line per workload with messages per second.

use std::time::{Duration, Instant};

use mqtt::{Decoder, ProtocolVersion};

// The comparison decodes; the filter workload belongs to the criterion bench.
#[allow(dead_code)]
#[path = "../benches/workload.rs"]
mod workload;

const COUNT: usize = 10_000;

fn main() -> std::io::Result<()> {
    let directory = std::env::args().nth(1).unwrap_or_else(|| "target/bench-streams".into());
    std::fs::create_dir_all(&directory)?;
    for version in [ProtocolVersion::V311, ProtocolVersion::V5] {
        let workloads = [
            (format!("publish-64B-v{}", version.level()), workload::publish_stream(version, 64, COUNT), COUNT),
            (format!("publish-1KiB-v{}", version.level()), workload::publish_stream(version, 1024, COUNT), COUNT),
            (format!("mixed-v{}", version.level()), workload::mixed_stream(version, COUNT / 5), COUNT),
        ];
        for (name, stream, packets) in workloads {
            let path = format!("{directory}/{name}.bin");
            std::fs::write(&path, &stream)?;
            let per_second = measure(version, &stream, packets);
            println!(
                r#"{{"name":"{name}","file":"{path}","protocolVersion":{},"packets":{packets},"messagesPerSecond":{per_second:.0}}}"#,
                version.level()
            );
        }
    }
    Ok(())
}

/// Decodes the whole stream repeatedly for about 0.7 s of decoding; best of
/// three rounds. Like mqtt-packet's parser, which is handed a Buffer, the
/// decoder is handed an owned buffer; making that copy is not timed.
fn measure(version: ProtocolVersion, stream: &[u8], packets: usize) -> f64 {
    let mut best: f64 = 0.0;
    for _ in 0..3 {
        let mut decoding = Duration::ZERO;
        let mut decoded = 0usize;
        while decoding < Duration::from_millis(700) {
            let received = stream.to_vec();
            let started = Instant::now();
            let mut decoder = Decoder::new(version, u32::MAX);
            decoder.push_owned(received);
            while let Some(packet) = decoder.next_packet().expect("valid stream") {
                std::hint::black_box(packet);
                decoded += 1;
            }
            decoding += started.elapsed();
        }
        assert_eq!(decoded % packets, 0);
        best = best.max(decoded as f64 / decoding.as_secs_f64());
    }
    best
}
