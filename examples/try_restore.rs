//! Restores the lines given on standard input, printing each word's choice (a debugging aid).
use kehoach::restore::{Damage, Restorer};
use std::io::Read;
fn main() {
    let damage = match std::env::args().nth(1).as_deref() {
        Some("stripped") => Damage::Stripped,
        Some("latin1") => Damage::OcrLatin1,
        Some("clean") => Damage::Clean,
        _ => Damage::OcrLatinModel,
    };
    let mut text = String::new();
    let _ = std::io::stdin().read_to_string(&mut text);
    let lines: Vec<&str> = text.lines().collect();
    for r in Restorer::new().restore_lines(&lines, damage) {
        println!("{}", r.text);
        for t in &r.tokens {
            if t.original != t.chosen || t.confidence < 0.9 {
                println!("    {} → {} ({:.2}, else {:?})", t.original, t.chosen, t.confidence, t.runner_up);
            }
        }
    }
}

