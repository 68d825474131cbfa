//! Benchmark: restoration accuracy and speed (and, as later stages land, extraction).
//!
//! `cargo run --release --example eval` prints, for each set, syllable accuracy (the exact
//! syllable with its marks, case ignored, tone placement normalised, tokens aligned on
//! their unmarked form) and restoration speed in MB/s on one core:
//!
//! 1. each fixture's OCR against its transcription, the model trained without that
//!    fixture's transcription (leave-one-document-out);
//! 2. the same transcriptions with every mark stripped (leave-one-document-out);
//! 3. `../shared/data/news-sample/demo-full.txt` stripped (out of domain, never trained on);
//! 4. simulator output of text not used in training (`fixtures/simulated/`);
//! 5. the clean transcriptions as input: they must come out unchanged;
//! 6. row-level accuracy of the appendix tables (`fixtures/*/expected-rows.json`);
//! 7. precision and recall of (value, unit, year) of the prose targets
//!    (`fixtures/*/expected-targets.json`).
//!
//! Options: `--quick` (sets 1-2 on the embedded model only: no retraining),
//! `--errors N` (print N wrong syllables per set), `--set NAME` (one set).

// The scoring code of the table and extract tests, shared rather than copied.
#[allow(dead_code, unused_imports)]
#[path = "../tests/table.rs"]
mod table_scoring;
#[allow(dead_code, unused_imports)]
#[path = "../tests/extract.rs"]
mod extract_scoring;

use kehoach::restore::model::Model;
use kehoach::restore::tokens::{self, Kind};
use kehoach::restore::{training, Damage, Restorer};
use kehoach::vn;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

const FIXTURES: &[&str] = &["binh-phuoc-57-kh-ubnd-2025", "bim-son-261-kh-tu-2025", "thai-nguyen-261-kh-tu-2025"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        v.sort();
        for p in v {
            if p.is_dir() {
                walk(&p, out)
            } else if p.extension().is_some_and(|e| e == "txt") {
                out.push(p)
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("corpus"), &mut out);
    out
}

/// A model trained on the corpus without the files whose name contains `exclude`.
fn model_without(exclude: Option<&str>) -> Arc<Model> {
    let texts: Vec<String> = corpus_files()
        .into_iter()
        .filter(|p| exclude.is_none_or(|x| !p.to_string_lossy().contains(x)))
        .map(|p| std::fs::read_to_string(p).unwrap_or_default())
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    Arc::new(Model::new(training::train(&refs)))
}

/// Syllable tokens of a line: (lower-case old-style form, unmarked form, original).
fn syllables(line: &str) -> Vec<(String, String, String)> {
    tokens::tokenize(line)
        .into_iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| {
            let w = t.text(line);
            let lower: String = w.chars().map(vn::lower_char).collect();
            let form = vn::normalize_tone_placement(&lower);
            let bare = vn::strip_marks(&form);
            (form, bare, w.to_string())
        })
        .collect()
}

#[derive(Default)]
struct Score {
    total: usize,
    correct: usize,
    errors: Vec<String>,
}

impl Score {
    fn pct(&self) -> f64 {
        100.0 * self.correct as f64 / self.total.max(1) as f64
    }
}

