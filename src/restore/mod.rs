//! Stage 3, restore: diacritics and OCR confusions, by a noisy channel and a syllable
//! language model.
//!
//! For each block of consecutive lines the restorer lists, for every word, the syllables
//! it may stand for with ln P(word | syllable) from the [`channel`], and finds the best
//! sequence under the trigram [`lm`] with a beam Viterbi search. Numbers, codes
//! (`57-NQ/TW`), abbreviations (`UBND`) and Latin words never change; case is kept per
//! word. Each changed word reports its span, its choice, a confidence and the runner-up.
//!
//! ```
//! let restorer = kehoach::restore::Restorer::new();
//! let out = restorer.restore_text("Ke hoach thuc hien Nghi quyet so 57-NQ/TW");
//! assert!(out.ends_with("57-NQ/TW"));
//! ```

pub mod channel;
pub mod lm;
pub mod model;
pub mod tokens;
pub mod training;

use channel::{Candidate, Channel};
use lm::Sym;
use model::Model;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use tokens::Kind;

use crate::vn;

/// The kind of damage a document's text shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Damage {
    /// Correct Vietnamese with its marks (digital PDF text, typed text).
    Clean,
    /// Letters right, marks stripped (`ty le phu song`).
    Stripped,
    /// Tesseract with a non-Vietnamese model: marks lost or wrong, digits for letters.
    OcrLatinModel,
    /// A Latin-1-minded OCR: `cüa`, `h9c`, letters dropped.
    OcrLatin1,
}

impl Damage {
    /// The name written in `source.damage`.
    pub fn name(self) -> &'static str {
        match self {
            Damage::Clean => "clean",
            Damage::Stripped => "stripped",
            Damage::OcrLatinModel => "ocr-latin-model",
            Damage::OcrLatin1 => "ocr-latin1",
        }
    }

    /// Tells the damage from the words of a text.
    ///
    /// Marked words that are valid syllables mean clean text; no marks at all mean stripped
    /// text; letters Vietnamese does not use (`ü`, `ä`, `j` inside words) mean a Latin-1
    /// OCR; digits inside words and invalid marked words mean Tesseract with a Latin model.
    pub fn detect<'a>(lines: impl IntoIterator<Item = &'a str>) -> Damage {
        let (mut words, mut marked, mut valid_marked, mut latin1, mut digit_words) = (0usize, 0, 0, 0, 0);
        for line in lines {
            for t in tokens::tokenize(line) {
                if t.kind != Kind::Word {
                    continue;
                }
                let w = t.text(line);
                if !w.chars().any(|c| c.is_alphabetic()) {
                    continue;
                }
                words += 1;
                if vn::has_vietnamese_marks(w) {
                    marked += 1;
                    if vn::Syllable::parse(w).is_some() {
                        valid_marked += 1;
                    }
                }
                if w.chars().any(|c| matches!(c, 'ü' | 'ä' | 'ë' | 'ï' | 'ö' | 'Ü' | 'Ä' | 'Ö' | 'î' | 'û'))
                    || (w.chars().count() > 2 && w.chars().skip(1).any(|c| c == 'j'))
                {
                    latin1 += 1;
                }
                // A digit touching a lower-case letter (`s6`, `d6i`, `1a`) is OCR damage;
                // `5G`, `QH15` and `H1` are codes.
                let cs: Vec<char> = w.chars().collect();
                if cs.windows(2).any(|p| (p[0].is_ascii_digit() && p[1].is_lowercase()) || (p[0].is_lowercase() && p[1].is_ascii_digit())) {
                    digit_words += 1;
                }
            }
        }
        if words == 0 {
            return Damage::Clean;
        }
        let frac = |x: usize| x as f64 / words as f64;
        if frac(marked) < 0.03 && frac(digit_words) < 0.01 {
            return Damage::Stripped;
        }
        if frac(latin1) > 0.01 && latin1 * 2 > digit_words {
            return Damage::OcrLatin1;
        }
        if frac(valid_marked) > 0.45 && valid_marked as f64 > 0.95 * marked as f64 && frac(digit_words) < 0.005 {
            return Damage::Clean;
        }
        Damage::OcrLatinModel
    }
}

