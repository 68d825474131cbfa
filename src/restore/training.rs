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
    /// A syllable, lower case, old-style tones.
    Syllable(String),
    /// A class symbol (`lm::OTHER`, `lm::NUM`, `lm::PUNCT`).
    Class(Sym),
}

/// Reads a line the way the model sees it.
pub fn items(line: &str) -> Vec<Item> {
    tokens::tokenize(line)
        .iter()
        .map(|t| match t.kind {
            Kind::Word => match tokens::syllable_form(t.text(line)) {
                Some(s) => Item::Syllable(s),
                None => Item::Class(lm::OTHER),
            },
            Kind::Number => Item::Class(lm::NUM),
            Kind::Code => Item::Class(lm::OTHER),
            Kind::Punct => Item::Class(lm::PUNCT),
        })
        .collect()
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
                if let Item::Syllable(s) = it {
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
    for seq in &seqs {
        let syms: Vec<Sym> = seq
            .iter()
            .map(|it| match it {
                Item::Syllable(s) => index.get(s.as_str()).copied().unwrap_or(lm::OTHER),
                Item::Class(c) => *c,
            })
            .collect();
        counter.add(&syms);
    }
    LanguageModel::train(words.clone(), &counter)
}