/// Aligns output words with gold words on their unmarked forms (edit distance) and counts
/// gold syllables restored exactly.
fn score_line(gold: &str, out: &str, input: &str, score: &mut Score, keep_errors: usize) {
    let g = syllables(gold);
    let o = syllables(out);
    let (n, m) = (g.len(), o.len());
    let mut d = vec![vec![0u32; m + 1]; n + 1];
    for i in 0..=n {
        d[i][0] = i as u32;
    }
    for j in 0..=m {
        d[0][j] = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = if g[i - 1].1 == o[j - 1].1 { 0 } else { 1 };
            d[i][j] = (d[i - 1][j - 1] + sub).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let (mut i, mut j) = (n, m);
    while i > 0 {
        let is_syllable = vn::Syllable::parse(&g[i - 1].2).is_some();
        if j > 0 && d[i][j] == d[i - 1][j - 1] + if g[i - 1].1 == o[j - 1].1 { 0 } else { 1 } {
            if is_syllable {
                score.total += 1;
                if g[i - 1].0 == o[j - 1].0 {
                    score.correct += 1;
                } else if score.errors.len() < keep_errors {
                    score.errors.push(format!("{} → {} (gold {})  | {}", "", o[j - 1].2, g[i - 1].2, input.trim()));
                }
            }
            i -= 1;
            j -= 1;
        } else if j > 0 && d[i][j] == d[i][j - 1] + 1 {
            j -= 1;
        } else {
            if is_syllable {
                score.total += 1;
            }
            i -= 1;
        }
    }
}

fn run_set(name: &str, restorer: &Restorer, input: &str, gold: &str, damage: Option<Damage>, keep_errors: usize) {
    let in_lines: Vec<&str> = input.lines().collect();
    let gold_lines: Vec<&str> = gold.lines().collect();
    let damage = damage.unwrap_or_else(|| Damage::detect(in_lines.iter().copied()));
    let t = Instant::now();
    let restored = restorer.restore_lines(&in_lines, damage);
    let secs = t.elapsed().as_secs_f64();
    let mut score = Score::default();
    for (k, gl) in gold_lines.iter().enumerate() {
        let out = restored.get(k).map(|r| r.text.as_str()).unwrap_or("");
        score_line(gl, out, in_lines.get(k).copied().unwrap_or(""), &mut score, keep_errors);
    }
    println!(
        "{name:<44} {:>6.2}%  ({}/{} syllables)  damage={:<15} {:>6.2} MB/s",
        score.pct(),
        score.correct,
        score.total,
        damage.name(),
        input.len() as f64 / 1e6 / secs
    );
    for e in &score.errors {
        println!("      {e}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let keep_errors = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let only = args.iter().position(|a| a == "--set").and_then(|i| args.get(i + 1)).cloned();
    let want = |set: &str| only.as_deref().is_none_or(|o| set.contains(o));
    let root = root();
    // The scoring code reads fixtures by relative path.
    let _ = std::env::set_current_dir(&root);
    println!("kehoach restoration benchmark (syllable accuracy; speed on one core)");
    let t = Instant::now();
    let full = Restorer::new();
    let (bigrams, trigrams) = full.model().lm.sizes();
    println!(
        "0. embedded model: {} symbols, {bigrams} bigrams, {trigrams} trigrams, loaded in {:.0} ms",
        full.model().lm.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    for fx in FIXTURES {
        if !want(fx) && !want("ocr") && !want("stripped") {
            continue;
        }
        let input = std::fs::read_to_string(root.join("fixtures").join(fx).join("input.txt")).unwrap_or_default();
        let gold = std::fs::read_to_string(root.join("corpus/transcriptions").join(format!("{fx}.txt"))).unwrap_or_default();
        let restorer = if quick { full.clone() } else { Restorer::with_model(model_without(Some(fx))) };
        let tag = if quick { "embedded model (saw it)" } else { "leave-one-out" };
        if want("ocr") || want(fx) {
            run_set(&format!("1. OCR {fx} [{tag}]"), &restorer, &input, &gold, None, keep_errors);
        }
        if want("stripped") || want(fx) {
            let stripped = vn::strip_marks(&gold);
            run_set(&format!("2. stripped {fx} [{tag}]"), &restorer, &stripped, &gold, Some(Damage::Stripped), keep_errors);
        }
    }
    if want("news") {
        let news_path = root.join("../shared/data/news-sample/demo-full.txt");
        match std::fs::read_to_string(&news_path) {
            Ok(news) => {
                let stripped = vn::strip_marks(&news);
                run_set("3. news-sample stripped [out of domain]", &full, &stripped, &news, Some(Damage::Stripped), keep_errors);
            }
            Err(_) => println!("3. news-sample: not found at {}", news_path.display()),
        }
    }
    if want("clean") {
        // Clean text must come out unchanged; this also measures speed on digital text.
        let gold: String = FIXTURES
            .iter()
            .map(|fx| std::fs::read_to_string(root.join("corpus/transcriptions").join(format!("{fx}.txt"))).unwrap_or_default())
            .collect();
        run_set("5. clean transcriptions, unchanged", &full, &gold, &gold, Some(Damage::Clean), keep_errors);
    }
    if want("tables") {
        // Row-level accuracy of the rebuilt appendix tables against the rows written by
        // reading the scans: right STT, right group, span holding the numbered line.
        for fx in ["binh-phuoc-57-kh-ubnd-2025", "bim-son-261-kh-tu-2025"] {
            let gold = table_scoring::on_transcription(fx);
            let g = table_scoring::compare(fx, &gold.tables, "quiet");
            let (ocr, _, _) = table_scoring::on_pipeline(fx);
            let o = table_scoring::compare(fx, &ocr, "quiet");
            let pct = |(a, b): (usize, usize)| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
            println!(
                "6. table rows {fx:<29} transcription {:>5.1}% ({}/{}), real OCR {:>5.1}% ({}/{}); OCR cells: lead {:.0}%, deadline {:.0}%, value {:.0}%",
                100.0 * g.rows(), g.rebuilt, g.expected, 100.0 * o.rows(), o.rebuilt, o.expected, pct(o.lead), pct(o.deadline), pct(o.value)
            );
        }
    }
    if want("targets") {
        // Precision and recall of (value, unit, year) of the prose targets.
        for fx in FIXTURES {
            let (tp, tr, ..) = extract_scoring::score(fx, &extract_scoring::from_transcription(fx));
            let (op, or, m, np, ng) = extract_scoring::score(fx, &extract_scoring::from_ocr(fx));
            println!("7. targets {fx:<32} transcription P {tp:.2} R {tr:.2}; real OCR P {op:.2} R {or:.2} ({m} matched, {np} predicted, {ng} gold)");
        }
    }
    if want("sim") {
        let dir = root.join("fixtures/simulated");
        match (std::fs::read_to_string(dir.join("ocr.txt")), std::fs::read_to_string(dir.join("gold.txt"))) {
            (Ok(ocr), Ok(gold)) => run_set("4. simulated OCR of unseen text", &full, &ocr, &gold, None, keep_errors),
            _ => println!("4. simulated: fixtures/simulated/ not found"),
        }
    }
}
