//! The Vietnamese alphabet: letters, tone marks, syllable spelling.
//!
//! Every stage needs to take a syllable apart (`quyết` = onset `qu` + rhyme `yêt` +
//! tone sắc), strip its marks, or put a tone back on the right vowel. This module does
//! that with small tables and no allocation in the per-character functions.
//!
//! Tone placement follows one documented choice, the "old style" used by most
//! government documents: in an open `oa`, `oe` or `uy` the mark goes on the first vowel
//! (`hóa`, `khỏe`, `thủy`). Both styles are accepted as input;
//! [`normalize_tone_placement`] converts the new style (`hoá`) to the old.

/// The six tones, in the order of the letter table below.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Tone {
    /// ngang: no mark.
    Level = 0,
    /// huyền: grave.
    Grave = 1,
    /// sắc: acute.
    Acute = 2,
    /// hỏi: hook above.
    Hook = 3,
    /// ngã: tilde.
    Tilde = 4,
    /// nặng: dot below.
    Dot = 5,
}

impl Tone {
    /// All six tones, level first.
    pub const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];

    /// The tone with this index (0..6).
    pub fn from_index(i: usize) -> Tone {
        Tone::ALL[i.min(5)]
    }
}

/// Each row: a vowel with its quality mark, then that vowel with the five tones.
const LOWER: [&str; 12] = [
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ",
    "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
];
const UPPER: [&str; 12] = [
    "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ", "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ",
    "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
];
/// The plain Latin letter under each row of the tables above.
const PLAIN: [char; 12] = ['a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'];

/// Looks a character up in the vowel tables: (row, tone, upper case). A binary search
/// over a table sorted once, since this sits in the restorer's inner loops.
fn locate(c: char) -> Option<(usize, usize, bool)> {
    static SORTED: std::sync::OnceLock<Vec<(char, u8, u8, bool)>> = std::sync::OnceLock::new();
    let table = SORTED.get_or_init(|| {
        let mut v = Vec::with_capacity(144);
        for (tables, upper) in [(&LOWER, false), (&UPPER, true)] {
            for (row, s) in tables.iter().enumerate() {
                for (t, ch) in s.chars().enumerate() {
                    v.push((ch, row as u8, t as u8, upper));
                }
            }
        }
        v.sort_by_key(|e| e.0);
        v
    });
    let i = table.binary_search_by_key(&c, |e| e.0).ok()?;
    let (_, row, tone, upper) = table[i];
    Some((row as usize, tone as usize, upper))
}

/// A Vietnamese vowel split into its toneless letter and its tone:
/// `'ế'` → `('ê', Tone::Acute)`. `None` for anything that is not a vowel.
pub fn split_tone(c: char) -> Option<(char, Tone)> {
    if c.is_ascii() && !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'A' | 'E' | 'I' | 'O' | 'U' | 'Y') {
        return None;
    }
    let (row, t, upper) = locate(c)?;
    let table = if upper { &UPPER } else { &LOWER };
    Some((table[row].chars().next()?, Tone::from_index(t)))
}

/// Puts `tone` on a toneless vowel (`'ê'`, Acute → `'ế'`); other characters come back as they are.
pub fn with_tone(c: char, tone: Tone) -> char {
    match locate(c) {
        Some((row, _, upper)) => {
            let table = if upper { &UPPER } else { &LOWER };
            table[row].chars().nth(tone as usize).unwrap_or(c)
        }
        None => c,
    }
}

/// The tone a character carries, if it is a vowel with a tone mark.
pub fn tone_of(c: char) -> Tone {
    split_tone(c).map(|(_, t)| t).unwrap_or(Tone::Level)
}

/// The lower-case letters of Vietnamese syllables, in a fixed order: the 72 vowels (each
/// row of the tone table) and the 17 consonant letters.
pub fn letters() -> &'static [char] {
    static L: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    L.get_or_init(|| {
        let mut v: Vec<char> = LOWER.iter().flat_map(|row| row.chars()).collect();
        v.extend("bcdđghklmnpqrstvx".chars());
        v
    })
}

/// The index of a lower-case letter in [`letters`].
pub fn letter_index(c: char) -> Option<usize> {
    if let Some((row, tone, false)) = locate(c) {
        return Some(row * 6 + tone);
    }
    "bcdđghklmnpqrstvx".chars().position(|x| x == c).map(|i| 72 + i)
}

