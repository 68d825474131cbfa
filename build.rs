//! Trains the embedded language model from `corpus/` (every `*.txt` below it) and writes
//! it to `$OUT_DIR/model.bin`, which `src/restore/model.rs` includes. The training code
//! is the library's own, included by path, so the build and the benchmark's
//! leave-one-out models are made the same way.

#![allow(dead_code)]

#[path = "src/restore/lm.rs"]
mod lm;
#[path = "src/restore/tokens.rs"]
mod tokens;
#[path = "src/restore/training.rs"]
mod training;
#[path = "src/vn.rs"]
mod vn;

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=corpus");
    for f in ["src/restore/lm.rs", "src/restore/tokens.rs", "src/restore/training.rs", "src/vn.rs"] {
        println!("cargo:rerun-if-changed={f}");
    }
    let mut files = Vec::new();
    collect(Path::new("corpus"), &mut files);
    let texts: Vec<String> = files
        .iter()
        .map(|p| {
            println!("cargo:rerun-if-changed={}", p.display());
            std::fs::read_to_string(p).unwrap_or_default()
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let model = training::train(&refs);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("model.bin");
    std::fs::write(&out, model.to_bytes()).expect("write model");
}
