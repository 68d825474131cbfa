//! Batch converter: OCR text of plans → JSON records (or restored text, or CSV).
//!
//! ```text
//! cargo run --release --example convert -- [OPTIONS] <INPUT>...
//! ```
//! INPUT is a file, a directory (every `*.txt` below it) or `-` for standard input.
//! Inputs are converted in parallel; one bad file never stops the others. Exit code: 0 if
//! all converted, 1 if any failed, 2 for a usage error.

use clap::{Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use kehoach::record::Record;
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
enum Emit {
    /// The JSON record.
    Json,
    /// The restored plain text.
    Text,
    /// One CSV row per target, across all inputs.
    TargetsCsv,
    /// One CSV row per task, across all inputs.
    TasksCsv,
}

#[derive(Parser, Debug)]
#[command(version, about = "Convert OCR text of Vietnamese plans (Kế hoạch) into structured JSON")]
struct Args {
    /// Files, directories (every *.txt below, recursively) or - for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Write one <name>.json (or .txt) per input into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// What to write.
    #[arg(long, value_enum, default_value = "json")]
    emit: Emit,
    /// Do not restore diacritics.
    #[arg(long)]
    no_restore: bool,
}

/// One input: where it came from and the name its output gets.
struct Input {
    path: Option<PathBuf>,
    display: String,
    name: String,
}

fn collect_inputs(args: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Input { path: None, display: "<stdin>".into(), name: "stdin".into() });
            continue;
        }
        let p = PathBuf::from(arg);
        if p.is_dir() {
            let mut files = Vec::new();
            walk(&p, &mut files);
            files.sort();
            for f in files {
                let rel = f.strip_prefix(&p).unwrap_or(&f).with_extension("");
                let name: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push(Input { display: f.display().to_string(), name: name.join("."), path: Some(f) });
            }
        } else if p.exists() {
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "input".into());
            out.push(Input { display: p.display().to_string(), name, path: Some(p) });
        } else {
            return Err(format!("{arg}: no such file or directory"));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")) {
            out.push(p);
        }
    }
}

fn convert(input: &Input, stdin: &[u8], restore: bool) -> Result<(Record, u64), String> {
    let bytes = match &input.path {
        Some(p) => std::fs::read(p).map_err(|e| e.to_string())?,
        None => stdin.to_vec(),
    };
    let file = input.path.as_ref().and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let record = kehoach::Pipeline::new().file_name(file).restore(restore).process(&bytes).map_err(|e| e.to_string())?;
    Ok((record, bytes.len() as u64))
}

/// Writes `contents` to `dir/name` through a temporary file and a rename, so a reader
/// never sees half a file.
fn write_atomic(dir: &Path, name: &str, contents: &str) -> Result<(), String> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let dst = dir.join(name);
    std::fs::write(&tmp, contents).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &dst).map_err(|e| format!("{}: {e}", dst.display()))
}

