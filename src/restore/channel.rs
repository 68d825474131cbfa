//! The noisy channel: how likely an OCR token is, given the syllable that was printed.
//!
//! P(token | syllable) is a weighted alignment of the syllable's letters with the token's
//! characters. Each letter is kept, loses or changes its marks, turns into a look-alike
//! (`ố` → `6`, `á` → `4`, `ủ` → `ti`), or is dropped; the weights depend on the
//! [`Damage`] profile. For Tesseract with a Latin model they come from
//! `confusions.tsv`, learned by the OCR simulator in `tools/ocrsim/` (generated, checked
//! in); the other profiles are described by a few rules, stated below.
//!
//! Candidates: for clean and stripped text every syllable with the token's unmarked
//! skeleton; for OCR a fuzzy walk of the trie of all syllables under these weights.

use super::lm::{KeyHasher, Sym};
use std::hash::BuildHasherDefault;
use super::model::Model;
use super::Damage;
use crate::vn;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Learned confusions: `char<TAB>clean<TAB>ocr<TAB>count` rows (see tools/ocrsim/README.md).
static CONFUSIONS: &str = include_str!("confusions.tsv");

/// A candidate syllable for a token.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Its symbol in the language model.
    pub sym: Sym,
    /// ln P(token | syllable).
    pub logp: f32,
}

/// Counts of what OCR printed for each clean letter, from the simulator.
#[derive(Debug, Default)]
struct Learned {
    /// (clean letter, printed string) → count, keyed by [`pack`]; printed `""` is a
    /// deletion. Packed keys keep the lookups in the search's inner loop allocation-free.
    counts: HashMap<u64, f32, BuildHasherDefault<KeyHasher>>,
    /// clean letter → total count.
    totals: HashMap<char, f32>,
}

/// Packs a clean letter and a printed string of at most two characters into one key.
fn pack(clean: char, printed: &str) -> Option<u64> {
    let mut cs = printed.chars();
    let a = cs.next().map(|c| c as u64 + 1).unwrap_or(0);
    let b = cs.next().map(|c| c as u64 + 1).unwrap_or(0);
    if cs.next().is_some() {
        return None;
    }
    // 21 bits per character, plus one so that "no character" is 0.
    Some(((clean as u64) << 44) | (a << 22) | b)
}

fn learned() -> &'static Learned {
    static L: OnceLock<Learned> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = Learned::default();
        for line in CONFUSIONS.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 || f[0] != "char" {
                continue;
            }
            let (Some(clean), Ok(n)) = (f[1].chars().next(), f[3].parse::<f32>()) else { continue };
            let printed = if f[2] == "∅" { String::new() } else { f[2].to_lowercase() };
            let clean = vn::lower_char(clean);
            let Some(key) = pack(clean, &printed) else { continue };
            *l.counts.entry(key).or_insert(0.0) += n;
            *l.totals.entry(clean).or_insert(0.0) += n;
        }
        l
    })
}

/// Latin-1 has these Vietnamese letters; a Latin-1-minded OCR can print them.
fn in_latin1(c: char) -> bool {
    (c as u32) < 0x100
}

/// The plain letter under any accented Latin letter (`ü` → `u`), via NFD.
fn latin_base(c: char) -> char {
    let s = vn::strip_char(c);
    if s != c {
        return s;
    }
    c.to_string().nfd().next().unwrap_or(c)
}

/// Look-alikes that no letter table covers, as (printed, plain letters): a rule prior for
/// the OCR profiles, which the learned table refines.
const LOOKALIKES: &[(&str, &[char])] = &[
    ("0", &['o']),
    ("6", &['o']),
    ("4", &['a']),
    ("1", &['l', 'i']),
    ("9", &['o']),
    ("3", &['a']),
    ("¢", &['e']),
    ("§", &['o']),
    ("¥", &['y']),
    ("€", &['e']),
    ("£", &['e']),
    ("ø", &['o']),
    ("j", &['i']),
    ("w", &['u']),
    ("ii", &['u']),
    ("ti", &['u']),
    ("ir", &['u']),
    ("rn", &['m']),
    ("cl", &['d']),
];