/// Removes every Vietnamese mark: `'ế'` → `'e'`, `'Đ'` → `'D'`, `'ư'` → `'u'`.
pub fn strip_char(c: char) -> char {
    match c {
        'đ' => 'd',
        'Đ' => 'D',
        c if c.is_ascii() => c,
        c => match locate(c) {
            Some((row, _, upper)) => {
                if upper {
                    PLAIN[row].to_ascii_uppercase()
                } else {
                    PLAIN[row]
                }
            }
            None => c,
        },
    }
}

/// Removes every Vietnamese mark from a string (`"Nghị quyết"` → `"Nghi quyet"`).
pub fn strip_marks(s: &str) -> String {
    s.chars().map(strip_char).collect()
}

/// Lower-cases one character, including Vietnamese capitals.
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    c.to_lowercase().next().unwrap_or(c)
}

/// True for the letters of the Vietnamese alphabet, marked or not, either case.
pub fn is_vietnamese_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() {
        return !matches!(c.to_ascii_lowercase(), 'f' | 'j' | 'w' | 'z');
    }
    matches!(c, 'đ' | 'Đ') || locate(c).is_some()
}

/// True for letters outside ASCII that Vietnamese uses (a sign that marks are present).
pub fn has_vietnamese_marks(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && is_vietnamese_letter(c))
}

/// Consonant onsets, longest first so that a prefix match finds the right one.
pub const ONSETS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Every rhyme of standard Vietnamese spelling (with its quality marks, without tone),
/// as written after a consonant other than `qu`/`gi`. Rhymes after `qu` are listed in
/// [`QU_RHYMES`]. Rare loan rhymes (`oong`, `ooc`) are included.
pub const RHYMES: &[&str] = &[
    "a", "ai", "ao", "au", "ay", "am", "an", "ang", "anh", "ap", "at", "ac", "ach", "ăm", "ăn",
    "ăng", "ăp", "ăt", "ăc", "âu", "ây", "âm", "ân", "âng", "âp", "ât", "âc", "e", "eo", "em",
    "en", "eng", "ep", "et", "ec", "ê", "êu", "êm", "ên", "ênh", "êp", "êt", "êch", "i", "ia",
    "iu", "im", "in", "inh", "ip", "it", "ich", "iêu", "iêm", "iên", "iêng", "iêp", "iêt", "iêc",
    "o", "oi", "om", "on", "ong", "op", "ot", "oc", "oong", "ooc", "ô", "ôi", "ôm", "ôn", "ông",
    "ôp", "ôt", "ôc", "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", "u", "ua", "ui", "um", "un", "ung",
    "up", "ut", "uc", "uôi", "uôm", "uôn", "uông", "uôt", "uôc", "ư", "ưa", "ưi", "ưu", "ưng",
    "ưt", "ưc", "ưm", "ưn", "ươi", "ươu", "ươm", "ươn", "ương", "ươp", "ươt", "ươc", "y", "yêu",
    "yêm", "yên", "yêt", "oa", "oai", "oay", "oan", "oang", "oanh", "oat", "oac", "oach", "oăn",
    "oăng", "oăt", "oăc", "oam", "oap", "oe", "oeo", "oen", "oet", "uê", "uênh", "uêch", "uy",
    "uya", "uyu", "uych", "uyn", "uynh", "uyt", "uyp", "uyên", "uyêt", "uân", "uâng", "uât",
    "uây", "uơ", "uyêu",
];

/// Rhymes after the onset `qu` (`quả`, `quyết`, `quốc`, `quân`).
pub const QU_RHYMES: &[&str] = &[
    "a", "ai", "an", "ang", "anh", "at", "ac", "ach", "ay", "ăn", "ăng", "ăt", "ăc", "ân", "âng",
    "ât", "ây", "e", "en", "et", "eo", "ê", "ên", "êt", "êch", "ênh", "y", "yên", "yêt", "ynh",
    "ych", "yt", "yn", "i", "ơ", "ôc", "ôn", "ông", "ôi", "ôt", "ang", "am", "ăm", "âm",
];

/// Rhymes that end in a stop and so take only the sắc or nặng tone.
fn is_stop_rhyme(rhyme: &str) -> bool {
    rhyme.ends_with('p') || rhyme.ends_with('t') || rhyme.ends_with('c') || rhyme.ends_with("ch")
}

