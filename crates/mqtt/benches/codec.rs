//! Criterion benchmarks of the codec and topic matching
//! (`cargo bench -p mqtt`). The comparison with mqtt-packet from npm is
//! `node crates/mqtt/benches/compare.mjs`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use mqtt::topic::FilterTrie;
use mqtt::{Decoder, Packet, ProtocolVersion, Publish};

mod workload;

const COUNT: usize = 10_000;

fn decode_all(version: ProtocolVersion, stream: &[u8]) -> usize {
    let mut decoder = Decoder::new(version, u32::MAX);
    decoder.push(stream);
    let mut count = 0;
    while let Some(packet) = decoder.next_packet().expect("valid stream") {
        std::hint::black_box(packet);
        count += 1;
    }
    count
}

fn codec(criterion: &mut Criterion) {
    for version in [ProtocolVersion::V311, ProtocolVersion::V5] {
        for payload_len in [64, 1024] {
            let stream = workload::publish_stream(version, payload_len, COUNT);
            let mut group = criterion.benchmark_group(format!("publish {payload_len} B {version:?}"));
            group.throughput(Throughput::Elements(COUNT as u64));
            group.bench_function("decode", |bench| bench.iter(|| decode_all(version, &stream)));
            let packet = Packet::Publish(Publish::new(workload::TOPIC, vec![b'x'; payload_len]));
            group.bench_function("encode", |bench| {
                bench.iter_batched_ref(
                    || Vec::with_capacity(stream.len()),
                    |out| {
                        for _ in 0..COUNT {
                            packet.write(version, out).expect("encodable");
                        }
                    },
                    BatchSize::LargeInput,
                )
            });
            group.finish();
        }
        let mixed = workload::mixed_stream(version, COUNT / 5);
        let mut group = criterion.benchmark_group(format!("mixed stream {version:?}"));
        group.throughput(Throughput::Elements(COUNT as u64));
        group.bench_function("decode", |bench| bench.iter(|| decode_all(version, &mixed)));
        group.finish();
    }

    let mut trie = FilterTrie::new();
    for (index, filter) in workload::filters().iter().enumerate() {
        trie.insert(filter, index);
    }
    let topics =
        ["site42/building7/floor3/temperature", "device/9998/state", "nothing/matches/here", "x/sensor7/value"];
    let mut group = criterion.benchmark_group("match topic against 10,000 filters");
    group.throughput(Throughput::Elements(topics.len() as u64));
    group.bench_function("trie", |bench| {
        bench.iter(|| {
            let mut matches = 0;
            for topic in topics {
                trie.for_each_match(topic, |_| matches += 1);
            }
            matches
        })
    });
    group.finish();
}

criterion_group!(benches, codec);
criterion_main!(benches);