/// The rule priors of an OCR profile (ln P), per class of the clean letter:
/// `[plain letter, marked letter Latin-1 has, marked letter Latin-1 lacks]`.
struct OcrRules {
    /// The letter is dropped.
    delete: [f32; 3],
    /// The letter is printed as it is.
    keep: [f32; 3],
    /// A marked letter is printed without its marks.
    lose_marks: f32,
    /// Printed as the same letter with other marks (`ế` → `é`).
    other_marks: f32,
    /// Anything else that is not a known look-alike.
    unrelated: f32,
    /// How many learned observations the rules are worth.
    alpha: f32,
}

/// Tesseract with a Latin model: marks mostly lost or wrong. The learned table comes
/// from this very engine, so it is trusted (α = 20).
const LATIN_MODEL_RULES: OcrRules = OcrRules {
    delete: [-5.5, -3.5, -3.5],
    keep: [-0.05, -1.8, -1.8],
    lose_marks: -0.9,
    other_marks: -2.0,
    unrelated: -13.0,
    alpha: 20.0,
};

/// A Latin-1-minded OCR: letters Latin-1 has come through; others lose their marks or
/// vanish. The learned table (whose fra/deu runs print Latin-1 letters too) only nudges
/// these rules (α = 600).
const LATIN1_RULES: OcrRules = OcrRules {
    delete: [-4.5, -4.5, -1.6],
    keep: [-0.2, -0.2, -9.0],
    lose_marks: -1.3,
    other_marks: -2.3,
    unrelated: -14.0,
    alpha: 600.0,
};

/// The channel for one damage profile, possibly adapted to one document.
#[derive(Debug, Clone)]
pub struct Channel {
    damage: Damage,
    adaptation: Option<Arc<Adaptation>>,
}

/// What one document's OCR printed for each letter, from its own surely restored words.
#[derive(Debug, Default)]
struct Adaptation {
    /// Distinguishes adapted channels in the per-thread memos.
    id: u64,
    counts: HashMap<u64, f32, BuildHasherDefault<KeyHasher>>,
    totals: HashMap<char, f32>,
}

/// How many simulated observations one observation of the document itself is worth.
const ADAPT_WEIGHT: f32 = 12.0;

impl Channel {
    /// The channel of a profile.
    pub fn new(damage: Damage) -> Channel {
        Channel { damage, adaptation: None }
    }

