//! Turning clean text into symbol sequences and training the language model.
//!
//! Shared by the build script (which trains the embedded model from `corpus/`) and by
//! the benchmark (which trains leave-one-document-out models).

use super::lm::{self, Counter, LanguageModel, Sym};
use super::tokens::{self, Kind};
use crate::vn;
use std::collections::{BTreeSet, HashMap};

/// The symbol classes of a token, before syllables get ids.
pub enum Item {
    /// A syllable, lower case, old-style tones; and whether it was written capitalised
    /// away from a sentence start (`None` at a sentence start, where case says nothing).
    Syllable(String, Option<bool>),
    /// A class symbol (`lm::OTHER`, `lm::NUM`, `lm::PUNCT`).
    Class(Sym),
}

/// Reads a line the way the model sees it.
pub fn items(line: &str) -> Vec<Item> {
    let toks = tokens::tokenize(line);
    toks.iter()
        .enumerate()
        .map(|(i, t)| match t.kind {
            Kind::Word => match tokens::syllable_form(t.text(line)) {
                Some(s) => {
                    let start = sentence_start(line, &toks, i);
                    let cap = (!start).then(|| vn::case_of(t.text(line)) != vn::Case::Lower);
                    Item::Syllable(s, cap)
                }
                None => Item::Class(lm::OTHER),
            },
            Kind::Number => Item::Class(lm::NUM),
            Kind::Code => Item::Class(lm::OTHER),
            Kind::Punct => Item::Class(lm::PUNCT),
        })
        .collect()
}

/// Whether the word token `i` starts a sentence or an item, where capitals are the rule:
/// the first word of a line, or a word after `.`, `!`, `?`, `:`, a list marker or a quote.
pub fn sentence_start(line: &str, toks: &[tokens::Token], i: usize) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let t = toks[j];
        match t.kind {
            Kind::Punct => {
                let p = t.text(line);
                if matches!(p, "." | "!" | "?" | ":" | "\"" | "“" | "-" | "+" | "–" | "•" | ")" | "(") {
                    return true;
                }
                if p != "," && p != ";" {
                    continue;
                }
                return false;
            }
            // `a)`, `1.`: a marker before the word.
            Kind::Number if j == 0 => return true,
            Kind::Word if j == 0 && t.text(line).chars().count() == 1 => return true,
            _ => return false,
        }
    }
    true
}

/// Blocks of consecutive non-blank lines: the unit the model is trained and decoded on.
pub fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Trains a model on clean texts. The vocabulary is the phonotactic inventory plus every
/// syllable the texts attest, so unseen but possible syllables still get a probability.
pub fn train(texts: &[&str]) -> LanguageModel {
    let mut seqs: Vec<Vec<Item>> = Vec::new();
    let mut attested = BTreeSet::new();
    for text in texts {
        for block in blocks(text) {
            let mut seq = Vec::new();
            for line in block {
                seq.extend(items(line));
            }
            for it in &seq {
                if let Item::Syllable(s, _) = it {
                    attested.insert(s.clone());
                }
            }
            seqs.push(seq);
        }
    }
    let mut vocab: BTreeSet<String> = vn::inventory().into_iter().collect();
    vocab.extend(attested);
    let mut words: Vec<String> = ["<s>", "</s>", "<other>", "<num>", "<p>"].iter().map(|s| s.to_string()).collect();
    words.extend(vocab);
    let index: HashMap<&str, Sym> = words.iter().enumerate().map(|(i, w)| (w.as_str(), i as Sym)).collect();
    let mut counter = Counter::default();
    let mut caps = vec![(0u32, 0u32); words.len()];
    for seq in &seqs {
        let syms: Vec<Sym> = seq
            .iter()
            .map(|it| match it {
                Item::Syllable(s, cap) => {
                    let sym = index.get(s.as_str()).copied().unwrap_or(lm::OTHER);
                    if let Some(cap) = cap {
                        let e = &mut caps[sym as usize];
                        e.0 += *cap as u32;
                        e.1 += 1;
                    }
                    sym
                }
                Item::Class(c) => *c,
            })
            .collect();
        counter.add(&syms);
    }
    let mut model = LanguageModel::train(words.clone(), &counter);
    model.set_caps(&caps);
    model
}
