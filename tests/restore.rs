//! Restoration on real lines of the fixtures, one test per kind of damage, plus the
//! promises: protected tokens never change, clean text stays as it is, and (proptest)
//! restoration never panics and changes only letters inside words.

use kehoach::restore::{Damage, Restorer};
use kehoach::vn;
use proptest::prelude::*;
use std::sync::OnceLock;

fn restorer() -> &'static Restorer {
    static R: OnceLock<Restorer> = OnceLock::new();
    R.get_or_init(Restorer::new)
}

fn restore(line: &str, damage: Damage) -> String {
    restorer().restore_lines(&[line], damage).remove(0).text
}

/// Counts the words of `want` that `got` has right (case kept), position by position.
fn words_right(got: &str, want: &str) -> (usize, usize) {
    let g: Vec<&str> = got.split_whitespace().collect();
    let w: Vec<&str> = want.split_whitespace().collect();
    let right = g.iter().zip(&w).filter(|(a, b)| vn::normalize_tone_placement(a) == vn::normalize_tone_placement(b)).count();
    (right, w.len())
}

fn assert_mostly(got: &str, want: &str, at_least: f64) {
    let (right, total) = words_right(got, want);
    assert_eq!(got.split_whitespace().count(), total, "word count changed: {got}");
    assert!(
        right as f64 >= at_least * total as f64,
        "{right}/{total} words right\n got: {got}\nwant: {want}"
    );
}