/// A syllable taken apart: lower case onset and toneless rhyme, and the tone.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Syllable {
    /// `""`, `"ngh"`, `"qu"`, `"gi"`, …
    pub onset: String,
    /// The rhyme with its quality marks but no tone: `"yêt"` in `quyết`.
    pub rhyme: String,
    /// The tone.
    pub tone: Tone,
}

impl Syllable {
    /// Parses one lower- or upper-case word as a syllable of standard spelling.
    /// Returns `None` when the word is not a well-formed Vietnamese syllable
    /// (`"UBND"`, `"data"`, `"s6"`), which is how Latin words and abbreviations are told apart.
    pub fn parse(word: &str) -> Option<Syllable> {
        let mut tone = Tone::Level;
        let mut plain = String::with_capacity(word.len());
        for c in word.chars() {
            let c = lower_char(c);
            match split_tone(c) {
                Some((base, t)) => {
                    if t != Tone::Level {
                        if tone != Tone::Level {
                            return None; // two tone marks
                        }
                        tone = t;
                    }
                    plain.push(base);
                }
                None => plain.push(c),
            }
        }
        let (onset, rhyme) = split_onset(&plain)?;
        let valid_rhyme = match onset {
            "qu" => QU_RHYMES.contains(&rhyme),
            // `giếng`, `giết`: gi + iê…, the i written once.
            "gi" if rhyme.starts_with('ê') => RHYMES.contains(&format!("i{rhyme}").as_str()),
            _ => RHYMES.contains(&rhyme),
        };
        if !valid_rhyme || !spelling_allows(onset, rhyme) {
            return None;
        }
        if is_stop_rhyme(rhyme) && !matches!(tone, Tone::Acute | Tone::Dot) {
            return None;
        }
        Some(Syllable {
            onset: onset.to_string(),
            rhyme: rhyme.to_string(),
            tone,
        })
    }

    /// Writes the syllable in lower case with the tone placed the old-style way.
    pub fn render(&self) -> String {
        render_syllable(&self.onset, &self.rhyme, self.tone)
    }
}

/// Splits a toneless lower-case word into onset and rhyme.
fn split_onset(plain: &str) -> Option<(&str, &str)> {
    for onset in ONSETS {
        if let Some(rest) = plain.strip_prefix(onset) {
            if onset == "gi" {
                // `gì`, `gìn`: g + i…; `giờ`, `giữ`, `gia`: gi + vowel.
                let next = rest.chars().next();
                match next {
                    Some(c) if is_vowel_letter(c) => return Some(("gi", rest)),
                    _ => return Some(("g", &plain[1..])),
                }
            }
            if rest.is_empty() {
                return None;
            }
            return Some((onset, rest));
        }
    }
    if plain.is_empty() {
        None
    } else {
        Some(("", plain))
    }
}

fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

/// The spelling rules for c/k/q, g/gh and ng/ngh, and the few onset-rhyme clashes.
fn spelling_allows(onset: &str, rhyme: &str) -> bool {
    let first = rhyme.chars().next().unwrap_or('a');
    let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
    match onset {
        "qu" => true,
        "k" => front,
        "c" | "g" | "ng" => !front || (onset == "g" && first == 'i'),
        "gh" | "ngh" => front && first != 'y',
        "gi" => !rhyme.starts_with('i') && !rhyme.starts_with('y'),
        // `y` stands alone or after `u`; after a consonant it is written `i` (mỹ, lý and
        // kỹ are the accepted exceptions of an open `y`).
        _ if rhyme.starts_with('y') && !onset.is_empty() => {
            rhyme == "y" && matches!(onset, "m" | "l" | "k" | "h" | "t" | "s" | "qu" | "v" | "n" | "đ" | "th" | "x")
                || rhyme.starts_with("yê") && onset == "qu"
        }
        _ => !(onset.is_empty() && rhyme.starts_with("iê")),
    }
}

/// Places the tone on the right vowel of `onset + rhyme`, old style.
pub fn render_syllable(onset: &str, rhyme: &str, tone: Tone) -> String {
    let mut chars: Vec<char> = rhyme.chars().collect();
    if tone != Tone::Level {
        if let Some(i) = tone_position(onset, &chars) {
            chars[i] = with_tone(chars[i], tone);
        }
    }
    let mut out = String::with_capacity(onset.len() + rhyme.len() + 2);
    out.push_str(onset);
    out.extend(chars);
    out
}