    /// The same channel, its counts extended with this document's own confusions:
    /// `(printed word, restored word)` pairs, aligned letter by letter.
    pub fn adapted<'a>(self, pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Channel {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut a = Adaptation { id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed), ..Default::default() };
        for (printed, restored) in pairs {
            let token: Vec<char> = printed.chars().map(vn::lower_char).collect();
            let clean: Vec<char> = restored.chars().map(vn::lower_char).collect();
            if vn::Syllable::parse(restored).is_none() || token.is_empty() {
                continue;
            }
            // The scan may print either tone placement: learn from the closer one.
            let alt: Option<Vec<char>> = vn::new_style(&clean.iter().collect::<String>()).map(|s| s.chars().collect());
            let mut best = self.align(&token, &clean);
            if let Some(alt) = alt {
                let other = self.align(&token, &alt);
                if other.0 > best.0 {
                    best = other;
                }
            }
            for (letter, out) in best.1 {
                if let Some(k) = pack(letter, &out) {
                    *a.counts.entry(k).or_insert(0.0) += 1.0;
                    *a.totals.entry(letter).or_insert(0.0) += 1.0;
                }
            }
        }
        Channel { damage: self.damage, adaptation: Some(Arc::new(a)) }
    }

    /// The best alignment of a syllable's letters with a token: its score and, per letter,
    /// what was printed for it.
    fn align(&self, token: &[char], syllable: &[char]) -> (f32, Vec<(char, String)>) {
        let (n, m) = (syllable.len(), token.len());
        if n > 12 || m > 16 {
            return (f32::NEG_INFINITY, Vec::new());
        }
        // back: 0 none, 1 delete, 2 one char, 3 two chars, 4 insert
        let mut d = [[f32::NEG_INFINITY; 17]; 13];
        let mut back = [[0u8; 17]; 13];
        d[0][0] = 0.0;
        let mut buf = [0u8; 8];
        for i in 0..=n {
            for j in 0..=m {
                let cur = d[i][j];
                if cur == f32::NEG_INFINITY {
                    continue;
                }
                let mut relax = |ii: usize, jj: usize, v: f32, op: u8, d: &mut [[f32; 17]; 13]| {
                    if v > d[ii][jj] {
                        d[ii][jj] = v;
                        back[ii][jj] = op;
                    }
                };
                if i < n {
                    relax(i + 1, j, cur + self.emit(syllable[i], ""), 1, &mut d);
                    if j < m {
                        relax(i + 1, j + 1, cur + self.emit(syllable[i], token[j].encode_utf8(&mut buf)), 2, &mut d);
                    }
                    if j + 1 < m {
                        let two: String = token[j..j + 2].iter().collect();
                        relax(i + 1, j + 2, cur + self.emit(syllable[i], &two), 3, &mut d);
                    }
                }
                if j < m {
                    relax(i, j + 1, cur + self.insert(token[j]), 4, &mut d);
                }
            }
        }
        let mut pairs = Vec::with_capacity(n);
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            match back[i][j] {
                1 => {
                    pairs.push((syllable[i - 1], String::new()));
                    i -= 1;
                }
                2 => {
                    pairs.push((syllable[i - 1], token[j - 1].to_string()));
                    i -= 1;
                    j -= 1;
                }
                3 => {
                    pairs.push((syllable[i - 1], token[j - 2..j].iter().collect()));
                    i -= 1;
                    j -= 2;
                }
                4 => j -= 1,
                _ => break,
            }
        }
        pairs.reverse();
        (d[n][m], pairs)
    }

    /// The adaptation id (0 for none), which keys the per-thread memos.
    fn memo_id(&self) -> u64 {
        self.adaptation.as_ref().map(|a| a.id).unwrap_or(0)
    }

    /// ln P(printed | clean) for one clean letter (lower case) printed as `printed`
    /// (zero, one or two characters, lower case). Memoised per thread: the search asks
    /// for the same few thousand pairs over and over.
    pub fn emit(&self, clean: char, printed: &str) -> f32 {

        let Some(key) = pack(clean, printed) else { return self.emit_uncached(clean, printed) };
        let key = key ^ ((self.damage as u64) << 61);
        self.sync_memos();
        if let Some(v) = MEMO.with(|m| m.borrow().get(&key).copied()) {
            return v;
        }
        let v = self.emit_uncached(clean, printed);
        MEMO.with(|m| m.borrow_mut().insert(key, v));
        v
    }

    fn emit_uncached(&self, clean: char, printed: &str) -> f32 {
        let base = vn::strip_char(clean);
        let marked = base != clean;
        let mut chars = printed.chars();
        let (first, second) = (chars.next(), chars.next());
        let same = first == Some(clean) && second.is_none();
        let plain = first == Some(base) && second.is_none();
        let same_base = second.is_none() && first.map(latin_base) == Some(base);
        match self.damage {
            Damage::Clean => {
                if same {
                    -0.001
                } else if same_base {
                    -9.0
                } else {
                    -16.0
                }
            }
            Damage::Stripped => {
                if marked {
                    if plain {
                        -0.03
                    } else if same {
                        -4.0
                    } else if same_base {
                        -9.0
                    } else {
                        -16.0
                    }
                } else if same {
                    -0.001
                } else {
                    -16.0
                }
            }
            Damage::OcrLatinModel => self.emit_ocr(&LATIN_MODEL_RULES, clean, printed, same, plain, same_base, marked),
            Damage::OcrLatin1 => self.emit_ocr(&LATIN1_RULES, clean, printed, same, plain, same_base, marked),
        }
    }

    /// An OCR profile: its rules give the prior, the learned table refines it.
    #[allow(clippy::too_many_arguments)]
    fn emit_ocr(&self, rules: &OcrRules, clean: char, printed: &str, same: bool, plain: bool, same_base: bool, marked: bool) -> f32 {
        let class = if !marked {
            0
        } else if in_latin1(clean) {
            1
        } else {
            2
        };
        let prior = if printed.is_empty() {
            rules.delete[class]
        } else if same {
            rules.keep[class]
        } else if plain {
            rules.lose_marks
        } else if same_base {
            rules.other_marks
        } else {
            self.lookalike(clean, printed).unwrap_or(rules.unrelated)
        };
        self.smooth(clean, printed, prior, rules.alpha)
    }

    /// Dirichlet smoothing of the learned counts (and of this document's own, when the
    /// channel is adapted) with a rule prior worth `alpha` observations.
    fn smooth(&self, clean: char, printed: &str, prior: f32, alpha: f32) -> f32 {
        let l = learned();
        let key = pack(clean, printed);
        let mut total = l.totals.get(&clean).copied().unwrap_or(0.0);
        let mut count = key.and_then(|k| l.counts.get(&k)).copied().unwrap_or(0.0);
        if let Some(a) = &self.adaptation {
            total += ADAPT_WEIGHT * a.totals.get(&clean).copied().unwrap_or(0.0);
            count += ADAPT_WEIGHT * key.and_then(|k| a.counts.get(&k)).copied().unwrap_or(0.0);
        }
        if total < 1.0 {
            return prior;
        }
        ((count + alpha * prior.exp()) / (total + alpha)).ln()
    }

    /// Look-alike substitutions (digits and symbols for letters).
    fn lookalike(&self, clean: char, printed: &str) -> Option<f32> {
        let base = vn::strip_char(clean);
        LOOKALIKES
            .iter()
            .find(|(p, bases)| *p == printed && bases.contains(&base))
            .map(|_| if printed.chars().count() == 2 { -4.0 } else { -3.0 })
    }

    /// The emission of every letter of `vn::letters()` as `printed`, memoised per thread.
    fn column(&self, printed: &str) -> Rc<Vec<f32>> {
        self.sync_memos();
        let key = (self.damage, printed.to_string());
        if let Some(c) = COLUMNS.with(|m| m.borrow().get(&key).cloned()) {
            return c;
        }
        let col: Rc<Vec<f32>> = Rc::new(vn::letters().iter().map(|&l| self.emit(l, printed)).collect());
        COLUMNS.with(|m| m.borrow_mut().insert(key, col.clone()));
        col
    }

    /// Empties the per-thread memos when they belong to another adaptation.
    fn sync_memos(&self) {
        let id = self.memo_id();
        if MEMO_ID.with(|c| c.get()) != id {
            MEMO_ID.with(|c| c.set(id));
            MEMO.with(|m| m.borrow_mut().clear());
            COLUMNS.with(|m| m.borrow_mut().clear());
        }
    }

    /// ln P of an inserted character.
    fn insert(&self, printed: char) -> f32 {
        match self.damage {
            Damage::Clean | Damage::Stripped => -14.0,
            _ if printed.is_alphabetic() => -7.0,
            _ => -6.0,
        }
    }

    /// ln P(token | syllable) for a lower-case token and a lower-case syllable, by the
    /// best alignment of the syllable's letters with the token's characters.
    pub fn score(&self, token: &[char], syllable: &[char]) -> f32 {
        let n = syllable.len();
        let m = token.len();
        if n > 12 || m > 16 {
            return f32::NEG_INFINITY;
        }
        let mut d = [[f32::NEG_INFINITY; 17]; 13];
        d[0][0] = 0.0;
        let mut buf = [0u8; 8];
        for i in 0..=n {
            for j in 0..=m {
                let cur = d[i][j];
                if cur == f32::NEG_INFINITY {
                    continue;
                }
                if i < n {
                    let t = syllable[i];
                    // delete
                    let v = cur + self.emit(t, "");
                    if v > d[i + 1][j] {
                        d[i + 1][j] = v;
                    }
                    if j < m {
                        let o = token[j].encode_utf8(&mut buf);
                        let v = cur + self.emit(t, o);
                        if v > d[i + 1][j + 1] {
                            d[i + 1][j + 1] = v;
                        }
                    }
                    if j + 1 < m && !matches!(self.damage, Damage::Clean | Damage::Stripped) {
                        let two: String = token[j..j + 2].iter().collect();
                        let v = cur + self.emit(t, &two);
                        if v > d[i + 1][j + 2] {
                            d[i + 1][j + 2] = v;
                        }
                    }
                }
                if j < m {
                    let v = cur + self.insert(token[j]);
                    if v > d[i][j + 1] {
                        d[i][j + 1] = v;
                    }
                }
            }
        }
        d[n][m]
    }

    /// The unmarked skeleton of a lower-case token whose letters are right (clean or
    /// stripped text): every letter without its marks (`ü` → `u`); other characters are
    /// left out.
    fn skeleton(token: &[char]) -> String {
        token.iter().map(|&c| latin_base(c)).filter(char::is_ascii_alphabetic).collect()
    }

    /// Candidate syllables for a lower-case token, best first, with ln P(token | syllable).
    ///
    /// Clean and stripped text keep their letters, so the skeleton index finds every
    /// candidate. OCR changes letters, so there the trie of all syllables is searched
    /// with the channel's own weights, pruning a branch once no alignment of the token
    /// with it can score above `OCR_FLOOR`.
    pub fn candidates(&self, model: &Model, token: &str) -> Vec<Candidate> {
        let upper: Vec<bool> = token.chars().map(char::is_uppercase).collect();
        let chars: Vec<char> = token.chars().map(vn::lower_char).collect();
        let mut out = match self.damage {
            Damage::Clean | Damage::Stripped => {
                model
                    .with_skeleton(&Self::skeleton(&chars))
                    .iter()
                    .copied()
                    .filter_map(|sym| {
                        let word: Vec<char> = model.lm.word(sym).chars().collect();
                        let logp = self.score(&chars, &word);
                        (logp > -25.0).then_some(Candidate { sym, logp })
                    })
                    .collect()
            }
            Damage::OcrLatinModel | Damage::OcrLatin1 => {
                // Most OCR words are near a syllable: search narrowly first (cheap: deletions
                // prune early) and widen only when nothing good turns up.
                let near = self.search(model, &chars, &upper, OCR_NEAR_FLOOR);
                let best = near.iter().map(|c| c.logp).fold(f32::NEG_INFINITY, f32::max);
                if best > OCR_NEAR_FLOOR + OCR_WIDEN_MARGIN {
                    near
                } else {
                    self.search(model, &chars, &upper, OCR_FLOOR)
                }
            }
        };
        // Both tone placements of a syllable may have matched: keep its best.
        out.sort_by(|a, b| a.sym.cmp(&b.sym).then(b.logp.total_cmp(&a.logp)));
        out.dedup_by_key(|c| c.sym);
        // Keep the likeliest under channel and unigram together, so that unattested
        // near-copies of the token (`pẵng`) do not crowd out real words (`đảng`).
        let lm = &model.lm;
        out.sort_by(|a, b| (b.logp + lm.unigram(b.sym)).total_cmp(&(a.logp + lm.unigram(a.sym))).then(a.sym.cmp(&b.sym)));
        out.truncate(64);
        out
    }

    /// Depth-first search of the syllable trie with one row of the alignment table per
    /// trie level (the classic fuzzy trie walk), under the channel's weights.
    #[inline(never)]
    fn search(&self, model: &Model, token: &[char], upper: &[bool], floor: f32) -> Vec<Candidate> {
        let m = token.len();
        let trie = &model.trie;
        if m == 0 || m > 14 || trie.children.is_empty() {
            return Vec::new();
        }
        let w = m + 1;
        let ins: Vec<f32> = token.iter().map(|&c| self.insert(c)).collect();
        // Emission columns: for each printed character (and pair), the emission of every
        // letter; shared between searches.
        let mut buf = [0u8; 8];
        let singles: Vec<Rc<Vec<f32>>> = token.iter().map(|c| self.column(c.encode_utf8(&mut buf))).collect();
        let pairs: Vec<Rc<Vec<f32>>> = (0..m.saturating_sub(1)).map(|j| self.column(&token[j..j + 2].iter().collect::<String>())).collect();
        let deletion = self.column("");
        let d_index = vn::letter_index('đ').unwrap_or(0);
        // Rows by depth; syllables are at most 7 letters.
        let mut rows: Vec<f32> = vec![f32::NEG_INFINITY; w * 10];
        rows[0] = 0.0;
        for j in 1..=m {
            rows[j] = rows[j - 1] + ins[j - 1];
        }
        let mut out = Vec::new();
        // Stack of (node, depth, next child index).
        let mut stack: Vec<(u32, usize, usize)> = vec![(0, 0, 0)];
        if let Some(sym) = trie.terminal[0] {
            if rows[m] > floor {
                out.push(Candidate { sym, logp: rows[m] });
            }
        }
        while let Some(top) = stack.last_mut() {
            let (node, depth, next_child) = *top;
            let kids = &trie.children[node as usize];
            if next_child >= kids.len() || depth + 1 >= 10 {
                stack.pop();
                continue;
            }
            top.2 += 1;
            let (li, child) = kids[next_child];
            let li = li as usize;
            let d = deletion.get(li).copied().unwrap_or(f32::NEG_INFINITY);
            let (prev, cur) = rows.split_at_mut((depth + 1) * w);
            let row = &prev[depth * w..depth * w + w];
            let next = &mut cur[..w];
            // At most one letter is lost before the first printed character: OCR does not
            // drop the start of a word wholesale, and the walk would otherwise wander
            // every two-letter prefix of the trie.
            next[0] = if depth == 0 { row[0] + d } else { f32::NEG_INFINITY };
            let mut best = next[0];
            for j in 1..=m {
                let mut single = singles[j - 1].get(li).copied().unwrap_or(f32::NEG_INFINITY);
                // Capital Đ loses its bar and reads as P in Latin-model OCR (`Pảng`,
                // `PANG`); the lower-cased table cannot see that.
                if li == d_index && token[j - 1] == 'p' && upper.get(j - 1) == Some(&true) {
                    single = single.max(UPPER_D_AS_P);
                }
                let mut v = (row[j] + d).max(row[j - 1] + single);
                if j >= 2 {
                    v = v.max(row[j - 2] + pairs[j - 2].get(li).copied().unwrap_or(f32::NEG_INFINITY));
                }
                v = v.max(next[j - 1] + ins[j - 1]);
                next[j] = v;
                best = best.max(v);
            }
            if best > floor {
                if let Some(sym) = trie.terminal[child as usize] {
                    if next[m] > floor {
                        out.push(Candidate { sym, logp: next[m] });
                    }
                }
                stack.push((child, depth + 1, 0));
            }
        }
        out
    }
}

thread_local! {
    /// Emission memo, keyed by [`pack`] and the damage.
    static MEMO: RefCell<HashMap<u64, f32, BuildHasherDefault<KeyHasher>>> = RefCell::new(HashMap::default());
    /// Emission columns per printed string.
    static COLUMNS: RefCell<HashMap<(Damage, String), Rc<Vec<f32>>>> = RefCell::new(HashMap::new());
    /// The adaptation the memos were filled for.
    static MEMO_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The lowest ln P(token | syllable) an OCR candidate may have.
const OCR_FLOOR: f32 = -16.0;
/// ln P(printed `P` | clean `Đ`) for a capital letter.
const UPPER_D_AS_P: f32 = -1.6;
/// The floor of the first, narrow search.
const OCR_NEAR_FLOOR: f32 = -10.0;
/// The narrow search is enough when its best candidate is this far above its floor.
const OCR_WIDEN_MARGIN: f32 = 7.0;