/// What the restorer did with one word.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenChoice {
    /// Byte offset of the word in the original line.
    pub start: usize,
    /// Byte offset after the word.
    pub end: usize,
    /// The word as read.
    pub original: String,
    /// The word as restored (case kept from the original).
    pub chosen: String,
    /// 0..1: the probability of the choice against the alternatives, given its neighbours.
    pub confidence: f32,
    /// The best alternative, if any.
    pub runner_up: Option<String>,
}

/// One restored line.
#[derive(Clone, Debug, PartialEq)]
pub struct RestoredLine {
    /// The restored text.
    pub text: String,
    /// Every word the restorer considered (unchanged ones included), in order.
    pub tokens: Vec<TokenChoice>,
}

/// Options of the decoder.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Candidates kept per word after channel + unigram pruning.
    pub candidates: usize,
    /// Hypotheses kept per position in the beam.
    pub beam: usize,
    /// Weight of the language model against the channel.
    pub lm_weight: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            candidates: 8,
            beam: 12,
            lm_weight: 1.0,
        }
    }
}

/// A list marker at the start of a line (`a)`, `(d)`, `IV.`, `Il.`, `V |`): the structure stage
/// reads it, look-alikes included, so it stays as the OCR gave it.
fn is_list_marker(line: &str, toks: &[tokens::Token], i: usize) -> bool {
    let t = toks[i];
    let text = t.text(line);
    let first = i == 0 || (i == 1 && toks[0].text(line) == "(");
    let next = toks.get(i + 1).map(|n| n.text(line));
    if !first {
        return false;
    }
    let n = text.chars().count();
    // `V |`, `X |`: a table's group numeral before the cell border.
    (n == 1 && matches!(next, Some(")") | Some("|")))
        || (n <= 4
            && matches!(next, Some(".") | Some("|"))
            && text.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'l' | 'i' | 'v' | 'x' | 'H' | '1')))
}

/// The word part of a candidate-cache key: lower case, old-style tone placement.
fn cache_word(text: &str) -> String {
    let normalized = if text.is_ascii() { text.to_string() } else { vn::normalize_tone_placement(text) };
    normalized.to_lowercase()
}

/// Words restored at least this surely teach the document's own channel.
const ADAPT_CONFIDENCE: f32 = 0.9;

/// Weight of the capitalisation evidence: OCR'd tables and headings capitalise words
/// away from sentence starts too, so it counts for less than the channel.
const CASE_WEIGHT: f32 = 0.5;

/// A word is split only when its best reading as one syllable is below this ln P…
const SPLIT_WHOLE_BELOW: f32 = -7.0;
/// …and both halves read as syllables at least this well.
const SPLIT_PART_ABOVE: f32 = -3.0;

/// Common abbreviations that happen to spell a syllable or a near one: never restored.
const ABBREVIATIONS: &[&str] = &[
    "UBND", "HĐND", "KH", "CN", "TW", "NQ", "CP", "QĐ", "TTg", "BCĐ", "BTV", "ĐMST", "CĐS", "TTHC", "GRDP", "GDP",
    "FDI", "DTI", "PII", "PCI", "PAR", "SIPAS", "TFP", "HDI", "STEM", "AI", "IoT", "CNTT", "MTTQ", "VNeID", "KT", "TM",
    "PGS", "TS", "ThS", "CV", "TB", "BC", "KL", "CT", "HĐ", "ĐU", "ĐBQH", "ICT", "IT", "OCOP", "KCN", "CCN", "DN",
    "DNNVV", "THPT", "THCS", "QH", "TP", "TX", "VP", "IOC", "FTZ", "ISO", "LGSP", "NGSP", "API", "GIS", "SMS",
    "USD", "VND", "VNĐ", "ĐVT", "STT", "Stt",
];

/// The restorer: model, channel rules, options. Cheap to clone (the model is shared).
#[derive(Clone, Debug)]
pub struct Restorer {
    model: Arc<Model>,
    options: Options,
}

impl Default for Restorer {
    fn default() -> Self {
        Restorer::new()
    }
}

