//! Compares the plans' commitments across provinces: one row per taxonomy indicator, one
//! column per plan, cells like `≥ 95% (2030)`.
//!
//! ```sh
//! cargo run --release --example compare -- fixtures            # every *.txt below
//! cargo run --release --example compare -- --year 2025 fixtures
//! ```
//!
//! Inputs: files or directories (every `*.txt` below, recursively), skipping anything under
//! a `simulated` directory and gold files (`gold.txt`, `expected-*`). A cell shows the
//! plan's target for the indicator at the chosen horizon (default 2030; else the nearest
//! year), preferring a stated value; `✓` marks a target without a number; `—` none.

use kehoach::extract::taxonomy;
use kehoach::record::{Comparator, Record, Target};
use std::path::{Path, PathBuf};

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        if path.file_name().map(|n| n == "simulated").unwrap_or(false) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(path) else { return };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if path.extension().map(|e| e == "txt").unwrap_or(false) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("gold") || name.starts_with("expected") {
            return;
        }
        out.push(path.to_path_buf());
    }
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}").replace('.', ",")
    }
}

fn cell(t: &Target) -> String {
    let year = t.year.map(|y| format!(" ({y})")).unwrap_or_default();
    let Some(v) = t.value else { return format!("✓{year}") };
    let unit = t.unit.as_deref().unwrap_or("");
    let (rank, unit) = if unit == "rank" { (true, "") } else { (false, unit) };
    let unit = if unit.is_empty() || unit.starts_with('%') { unit.to_string() } else { format!(" {unit}") };
    let base = match t.base.as_deref() {
        Some(b) if b == "GRDP" || b == "GDP" => format!(" {b}"),
        _ => String::new(),
    };
    let value = match (t.comparator, t.value_max) {
        (Some(Comparator::Range), Some(m)) => format!("{}–{}", number(v), number(m)),
        _ => number(v),
    };
    let sign = match t.comparator {
        Some(Comparator::Gte) => "≥ ",
        Some(Comparator::Gt) => "> ",
        Some(Comparator::Lte) if rank => "",
        Some(Comparator::Lte) => "≤ ",
        Some(Comparator::Lt) => "< ",
        Some(Comparator::Approx) => "≈ ",
        _ => "",
    };
    if rank {
        let top = if matches!(t.comparator, Some(Comparator::Lte) | Some(Comparator::Eq) | None) { "top " } else { "rank " };
        return format!("{top}{sign}{value}{year}");
    }
    format!("{sign}{value}{unit}{base}{year}")
}

/// The target shown for a key: the chosen year or the nearest, a value before none,
/// prose before tables when equal, then the more confident.
fn key_of(t: &Target) -> Option<String> {
    // Table rows may come without a key: classify their indicator.
    t.key.clone().or_else(|| taxonomy::classify(&t.indicator, t.unit.as_deref(), t.value.is_some()).map(str::to_string))
}

fn pick<'a>(targets: &'a [Target], key: &str, year: i32) -> Option<&'a Target> {
    targets.iter().filter(|t| key_of(t).as_deref() == Some(key)).min_by(|a, b| {
        let d = |t: &Target| t.year.map(|y| ((y - year).abs(), -y)).unwrap_or((i32::MAX, 0));
        d(a).cmp(&d(b))
            .then(b.value.is_some().cmp(&a.value.is_some()))
            .then(b.section.is_some().cmp(&a.section.is_some()))
            .then(b.confidence.partial_cmp(&a.confidence).unwrap_or(std::cmp::Ordering::Equal))
            .then(a.lines.cmp(&b.lines))
    })
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn main() {
    let mut year = 2030;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--year" {
            year = args.next().and_then(|y| y.parse().ok()).unwrap_or(year);
        } else if a == "-h" || a == "--help" {
            println!("usage: compare [--year YYYY] <FILE|DIR>...");
            return;
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    if paths.is_empty() {
        eprintln!("usage: compare [--year YYYY] <FILE|DIR>...");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for p in &paths {
        collect(p, &mut files);
    }
    let mut plans: Vec<(String, Record)> = Vec::new();
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                continue;
            }
        };
        let name = f.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        match kehoach::Pipeline::new().file_name(name).process(&bytes) {
            Ok(r) => {
                let dir = f.parent().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                let label = match (&r.document.place, &r.document.number) {
                    (Some(p), Some(n)) => format!("{p} {n}"),
                    (Some(p), None) => p.clone(),
                    _ => dir,
                };
                plans.push((label, r));
            }
            Err(e) => eprintln!("{}: {e}", f.display()),
        }
    }
    let mut header = vec![format!("indicator (horizon {year})")];
    header.extend(plans.iter().map(|(l, _)| l.clone()));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for ind in taxonomy::indicators() {
        let cells: Vec<String> =
            plans.iter().map(|(_, r)| pick(&r.targets, &ind.key, year).map(cell).unwrap_or_else(|| "—".to_string())).collect();
        if cells.iter().all(|c| c == "—") {
            continue;
        }
        let mut row = vec![ind.key.clone()];
        row.extend(cells);
        rows.push(row);
    }
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |r: &[String]| {
        r.iter().enumerate().map(|(i, c)| format!("{c}{}", " ".repeat(widths[i] - width(c)))).collect::<Vec<_>>().join(" | ")
    };
    println!("{}", line(&header));
    println!("{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-|-"));
    for r in &rows {
        println!("{}", line(r));
    }
}
