//! The whole pipeline on real inputs: the fixtures, binary files, empty input, every
//! supported encoding; determinism of the JSON; the bundled converter end to end; and
//! (proptest) ingestion never panics and its NFC output is stable.

use kehoach::ingest::{ingest, Encoding};
use kehoach::record::Record;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &[&str] = &["binh-phuoc-57-kh-ubnd-2025", "bim-son-261-kh-tu-2025", "thai-nguyen-261-kh-tu-2025"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures").join(name).join("input.txt")).unwrap()
}

#[test]
fn fixtures_keep_every_line_and_are_deterministic() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let a = kehoach::Pipeline::new().file_name("input.txt").process(&bytes).unwrap();
        let b = kehoach::Pipeline::new().file_name("input.txt").process(&bytes).unwrap();
        assert_eq!(a.to_json(), b.to_json(), "{name}: same input, different JSON");
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert_eq!(a.lines.len(), text.lines().count(), "{name}");
        for (line, original) in a.lines.iter().zip(text.lines()) {
            assert_eq!(line.original, original, "{name}: line {} lost its original text", line.n);
        }
        assert_eq!(a.source.bytes, bytes.len() as u64);
        assert_eq!(a.source.sha256, kehoach::sha256::sha256_hex(&bytes));
        assert_eq!(a.source.encoding, "utf-8");
        assert_ne!(a.source.damage, "clean", "{name}");
        // Restoration changed most lines; the record round-trips through JSON.
        let restored = a.lines.iter().filter(|l| l.restored.is_some()).count();
        assert!(restored * 2 > a.lines.iter().filter(|l| !l.original.trim().is_empty()).count(), "{name}: {restored} restored");
        let back: Record = serde_json::from_str(&a.to_json()).unwrap();
        assert_eq!(back, a);
    }
}

#[test]
fn binary_input_is_refused_with_its_format() {
    let cases: [(&[u8], &str); 4] = [
        (b"%PDF-1.4\n%\xC7\xEC\x8F\xA2\n5 0 obj\n<</Length 6 0 R>>", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xFF\xD8\xFF\xE0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    ];
    for (bytes, format) in cases {
        let err = kehoach::process(bytes).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(format), "{msg}");
        assert!(msg.contains("OCR"), "{msg}");
    }
}

#[test]
fn empty_input_gives_an_empty_record_with_a_diagnostic() {
    for bytes in [&b""[..], b"\n\n  \n", b"\xEF\xBB\xBF"] {
        let r = kehoach::process(bytes).unwrap();
        assert!(r.diagnostics.iter().any(|d| d.code == "empty-input"));
        assert!(r.sections.is_empty() && r.targets.is_empty() && r.tasks.is_empty());
    }
}

#[test]
fn every_encoding_sample_is_read() {
    let dir = root().join("tests/data/encodings");
    let cases = [
        ("tcvn3.txt", "tcvn3"),
        ("vni.txt", "vni"),
        ("windows-1258.txt", "windows-1258"),
        ("viqr.txt", "viqr"),
        ("tcvn3-mojibake.txt", "tcvn3-as-windows-1252"),
        ("vni-mojibake.txt", "vni-as-windows-1252"),
        ("utf16le.txt", "utf-16le"),
        ("decomposed-nfd.txt", "utf-8"),
    ];
    for (file, encoding) in cases {
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let r = kehoach::Pipeline::new().file_name(file).process(&bytes).unwrap();
        assert_eq!(r.source.encoding, encoding, "{file}");
        let text: String = r.lines.iter().map(|l| l.original.as_str()).collect::<Vec<_>>().join("\n");
        assert!(text.contains("Kế hoạch") || text.contains("KẾ HOẠCH"), "{file}: {text}");
        // Converted text is clean Vietnamese, which restoration leaves alone.
        assert_eq!(r.source.damage, "clean", "{file}");
    }
}

#[test]
fn ingestion_is_idempotent_on_decomposed_mojibake() {
    // Found by the proptest below on a fresh clone: `O` + combining diaeresis hid the
    // mojibake from the first ingestion only.
    let first = ingest("e´ O\u{308}M".as_bytes()).unwrap();
    let again = ingest(first.lines[0].text.as_bytes()).unwrap();
    assert_eq!(first.lines, again.lines);
}