/// A decoding position: one token of the block.
struct Slot {
    line: usize,
    start: usize,
    end: usize,
    /// Candidates; a symbol below `lm::FIRST_WORD` means "keep the token as it is".
    cands: Vec<Candidate>,
    /// Whether this is a word the restorer may change.
    word: bool,
    /// The second part of a word OCR glued together (`Kétqua`): a space goes before it.
    split: bool,
}

impl Restorer {
    /// The restorer with the model embedded in the crate.
    pub fn new() -> Restorer {
        Restorer {
            model: Model::embedded(),
            options: Options::default(),
        }
    }

    /// A restorer over another model (e.g. one trained leave-one-out).
    pub fn with_model(model: Arc<Model>) -> Restorer {
        Restorer {
            model,
            options: Options::default(),
        }
    }

    /// Sets decoder options.
    pub fn options(mut self, options: Options) -> Restorer {
        self.options = options;
        self
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Restores a text (lines separated by `\n`), detecting its damage.
    pub fn restore_text(&self, text: &str) -> String {
        let lines: Vec<&str> = text.split('\n').collect();
        let damage = Damage::detect(lines.iter().copied());
        self.restore_lines(&lines, damage)
            .into_iter()
            .map(|l| l.text)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Restores lines. Consecutive non-blank lines are decoded together, so the language
    /// model sees across line wraps.
    pub fn restore_lines(&self, lines: &[&str], damage: Damage) -> Vec<RestoredLine> {
        let mut cache: HashMap<String, Vec<Candidate>> = HashMap::new();
        let first = self.restore_pass(lines, damage, &Channel::new(damage), &mut cache);
        if !matches!(damage, Damage::OcrLatinModel | Damage::OcrLatin1) {
            return first;
        }
        // Every scan has its own confusions (a font's `ở` printed `¢`, `ă` printed `ia`):
        // learn them from the words the first pass was sure of, then decode again.
        let sure = || first.iter().flat_map(|l| &l.tokens).filter(|t| t.confidence >= ADAPT_CONFIDENCE);
        let channel = Channel::new(damage).adapted(sure().map(|t| (t.original.as_str(), t.chosen.as_str())));
        // Words read surely keep their candidates, re-scored under the adapted channel;
        // the others are searched again, where the adapted channel may reach new readings.
        let unsure: std::collections::HashSet<String> = first
            .iter()
            .flat_map(|l| &l.tokens)
            .filter(|t| t.confidence < ADAPT_CONFIDENCE)
            .map(|t| cache_word(&t.original))
            .collect();
        let lm = &self.model.lm;
        cache.retain(|key, cands| {
            let word = key.split('\u{1}').next().unwrap_or("");
            if unsure.contains(word) {
                return false;
            }
            let token: Vec<char> = word.chars().collect();
            for c in cands.iter_mut().filter(|c| c.sym >= lm::FIRST_WORD) {
                let syllable = lm.word(c.sym);
                let mut logp = channel.score(&token, &syllable.chars().collect::<Vec<_>>());
                if let Some(alt) = vn::new_style(syllable) {
                    logp = logp.max(channel.score(&token, &alt.chars().collect::<Vec<_>>()));
                }
                c.logp = logp;
            }
            true
        });
        self.restore_pass(lines, damage, &channel, &mut cache)
    }

    fn restore_pass(&self, lines: &[&str], damage: Damage, channel: &Channel, cache: &mut HashMap<String, Vec<Candidate>>) -> Vec<RestoredLine> {
        let mut out: Vec<RestoredLine> = lines
            .iter()
            .map(|l| RestoredLine {
                text: l.to_string(),
                tokens: Vec::new(),
            })
            .collect();
        let mut i = 0;
        while i < lines.len() {
            if lines[i].trim().is_empty() {
                i += 1;
                continue;
            }
            let start = i;
            while i < lines.len() && !lines[i].trim().is_empty() && i - start < 200 {
                i += 1;
            }
            self.restore_block(lines, start, i, damage, channel, cache, &mut out);
        }
        out
    }

    fn slots_for_line(&self, line_idx: usize, line: &str, channel: &Channel, damage: Damage, cache: &mut HashMap<String, Vec<Candidate>>) -> Vec<Slot> {
        let mut slots = Vec::new();
        let toks = tokens::tokenize(line);
        for (ti, &t) in toks.iter().enumerate() {
            let text = t.text(line);
            let keep = |sym: Sym| vec![Candidate { sym, logp: 0.0 }];
            let slot = |start, end, cands, word, split| Slot { line: line_idx, start, end, cands, word, split };
            match t.kind {
                Kind::Number => slots.push(slot(t.start, t.end, keep(lm::NUM), false, false)),
                Kind::Code => slots.push(slot(t.start, t.end, keep(lm::OTHER), false, false)),
                Kind::Punct => slots.push(slot(t.start, t.end, keep(lm::PUNCT), false, false)),
                Kind::Word if self.protected(text, damage) || is_list_marker(line, &toks, ti) => {
                    slots.push(slot(t.start, t.end, keep(lm::OTHER), false, false))
                }
                Kind::Word => {
                    let start_of_sentence = training::sentence_start(line, &toks, ti);
                    let whole = self.cached_candidates(text, channel, damage, cache);
                    match self.split_point(text, &whole, channel, damage, cache) {
                        Some(mid) => {
                            let (a, b) = (&text[..mid], &text[mid..]);
                            let ca = self.with_case_evidence(self.cached_candidates(a, channel, damage, cache), a, start_of_sentence);
                            let cb = self.with_case_evidence(self.cached_candidates(b, channel, damage, cache), b, false);
                            slots.push(slot(t.start, t.start + mid, ca, true, false));
                            slots.push(slot(t.start + mid, t.end, cb, true, true));
                        }
                        None => {
                            let cands = self.with_case_evidence(whole, text, start_of_sentence);
                            slots.push(slot(t.start, t.end, cands, true, false));
                        }
                    }
                }
            }
        }
        slots
    }

    fn cached_candidates(&self, text: &str, channel: &Channel, damage: Damage, cache: &mut HashMap<String, Vec<Candidate>>) -> Vec<Candidate> {
        // New-style tone placement (`hoá`) is read as the old style (`hóa`).
        let normalized = if text.is_ascii() { text.to_string() } else { vn::normalize_tone_placement(text) };
        // The "keep as it is" option and the channel (capital Đ read as P) depend on the
        // case, so the case pattern is part of the key.
        let key = format!("{}\u{1}{:?}", normalized.to_lowercase(), vn::case_of(text));
        debug_assert_eq!(key.split('\u{1}').next(), Some(cache_word(text).as_str()));
        cache
            .entry(key)
            .or_insert_with(|| self.word_candidates(&normalized, text, channel, damage))
            .clone()
    }

    /// Case is evidence too: away from sentence starts, a capitalised word is likelier a
    /// name (`Thọ`, `Đình`) than a common word.
    fn with_case_evidence(&self, mut cands: Vec<Candidate>, text: &str, start_of_sentence: bool) -> Vec<Candidate> {
        if start_of_sentence {
            return cands;
        }
        let case = vn::case_of(text);
        for c in cands.iter_mut().filter(|c| c.sym >= lm::FIRST_WORD) {
            let (pc, pl) = self.model.lm.case_logp(c.sym);
            match case {
                vn::Case::Title => c.logp += CASE_WEIGHT * pc,
                vn::Case::Lower => c.logp += CASE_WEIGHT * pl,
                _ => {}
            }
        }
        cands
    }

    /// Where to split a word that OCR glued from two syllables (`Kétqua`, `Thoigian`,
    /// `hocBan`): at a lower-to-upper case change, or where both halves are good
    /// syllables while the whole is not.
    fn split_point(&self, text: &str, whole: &[Candidate], channel: &Channel, damage: Damage, cache: &mut HashMap<String, Vec<Candidate>>) -> Option<usize> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        if chars.len() < 4 || vn::Syllable::parse(text).is_some() {
            return None;
        }
        let best = |c: &[Candidate]| c.iter().filter(|c| c.sym >= lm::FIRST_WORD).map(|c| c.logp).fold(f32::NEG_INFINITY, f32::max);
        for i in 2..chars.len().saturating_sub(1) {
            // `hocBan`: a lower-case run, then a capitalised word (not OCR case noise as in
            // `PiCH`, where capitals follow).
            if chars[i - 1].1.is_lowercase()
                && chars[i].1.is_uppercase()
                && chars[i + 1].1.is_lowercase()
                && chars[..i].iter().all(|c| c.1.is_alphabetic())
            {
                return Some(chars[i].0);
            }
        }
        if best(whole) > SPLIT_WHOLE_BELOW || chars.len() < 5 {
            return None;
        }
        let mut choice = None;
        let mut choice_score = SPLIT_PART_ABOVE * 2.0;
        for i in 2..chars.len() - 1 {
            let mid = chars[i].0;
            let a = best(&self.cached_candidates(&text[..mid], channel, damage, cache));
            if a < SPLIT_PART_ABOVE {
                continue;
            }
            let b = best(&self.cached_candidates(&text[mid..], channel, damage, cache));
            if b >= SPLIT_PART_ABOVE && a + b > choice_score {
                choice = Some(mid);
                choice_score = a + b;
            }
        }
        choice
    }

    /// Words that are never changed: abbreviations, Latin words, all-caps non-syllables.
    fn protected(&self, word: &str, damage: Damage) -> bool {
        if ABBREVIATIONS.contains(&word) {
            return true;
        }
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        match damage {
            // In clean and stripped text, digits are never letters.
            Damage::Clean | Damage::Stripped => has_digit,
            _ => {
                // OCR turns letters into digits, but a word of mostly digits is a code.
                let digits = word.chars().filter(|c| c.is_ascii_digit()).count();
                let letters = word.chars().filter(|c| c.is_alphabetic()).count();
                digits > letters || word.chars().count() > 9
            }
        }
    }

    /// Candidates for one word: channel candidates pruned with the unigram model, plus
    /// "keep as it is" where the word is not a syllable.
    fn word_candidates(&self, normalized: &str, original: &str, channel: &Channel, damage: Damage) -> Vec<Candidate> {
        let lm = &self.model.lm;
        // Clean text: a word that is a syllable is taken as written, without a search.
        if damage == Damage::Clean {
            if let Some(sym) = tokens::syllable_form(normalized).and_then(|f| lm.symbol(&f)) {
                return vec![Candidate { sym, logp: 0.0 }];
            }
        }
        let mut cands = channel.candidates(&self.model, normalized);
        // Rank by channel + unigram, keep the best few.
        cands.sort_by(|a, b| {
            let sa = a.logp + lm.unigram(a.sym);
            let sb = b.logp + lm.unigram(b.sym);
            sb.total_cmp(&sa).then(a.sym.cmp(&b.sym))
        });
        if let Some(best) = cands.first().map(|c| c.logp + lm.unigram(c.sym)) {
            // In clean text a word that is already a syllable keeps its marks unless the
            // context is overwhelming: a narrow beam there is both right and fast.
            let width = if damage == Damage::Clean { 6.0 } else { 14.0 };
            cands.retain(|c| c.logp + lm.unigram(c.sym) > best - width);
        }
        cands.truncate(self.options.candidates);
        let is_syllable = vn::Syllable::parse(original).is_some();
        if !is_syllable {
            // Keeping a non-syllable is likely for abbreviations and Latin words (upper
            // case, or letters Vietnamese lacks), unlikely for OCR-damaged words.
            let caps = vn::case_of(original) == vn::Case::Upper;
            let foreign = original.chars().any(|c| matches!(c, 'f' | 'j' | 'w' | 'z' | 'F' | 'J' | 'W' | 'Z'));
            // An upper-case word that spells a syllable once marked is a heading word
            // (`MUC TIEU`), not an abbreviation (`UBND` has no candidate at all).
            let keep = match damage {
                // Stripped text lost only marks: a non-syllable with candidates is almost
                // always one of them (`phat`, `Xuan`), unless it is an upper-case heading
                // word or an abbreviation.
                Damage::Clean | Damage::Stripped => {
                    if foreign || cands.is_empty() {
                        -0.5
                    } else if caps {
                        -4.0
                    } else {
                        -12.0
                    }
                }
                _ => if caps && original.chars().count() >= 3 { -4.0 } else { -9.0 },
            };
            cands.push(Candidate { sym: lm::OTHER, logp: keep });
        }
        if cands.is_empty() {
            cands.push(Candidate { sym: lm::OTHER, logp: 0.0 });
        }
        cands
    }

    #[allow(clippy::too_many_arguments)]
    fn restore_block(&self, lines: &[&str], from: usize, to: usize, damage: Damage, channel: &Channel, cache: &mut HashMap<String, Vec<Candidate>>, out: &mut [RestoredLine]) {
        let mut slots = Vec::new();
        for (i, line) in lines.iter().enumerate().take(to).skip(from) {
            slots.extend(self.slots_for_line(i, line, channel, damage, cache));
        }
        if slots.is_empty() {
            return;
        }
        let best = self.viterbi(&slots);
        // Write back, line by line.
        let lm = &self.model.lm;
        let mut per_line: HashMap<usize, Vec<(usize, usize, String, TokenChoice)>> = HashMap::new();
        for (k, slot) in slots.iter().enumerate() {
            if !slot.word {
                continue;
            }
            let line = lines[slot.line];
            let original = &line[slot.start..slot.end];
            let choice = best[k];
            let sym = slot.cands[choice].sym;
            let unchanged = sym < lm::FIRST_WORD || {
                let lower: String = original.chars().map(vn::lower_char).collect();
                vn::normalize_tone_placement(&lower) == lm.word(sym)
            };
            // A word restored to itself keeps its exact form (case, tone placement).
            let chosen = if unchanged {
                original.to_string()
            } else {
                vn::apply_case(lm.word(sym), original)
            };
            let (confidence, runner) = self.confidence(&slots, &best, k);
            let runner_up = runner.map(|r| {
                let s = slot.cands[r].sym;
                if s < lm::FIRST_WORD { original.to_string() } else { vn::apply_case(lm.word(s), original) }
            });
            let written = if slot.split { format!(" {chosen}") } else { chosen.clone() };
            per_line.entry(slot.line).or_default().push((
                slot.start,
                slot.end,
                written,
                TokenChoice {
                    start: slot.start,
                    end: slot.end,
                    original: original.to_string(),
                    chosen,
                    confidence,
                    runner_up,
                },
            ));
        }
        for (line_idx, edits) in per_line {
            let line = lines[line_idx];
            let mut text = String::with_capacity(line.len() + 16);
            let mut pos = 0;
            let mut choices = Vec::with_capacity(edits.len());
            for (s, e, chosen, choice) in edits {
                text.push_str(&line[pos..s]);
                text.push_str(&chosen);
                pos = e;
                choices.push(choice);
            }
            text.push_str(&line[pos..]);
            out[line_idx] = RestoredLine { text, tokens: choices };
        }
    }

    /// Beam Viterbi over the slots; returns the chosen candidate index per slot.
    fn viterbi(&self, slots: &[Slot]) -> Vec<usize> {
        let lm = &self.model.lm;
        let w = self.options.lm_weight;
        // A hypothesis: (prev sym, cur sym) with score and back-pointer.
        #[derive(Clone, Copy)]
        struct Hyp {
            prev: Sym,
            cur: Sym,
            cand: usize,
            score: f32,
            back: usize,
        }
        let mut layers: Vec<Vec<Hyp>> = Vec::with_capacity(slots.len() + 1);
        layers.push(vec![Hyp { prev: lm::BOS, cur: lm::BOS, cand: 0, score: 0.0, back: 0 }]);
        // Hypotheses sharing the trigram state (previous candidate, this candidate) are
        // recombined; the state is found by index, not by hashing.
        let mut slot_of: Vec<u32> = Vec::new();
        let mut bigrams: Vec<f32> = Vec::new();
        let mut prev_cands = 1usize;
        for slot in slots {
            let prev_layer = layers.last().map(Vec::as_slice).unwrap_or(&[]);
            let k = slot.cands.len();
            slot_of.clear();
            slot_of.resize(prev_cands * k, u32::MAX);
            let mut layer: Vec<Hyp> = Vec::with_capacity(prev_layer.len() * k);
            // P(c | cur) depends on the previous candidate only: shared between hypotheses.
            bigrams.clear();
            bigrams.resize(prev_cands * k, f32::NAN);
            for (bi, h) in prev_layer.iter().enumerate() {
                let backoff = lm.backoff(h.prev, h.cur);
                for (ci, c) in slot.cands.iter().enumerate() {
                    let sym = c.sym;
                    let lp = match lm.seen_trigram(h.prev, h.cur, sym) {
                        Some(p) => p,
                        None => {
                            let cell = &mut bigrams[h.cand * k + ci];
                            if cell.is_nan() {
                                *cell = lm.bigram(h.cur, sym);
                            }
                            backoff + *cell
                        }
                    };
                    let score = h.score + w * lp + c.logp;
                    let key = h.cand * k + ci;
                    let hyp = Hyp { prev: h.cur, cur: sym, cand: ci, score, back: bi };
                    match slot_of.get(key).copied() {
                        Some(u32::MAX) | None => {
                            if let Some(s) = slot_of.get_mut(key) {
                                *s = layer.len() as u32;
                            }
                            layer.push(hyp);
                        }
                        Some(idx) => {
                            if score > layer[idx as usize].score {
                                layer[idx as usize] = hyp;
                            }
                        }
                    }
                }
            }
            if layer.len() > self.options.beam {
                layer.select_nth_unstable_by(self.options.beam, |a, b| b.score.total_cmp(&a.score));
                layer.truncate(self.options.beam);
            }
            prev_cands = k;
            layers.push(layer);
        }
        let prev_layer = layers.last().map(Vec::as_slice).unwrap_or(&[]);
        // Close with end of block, then trace back.
        let mut best_i = 0;
        let mut best_s = f32::NEG_INFINITY;
        for (i, h) in prev_layer.iter().enumerate() {
            let s = h.score + w * lm.trigram(h.prev, h.cur, lm::EOS);
            if s > best_s {
                best_s = s;
                best_i = i;
            }
        }
        let mut choice = vec![0usize; slots.len()];
        let mut idx = best_i;
        for k in (0..slots.len()).rev() {
            let h = layers[k + 1][idx];
            choice[k] = h.cand;
            idx = h.back;
        }
        choice
    }

    /// Confidence of the choice at `k` against its alternatives, with the neighbours fixed
    /// as decoded, and the index of the runner-up.
    fn confidence(&self, slots: &[Slot], best: &[usize], k: usize) -> (f32, Option<usize>) {
        let slot = &slots[k];
        if slot.cands.len() < 2 {
            return (1.0, None);
        }
        let lm = &self.model.lm;
        let w = self.options.lm_weight;
        let sym_at = |i: isize| -> Sym {
            if i < 0 {
                lm::BOS
            } else if (i as usize) < slots.len() {
                slots[i as usize].cands[best[i as usize]].sym
            } else {
                lm::EOS
            }
        };
        let k_i = k as isize;
        let (p2, p1, n1, n2) = (sym_at(k_i - 2), sym_at(k_i - 1), sym_at(k_i + 1), sym_at(k_i + 2));
        let scores: Vec<f32> = slot
            .cands
            .iter()
            .map(|c| {
                let s = c.sym;
                c.logp + w * (lm.trigram(p2, p1, s) + lm.trigram(p1, s, n1) + if k + 1 < slots.len() { lm.trigram(s, n1, n2) } else { 0.0 })
            })
            .collect();
        let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let total: f32 = scores.iter().map(|s| (s - max).exp()).sum();
        let chosen = best[k];
        let conf = (scores[chosen] - max).exp() / total;
        let runner = (0..scores.len()).filter(|&i| i != chosen).max_by(|&a, &b| scores[a].total_cmp(&scores[b]));
        (conf, runner)
    }
}
