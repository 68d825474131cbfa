//! `cargo bench`: throughput of ingestion, restoration (per damage kind) and the whole
//! pipeline on the bundled fixtures. Accuracy is measured by `examples/eval.rs`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kehoach::restore::{Damage, Restorer};
use std::hint::black_box;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/fixtures/{name}/input.txt", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default()
}

fn transcription(name: &str) -> String {
    std::fs::read_to_string(format!("{}/corpus/transcriptions/{name}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let ocr = fixture("binh-phuoc-57-kh-ubnd-2025");
    let clean = transcription("binh-phuoc-57-kh-ubnd-2025");
    let stripped = kehoach::vn::strip_marks(&clean);
    let restorer = Restorer::new();
    let mut g = c.benchmark_group("kehoach");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(ocr.len() as u64));
    g.bench_function("ingest", |b| b.iter(|| kehoach::ingest::ingest(black_box(ocr.as_bytes()))));
    for (name, text, damage) in [
        ("restore/ocr-latin-model", &ocr, Damage::OcrLatinModel),
        ("restore/stripped", &stripped, Damage::Stripped),
        ("restore/clean", &clean, Damage::Clean),
    ] {
        let lines: Vec<&str> = text.lines().collect();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| restorer.restore_lines(black_box(&lines), damage)));
    }
    g.throughput(Throughput::Bytes(ocr.len() as u64));
    g.bench_function("pipeline", |b| b.iter(|| kehoach::process(black_box(ocr.as_bytes()))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