#[test]
fn crlf_and_bom_are_handled() {
    let r = kehoach::process("\u{feff}KẾ HOẠCH\r\nthực hiện\r\n".as_bytes()).unwrap();
    assert_eq!(r.source.encoding, "utf-8-bom");
    assert_eq!(r.lines.len(), 2);
    assert_eq!(r.lines[1].original, "thực hiện");
}

/// The example binary, built by `cargo test` next to the test executables.
fn converter() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let path = dir.join("examples").join(format!("convert{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} not built: cargo test builds the examples", path.display());
    path
}

#[test]
fn converter_runs_on_a_folder_and_reports_bad_files() {
    let tmp = std::env::temp_dir().join(format!("kehoach-convert-test-{}", std::process::id()));
    let input = tmp.join("in");
    let out = tmp.join("out");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(input.join("a.txt"), "KE HOACH\nthuc hien Nghi quyet so 57-NQ/TW\n").unwrap();
    std::fs::write(input.join("sub/b.txt"), std::fs::read(root().join("tests/data/encodings/vni.txt")).unwrap()).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("scan.txt"), b"%PDF-1.7\n1 0 obj").unwrap();
    let run = Command::new(converter()).arg(&input).arg("--out").arg(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "one input failed: {stderr}");
    assert!(stderr.contains("scan.txt") && stderr.contains("PDF"), "{stderr}");
    assert!(stderr.contains("4 file(s), 1 failure(s)"), "{stderr}");
    let a: Record = serde_json::from_str(&std::fs::read_to_string(out.join("a.json")).unwrap()).unwrap();
    assert_eq!(a.lines[0].restored.as_deref(), Some("KẾ HOẠCH"));
    let b: Record = serde_json::from_str(&std::fs::read_to_string(out.join("sub.b.json")).unwrap()).unwrap();
    assert_eq!(b.source.encoding, "vni");
    assert!(out.join("empty.json").exists());
    assert!(!out.join("scan.json").exists());

    // Text emission on one file, to standard output; usage errors exit with 2.
    let text = Command::new(converter()).arg(input.join("a.txt")).args(["--emit", "text"]).output().unwrap();
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("KẾ HOẠCH\nthực hiện Nghị quyết số 57-NQ/TW"));
    let bad = Command::new(converter()).args(["--emit", "nonsense", "x"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let missing = Command::new(converter()).arg(tmp.join("nope")).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&tmp);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn ingest_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = ingest(&bytes);
    }

    #[test]
    fn nfc_output_is_stable(text in "\\PC{0,120}") {
        if let Ok(first) = ingest(text.as_bytes()) {
            let joined: Vec<&str> = first.lines.iter().map(|l| l.text.as_str()).collect();
            let again = ingest(joined.join("\n").as_bytes()).unwrap();
            let texts: Vec<&str> = again.lines.iter().map(|l| l.text.as_str()).collect();
            // Lines and their text are unchanged by a second pass (unless the first pass
            // found a legacy encoding, whose output is ordinary UTF-8 the second time).
            if first.encoding == Encoding::Utf8 {
                prop_assert_eq!(texts, joined);
            }
        }
    }

    #[test]
    fn decomposed_and_composed_input_read_alike(text in "[a-zA-Z ´`¨ˆ˜ÖöÜüÄäÊêÔôÕõ\u{300}\u{301}\u{303}\u{308}\u{323}]{0,40}") {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = text.nfd().collect();
        let nfc: String = text.nfc().collect();
        let a = ingest(nfd.as_bytes()).unwrap();
        let b = ingest(nfc.as_bytes()).unwrap();
        prop_assert_eq!(a.encoding, b.encoding);
        prop_assert_eq!(a.lines, b.lines);
    }

    #[test]
    fn pipeline_never_panics(text in "[a-zA-Z0-9đĐơưăâêôáàạéèệíìịóòọúùụ¢§ .,;:()/%\n-]{0,300}") {
        let _ = kehoach::process(text.as_bytes());
    }
}