/// The index in `rhyme` of the vowel that carries the tone (old style).
fn tone_position(onset: &str, rhyme: &[char]) -> Option<usize> {
    let vowels: Vec<usize> = (0..rhyme.len()).filter(|&i| is_vowel_letter(rhyme[i])).collect();
    if vowels.is_empty() {
        return None;
    }
    // A vowel with a quality mark carries the tone; of `ươ` the second.
    if let Some(&i) = vowels.iter().rev().find(|&&i| matches!(rhyme[i], 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')) {
        return Some(i);
    }
    let closed = vowels.last().map(|&i| i + 1 < rhyme.len()).unwrap_or(false);
    let _ = onset;
    match vowels.len() {
        1 => Some(vowels[0]),
        2 if closed => Some(vowels[1]),
        2 => Some(vowels[0]),
        _ => Some(vowels[1]),
    }
}

/// Every syllable standard spelling allows (onset × rhyme × tone, filtered by the
/// spelling rules and the stop-rhyme tone rule), lower case, old-style tone placement,
/// sorted. About 18,000 forms, most of them rare: the language model weights them.
pub fn inventory() -> Vec<String> {
    let mut out = Vec::new();
    let onsets = std::iter::once("").chain(ONSETS.iter().copied());
    // After gi, the iê rhymes drop their i (`giếng`).
    let gi_rhymes: Vec<&str> = RHYMES.iter().filter_map(|r| r.strip_prefix("iê").map(|_| &r[1..])).collect();
    for onset in onsets {
        let mut rhymes: Vec<&str> = if onset == "qu" { QU_RHYMES.to_vec() } else { RHYMES.to_vec() };
        if onset == "gi" {
            rhymes.extend(&gi_rhymes);
        }
        for rhyme in rhymes {
            for tone in Tone::ALL {
                let form = render_syllable(onset, rhyme, tone);
                if let Some(parsed) = Syllable::parse(&form) {
                    if parsed.render() == form {
                        out.push(form);
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The new-style spelling of an old-style syllable (`hóa` → `hoá`, `thủy` → `thuỷ`),
/// when the two differ: open `oa`, `oe`, `uy` with a tone.
pub fn new_style(syllable: &str) -> Option<String> {
    let chars: Vec<char> = syllable.chars().collect();
    let n = chars.len();
    if n < 2 {
        return None;
    }
    let (a, b) = (chars[n - 2], chars[n - 1]);
    let (base_a, tone) = split_tone(a)?;
    if tone == Tone::Level || split_tone(b).map(|(_, t)| t) != Some(Tone::Level) {
        return None;
    }
    let pair = (lower_char(base_a), lower_char(b));
    // `qu` + y is not `uy`: the tone already sits on the y.
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) || (pair.0 == 'u' && n >= 3 && lower_char(chars[n - 3]) == 'q') {
        return None;
    }
    let mut out: String = chars[..n - 2].iter().collect();
    out.push(base_a);
    out.push(with_tone(b, tone));
    Some(out)
}

/// Rewrites a word with new-style tone placement (`hoá`, `khoẻ`, `thuỷ`) in the old style
/// (`hóa`, `khỏe`, `thủy`), keeping its case. Words that are not syllables pass unchanged.
pub fn normalize_tone_placement(word: &str) -> String {
    let Some(syl) = Syllable::parse(word) else {
        return word.to_string();
    };
    let rendered = syl.render();
    if rendered.chars().count() != word.chars().count() {
        return word.to_string();
    }
    apply_case(&rendered, word)
}

/// How a word is capitalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// all lower case
    Lower,
    /// first letter upper, rest lower
    Title,
    /// every letter upper (two letters or more)
    Upper,
    /// anything else: kept letter by letter
    Mixed,
}

/// The case pattern of a word.
pub fn case_of(word: &str) -> Case {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() || letters.iter().all(|c| c.is_lowercase()) {
        return Case::Lower;
    }
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return Case::Upper;
    }
    if letters[0].is_uppercase() && letters[1..].iter().all(|c| c.is_lowercase()) {
        return Case::Title;
    }
    Case::Mixed
}

/// Writes lower-case `word` in the case pattern of `model`.
pub fn apply_case(word: &str, model: &str) -> String {
    match case_of(model) {
        Case::Lower => word.to_string(),
        Case::Upper => word.to_uppercase(),
        Case::Title => {
            let mut cs = word.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        }
        Case::Mixed => {
            // OCR mixes cases at random (`ChInh`, `PiCH`): the word's case is what most
            // of its letters say.
            let upper = model.chars().filter(|c| c.is_uppercase()).count();
            let lower = model.chars().filter(|c| c.is_lowercase()).count();
            if upper >= lower {
                word.to_uppercase()
            } else if model.chars().next().is_some_and(char::is_uppercase) {
                apply_case(word, "Xx")
            } else {
                word.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_composes_tones() {
        assert_eq!(split_tone('ế'), Some(('ê', Tone::Acute)));
        assert_eq!(split_tone('Ạ'), Some(('A', Tone::Dot)));
        assert_eq!(split_tone('b'), None);
        assert_eq!(with_tone('ư', Tone::Hook), 'ử');
        assert_eq!(strip_marks("Nghị quyết số 57 của Bộ Chính trị về ĐỔI MỚI"), "Nghi quyet so 57 cua Bo Chinh tri ve DOI MOI");
    }

    #[test]
    fn parses_syllables() {
        let s = Syllable::parse("quyết").unwrap();
        assert_eq!((s.onset.as_str(), s.rhyme.as_str(), s.tone), ("qu", "yêt", Tone::Acute));
        let s = Syllable::parse("NGHIỆP").unwrap();
        assert_eq!((s.onset.as_str(), s.rhyme.as_str(), s.tone), ("ngh", "iêp", Tone::Dot));
        assert_eq!(Syllable::parse("giữ").unwrap().onset, "gi");
        assert_eq!(Syllable::parse("gì").unwrap().rhyme, "i");
        for word in ["UBND", "data", "s6", "GRDP", "Big", "FTZ", "IOC", "ktra", "hoc1", "án", "ạn"] {
            if word == "án" || word == "ạn" {
                assert!(Syllable::parse(word).is_some(), "{word}");
            } else {
                assert!(Syllable::parse(word).is_none(), "{word}");
            }
        }
        // stop rhymes take only sắc and nặng
        assert!(Syllable::parse("hoc").is_none());
        assert!(Syllable::parse("học").is_some());
        assert!(Syllable::parse("hòc").is_none());
    }

    #[test]
    fn places_tones_old_style() {
        for w in ["hóa", "hòa", "thủy", "khỏe", "hoạch", "toàn", "quyết", "người", "mười", "của", "mùa", "ngoài", "khuỷu", "giữ", "quý", "thuở", "tiếng", "yếu", "huỳnh", "được"] {
            let s = Syllable::parse(w).unwrap_or_else(|| panic!("{w}"));
            assert_eq!(s.render(), w);
        }
        assert_eq!(normalize_tone_placement("hoá"), "hóa");
        assert_eq!(normalize_tone_placement("Khoẻ"), "Khỏe");
        assert_eq!(normalize_tone_placement("THUỶ"), "THỦY");
        assert_eq!(normalize_tone_placement("UBND"), "UBND");
        assert_eq!(new_style("hóa").as_deref(), Some("hoá"));
        assert_eq!(new_style("thủy").as_deref(), Some("thuỷ"));
        assert_eq!(new_style("khỏe").as_deref(), Some("khoẻ"));
        assert_eq!(new_style("hoạch"), None);
        assert_eq!(new_style("quý"), None);
        assert_eq!(new_style("hoa"), None);
    }

    #[test]
    fn inventory_holds_common_syllables() {
        let inv = inventory();
        for w in ["nghiệp", "quyết", "của", "hóa", "thủy", "người", "được", "giữ", "gì", "kỹ", "quốc", "khuyến", "oanh", "yêu", "giếng", "giết", "quýt", "quỳnh"] {
            assert!(inv.binary_search(&w.to_string()).is_ok(), "{w}");
        }
        assert!(inv.binary_search(&"hoá".to_string()).is_err());
        assert!(inv.len() > 10_000 && inv.len() < 30_000, "{}", inv.len());
    }

    #[test]
    fn keeps_case() {
        assert_eq!(apply_case("nghị", "Nghi"), "Nghị");
        assert_eq!(apply_case("mục", "MUC"), "MỤC");
        assert_eq!(apply_case("của", "cua"), "của");
        assert_eq!(case_of("KH&CN"), Case::Upper);
        assert_eq!(apply_case("đích", "PiCH"), "ĐÍCH");
        assert_eq!(apply_case("chính", "ChInh"), "Chính");
    }
}