#[test]
fn tesseract_latin_model_lines() {
    // Fixture 001 (Bình Phước), Tesseract with an English model.
    let cases = [
        (
            "Chinh tri vé dot pha phat trién khoa hoc, cong nghé, doi moi sang tao va chuyén doi so",
            "Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        ),
        ("Thyc hién Nghi quyét s6 03/NQ-CP ngay 09/01/2025 ctia Chinh phi ban hanh", "Thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ ban hành"),
        ("I. MUC PiCH, YEU CAU", "I. MỤC ĐÍCH, YÊU CẦU"),
    ];
    for (ocr, gold) in cases {
        assert_mostly(&restore(ocr, Damage::OcrLatinModel), gold, 0.8);
    }
    let got = restore("Nghi quyét s6 57-NQ/TW cia Bo Chinh tri vé dot pha phat trién khoa hoc", Damage::OcrLatinModel);
    assert!(got.starts_with("Nghị quyết số 57-NQ/TW"), "{got}");
    assert!(got.ends_with("phát triển khoa học"), "{got}");
}

#[test]
fn latin1_ocr_lines() {
    // Fixture 004 (Thái Nguyên): Latin-1 letters, `9` for `ọ`, dropped letters.
    let got = restore("dt phá phát triên khoa h9c, cong ngh, dôi mi sang tao  và chuyên dôi so quôc", Damage::OcrLatin1);
    assert_mostly(&got, "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc", 0.75);
    let got = restore("Thixc hin Nghj quyt s 57-NQ/TWngày 22/12/2024 cüa B ChInh trj v", Damage::OcrLatin1);
    assert!(got.contains("Nghị quyết"), "{got}");
    assert!(got.contains("của"), "{got}");
}

#[test]
fn stripped_text() {
    let got = restore("ty le phu song 5G dat 95% dan so", Damage::Stripped);
    assert_eq!(got, "tỷ lệ phủ sóng 5G đạt 95% dân số");
    let got = restore("Ke hoach thuc hien Nghi quyet so 57-NQ/TW cua Bo Chinh tri ve dot pha phat trien khoa hoc, cong nghe", Damage::Stripped);
    assert_eq!(got, "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ");
}

#[test]
fn upper_case_headings() {
    let got = restore("MUC TIEU VA YEU CAU", Damage::Stripped);
    assert_eq!(got, "MỤC TIÊU VÀ YÊU CẦU");
}

#[test]
fn glued_words_are_split() {
    // Table cells of fixture 001: OCR lost the space between two syllables.
    assert_eq!(restore("Kétqua Thoigian hoan thanh", Damage::OcrLatinModel), "Kết quả Thời gian hoàn thành");
    let got = restore("Chi tiéu Chiso", Damage::OcrLatinModel);
    assert_eq!(got.split_whitespace().count(), 4, "{got}");
    assert!(got.ends_with(" số"), "{got}");
}

#[test]
fn list_markers_stay_as_read() {
    // The structure stage maps OCR look-alikes of markers (`d)` for `đ)`, `Il.` for `II.`).
    let got = restore("d) Quy md kinh té sb dat tdi thiéu 30% GRDP.", Damage::OcrLatinModel);
    assert!(got.starts_with("d) Quy mô kinh tế số đạt tối thiểu 30% GRDP"), "{got}");
    let got = restore("Il. CAC CHI TIEU CHU YEU", Damage::OcrLatinModel);
    assert!(got.starts_with("Il. CÁC CHỈ TIÊU CHỦ YẾU"), "{got}");
}

#[test]
fn protected_tokens_never_change() {
    let line = "UBND tinh, So KH&CN, TTHC, GRDP, DMST, Data Center, FTZ, IOC, Big Data, 57-NQ/TW, 03/NQ-CP, 0,61%, 22/12/2024, lienhe@binhphuoc.gov.vn, https://dichvucong.gov.vn";
    for damage in [Damage::Stripped, Damage::OcrLatinModel, Damage::OcrLatin1, Damage::Clean] {
        let got = restore(line, damage);
        for keep in [
            "UBND", "KH&CN", "TTHC", "GRDP", "Data Center", "FTZ", "IOC", "Big Data", "57-NQ/TW", "03/NQ-CP", "0,61%", "22/12/2024",
            "lienhe@binhphuoc.gov.vn", "https://dichvucong.gov.vn",
        ] {
            assert!(got.contains(keep), "{damage:?} changed {keep}: {got}");
        }
    }
}

#[test]
fn clean_text_is_left_alone() {
    let text = "Đến năm 2030, tỷ lệ dân số trưởng thành có tài khoản định danh điện tử đạt trên 90%; kinh tế số chiếm tối thiểu 30% GRDP. Thanh Hoá và Khánh Hòa phối hợp với Sở Khoa học và Công nghệ.";
    assert_eq!(kehoach::restore::Damage::detect([text]), Damage::Clean);
    assert_eq!(restore(text, Damage::Clean), text);
}

#[test]
fn damage_is_detected() {
    let read = |p: &str| std::fs::read_to_string(format!("{}/fixtures/{p}/input.txt", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(Damage::detect(read("binh-phuoc-57-kh-ubnd-2025").lines()), Damage::OcrLatinModel);
    assert_eq!(Damage::detect(read("bim-son-261-kh-tu-2025").lines()), Damage::OcrLatinModel);
    assert_eq!(Damage::detect(read("thai-nguyen-261-kh-tu-2025").lines()), Damage::OcrLatin1);
    assert_eq!(Damage::detect(["ke hoach thuc hien nghi quyet"]), Damage::Stripped);
}

/// The characters outside words, in order.
fn skeleton_outside_words(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_alphanumeric() && !c.is_whitespace() && !kehoach::restore::tokens::is_letter_like(*c)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn never_panics_and_changes_only_letters(line in "[a-zA-Z0-9đĐơưăâêôáàảãạéèẻẽẹíìỉĩịóòỏõọúùủũụýỳỷỹỵ¢§ .,;:()/%&@'-]{0,80}") {
        for damage in [Damage::Clean, Damage::Stripped, Damage::OcrLatinModel, Damage::OcrLatin1] {
            let got = restore(&line, damage);
            // Words may be split where OCR glued two syllables, never joined or dropped.
            prop_assert!(got.split_whitespace().count() >= line.split_whitespace().count());
            prop_assert_eq!(skeleton_outside_words(&got), skeleton_outside_words(&line));
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(line in "\\PC{0,60}") {
        let _ = restore(&line, Damage::OcrLatinModel);
        let _ = restore(&line, Damage::Stripped);
    }
}