fn csv_rows(emit: Emit, display: &str, record: &Record) -> Vec<Vec<String>> {
    let span = |s: kehoach::record::LineSpan| (s.first().to_string(), s.last().to_string());
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    match emit {
        Emit::TargetsCsv => record
            .targets
            .iter()
            .map(|t| {
                let (a, b) = span(t.lines);
                vec![
                    display.to_string(),
                    opt(&record.document.place),
                    opt(&t.section),
                    opt(&t.item),
                    opt(&t.key),
                    t.indicator.clone(),
                    t.comparator.map(|c| format!("{c:?}").to_lowercase()).unwrap_or_default(),
                    t.value.map(|v| v.to_string()).unwrap_or_default(),
                    t.value_max.map(|v| v.to_string()).unwrap_or_default(),
                    opt(&t.unit),
                    opt(&t.base),
                    t.year.map(|v| v.to_string()).unwrap_or_default(),
                    a,
                    b,
                    format!("{:.2}", t.confidence),
                    t.text.clone(),
                ]
            })
            .collect(),
        Emit::TasksCsv => record
            .tasks
            .iter()
            .map(|t| {
                let (a, b) = span(t.lines);
                vec![
                    display.to_string(),
                    opt(&record.document.place),
                    opt(&t.section),
                    t.content.clone(),
                    opt(&t.directing),
                    t.lead.join("; "),
                    t.coordinating.join("; "),
                    t.deadline.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
                    t.deadline.as_ref().and_then(|d| d.end_date.clone()).unwrap_or_default(),
                    t.deadline.as_ref().map(|d| d.recurring.to_string()).unwrap_or_default(),
                    opt(&t.output),
                    a,
                    b,
                ]
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn csv_header(emit: Emit) -> Vec<&'static str> {
    match emit {
        Emit::TargetsCsv => vec![
            "file", "place", "section", "item", "key", "indicator", "comparator", "value", "value_max", "unit", "base", "year",
            "first_line", "last_line", "confidence", "text",
        ],
        _ => vec![
            "file", "place", "section", "content", "directing", "lead", "coordinating", "deadline", "end_date", "recurring",
            "output", "first_line", "last_line",
        ],
    }
}

fn main() {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let inputs = match collect_inputs(&args.inputs) {
        Ok(i) if !i.is_empty() => i,
        Ok(_) => {
            eprintln!("error: no *.txt input found");
            std::process::exit(2);
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    if let Some(dir) = &args.out {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: {}: {e}", dir.display());
            std::process::exit(2);
        }
    }
    let mut stdin = Vec::new();
    if inputs.iter().any(|i| i.path.is_none()) {
        let _ = std::io::stdin().read_to_end(&mut stdin);
    }
    let started = Instant::now();
    let bar = if std::io::stderr().is_terminal() && inputs.len() > 1 {
        let b = ProgressBar::new(inputs.len() as u64);
        b.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").unwrap_or_else(|_| ProgressStyle::default_bar()));
        b
    } else {
        ProgressBar::hidden()
    };
    let restore = !args.no_restore;
    let results: Vec<Result<(Record, u64), String>> = inputs
        .par_iter()
        .map(|input| {
            let r = convert(input, &stdin, restore);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish_and_clear();

    let mut failures = 0usize;
    let mut total_bytes = 0u64;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut csv = match args.emit {
        Emit::TargetsCsv | Emit::TasksCsv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(csv_header(args.emit));
            Some(w)
        }
        _ => None,
    };
    for (input, result) in inputs.iter().zip(&results) {
        let (record, bytes) = match result {
            Ok(r) => r,
            Err(e) => {
                failures += 1;
                eprintln!("{}: error: {e}", input.display);
                continue;
            }
        };
        total_bytes += bytes;
        if let Some(w) = csv.as_mut() {
            for row in csv_rows(args.emit, &input.display, record) {
                let _ = w.write_record(&row);
            }
            continue;
        }
        let (body, ext) = match args.emit {
            Emit::Text => (record.restored_text(), "txt"),
            _ if args.out.is_some() || inputs.len() == 1 => (record.to_json() + "\n", "json"),
            _ => (record.to_json_line() + "\n", "json"),
        };
        match &args.out {
            Some(dir) => {
                if let Err(e) = write_atomic(dir, &format!("{}.{ext}", input.name), &body) {
                    failures += 1;
                    eprintln!("{}: error: {e}", input.display);
                }
            }
            None => {
                let _ = out.write_all(body.as_bytes());
            }
        }
    }
    if let Some(w) = csv {
        let bytes = w.into_inner().unwrap_or_default();
        match &args.out {
            Some(dir) => {
                let name = if args.emit == Emit::TargetsCsv { "targets.csv" } else { "tasks.csv" };
                if let Err(e) = write_atomic(dir, name, &String::from_utf8_lossy(&bytes)) {
                    failures += 1;
                    eprintln!("error: {e}");
                }
            }
            None => {
                let _ = out.write_all(&bytes);
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} file(s), {} failure(s), {:.2} s, {:.2} MB/s",
        inputs.len(),
        failures,
        secs,
        total_bytes as f64 / 1e6 / secs.max(1e-9)
    );
    std::process::exit(if failures > 0 { 1 } else { 0 });
}
