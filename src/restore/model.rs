//! The restoration model: the language model, an index from a syllable's unmarked
//! skeleton to the syllables that have it, and a trie of all syllables, for candidate
//! generation.

use super::lm::{LanguageModel, Sym, FIRST_WORD};
use crate::vn;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The model trained from `corpus/` by the build script.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"));

/// Language model and candidate indexes, shared read-only between threads.
#[derive(Debug)]
pub struct Model {
    /// The syllable trigram model.
    pub lm: LanguageModel,
    /// Unmarked skeleton (`nghiep`) → syllables (`nghiệp`, `nghiếp`).
    by_skeleton: HashMap<String, Vec<Sym>>,
    /// All syllables as a trie of lower-case letters, for the channel's fuzzy search.
    pub trie: Trie,
}

/// A trie of syllables. Node 0 is the root.
#[derive(Debug, Default)]
pub struct Trie {
    /// Per node: (letter index into `letters`, child) pairs.
    pub children: Vec<Vec<(u8, u32)>>,
    /// The letters on the edges.
    pub letters: Vec<char>,
    /// Per node: the syllable ending here.
    pub terminal: Vec<Option<Sym>>,
}

impl Trie {
    fn insert(&mut self, word: &str, sym: Sym) {
        if self.children.is_empty() {
            self.children.push(Vec::new());
            self.terminal.push(None);
            self.letters = vn::letters().to_vec();
        }
        let mut node = 0usize;
        for c in word.chars() {
            // Edges are labelled with the letter's index in `vn::letters()`, so that the
            // channel can keep emission columns per printed character for every model.
            let Some(li) = vn::letter_index(c) else { return };
            let li = li as u8;
            let next = match self.children[node].iter().find(|(k, _)| *k == li) {
                Some(&(_, n)) => n as usize,
                None => {
                    let n = self.children.len();
                    self.children.push(Vec::new());
                    self.terminal.push(None);
                    self.children[node].push((li, n as u32));
                    n
                }
            };
            node = next;
        }
        self.terminal[node] = Some(sym);
    }
}

impl Model {
    /// Wraps a trained language model and builds the indexes.
    pub fn new(lm: LanguageModel) -> Model {
        let mut by_skeleton: HashMap<String, Vec<Sym>> = HashMap::new();
        let mut trie = Trie::default();
        for s in FIRST_WORD..lm.len() as Sym {
            trie.insert(lm.word(s), s);
            // Scans print either tone placement (`hóa`, `hoá`): the channel must see both.
            if let Some(alt) = vn::new_style(lm.word(s)) {
                trie.insert(&alt, s);
            }
            by_skeleton.entry(vn::strip_marks(lm.word(s))).or_default().push(s);
        }
        Model {
            lm,
            by_skeleton,
            trie,
        }
    }

    /// The model embedded in the crate, loaded once.
    pub fn embedded() -> Arc<Model> {
        static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                let lm = LanguageModel::from_bytes(EMBEDDED).unwrap_or_default();
                Arc::new(Model::new(lm))
            })
            .clone()
    }

    /// Syllables whose unmarked form is `skeleton`.
    pub fn with_skeleton(&self, skeleton: &str) -> &[Sym] {
        self.by_skeleton.get(skeleton).map(Vec::as_slice).unwrap_or(&[])
    }
}
