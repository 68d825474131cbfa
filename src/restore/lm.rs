//! A syllable trigram language model with interpolated modified Kneser-Ney smoothing
//! (Chen & Goodman 1998), stored in backoff form so that a lookup is at most three hash
//! probes.
//!
//! This file depends on `std` only: the build script includes it to train the embedded
//! model from `corpus/`, and the library uses the same code to load it (and to train
//! leave-one-out models in the benchmark).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Symbol id. Ids below [`FIRST_WORD`] are classes, the rest are syllables.
pub type Sym = u32;
/// Start of a block of text.
pub const BOS: Sym = 0;
/// End of a block.
pub const EOS: Sym = 1;
/// A word that is not a Vietnamese syllable (abbreviation, code, Latin word).
pub const OTHER: Sym = 2;
/// A number.
pub const NUM: Sym = 3;
/// A punctuation mark.
pub const PUNCT: Sym = 4;
/// The first syllable id.
pub const FIRST_WORD: Sym = 5;
const CLASS_NAMES: [&str; 5] = ["<s>", "</s>", "<other>", "<num>", "<p>"];

/// A fast hasher for the packed n-gram keys (they are already well mixed by the packing).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100000001b3);
        }
    }
    fn write_u64(&mut self, x: u64) {
        // murmur3 finaliser
        let mut z = x ^ (x >> 33);
        z = z.wrapping_mul(0xff51afd7ed558ccd);
        z ^= z >> 33;
        z = z.wrapping_mul(0xc4ceb9fe1a85ec53);
        self.0 = z ^ (z >> 33);
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

fn key2(a: Sym, b: Sym) -> u64 {
    ((a as u64) << 21) | b as u64
}

fn key3(a: Sym, b: Sym, c: Sym) -> u64 {
    ((a as u64) << 42) | ((b as u64) << 21) | c as u64
}

/// The trained model.
#[derive(Clone, Debug, Default)]
pub struct LanguageModel {
    words: Vec<String>,
    index: HashMap<String, Sym>,
    /// ln P(w) per symbol.
    uni: Vec<f32>,
    /// ln backoff weight of the one-symbol history.
    uni_bo: Vec<f32>,
    /// ln P(w | v) for seen bigrams, and ln backoff weight of (v, w) as a history.
    bi: KeyMap<(f32, f32)>,
    /// ln P(w | u v) for seen trigrams.
    tri: KeyMap<f32>,
    /// Per symbol: ln P(written capitalised | syllable), away from sentence starts.
    caps: Vec<f32>,
}

/// Counts gathered from symbol sequences, before smoothing.
#[derive(Default)]
pub struct Counter {
    tri: KeyMap<u32>,
}

impl Counter {
    /// Adds one sequence (without BOS/EOS: they are added here).
    pub fn add(&mut self, seq: &[Sym]) {
        let mut u = BOS;
        let mut v = BOS;
        for &w in seq.iter().chain(std::iter::once(&EOS)) {
            *self.tri.entry(key3(u, v, w)).or_insert(0) += 1;
            u = v;
            v = w;
        }
    }
}

/// Modified Kneser-Ney discounts D1, D2, D3+ from count-of-counts.
fn discounts(counts: impl Iterator<Item = u32>) -> [f64; 3] {
    let mut n = [0f64; 5];
    for c in counts {
        if (1..=4).contains(&c) {
            n[c as usize] += 1.0;
        }
    }
    if n[1] == 0.0 || n[2] == 0.0 || n[3] == 0.0 || n[4] == 0.0 {
        return [0.5, 1.0, 1.5];
    }
    let y = n[1] / (n[1] + 2.0 * n[2]);
    let d = [1.0 - 2.0 * y * n[2] / n[1], 2.0 - 3.0 * y * n[3] / n[2], 3.0 - 4.0 * y * n[4] / n[3]];
    [d[0].clamp(0.05, 0.95), d[1].clamp(0.1, 1.9), d[2].clamp(0.2, 2.9)]
}

fn discount(d: &[f64; 3], c: u32) -> f64 {
    match c {
        0 => 0.0,
        1 => d[0],
        2 => d[1],
        _ => d[2],
    }
}

/// Per-history totals needed for the interpolation weight γ.
#[derive(Default, Clone, Copy)]
struct HistoryStats {
    total: f64,
    n: [f64; 3],
}

impl HistoryStats {
    fn add(&mut self, c: u32) {
        self.total += c as f64;
        self.n[(c.min(3) - 1) as usize] += 1.0;
    }
    fn gamma(&self, d: &[f64; 3]) -> f64 {
        (d[0] * self.n[0] + d[1] * self.n[1] + d[2] * self.n[2]) / self.total
    }
}

impl LanguageModel {
    /// Trains a model. `words` names the syllable symbols from [`FIRST_WORD`] on (its
    /// first five entries are ignored: they are the class names); `vocabulary_size` is the
    /// number of symbols the unigram spreads its floor mass over (the syllable inventory,
    /// attested or not).
    pub fn train(words: Vec<String>, counter: &Counter) -> LanguageModel {
        let n_sym = words.len().max(FIRST_WORD as usize);
        // Bigram and unigram levels use continuation counts (distinct left neighbours).
        let mut bi_cont: KeyMap<u32> = KeyMap::default();
        let mut bi_raw_bos: KeyMap<u32> = KeyMap::default();
        for (&k, &c) in &counter.tri {
            let (u, v, w) = ((k >> 42) as Sym, ((k >> 21) & 0x1F_FFFF) as Sym, (k & 0x1F_FFFF) as Sym);
            *bi_cont.entry(key2(v, w)).or_insert(0) += 1;
            // A bigram starting at BOS has no left neighbour: use its raw count.
            if u == BOS && v == BOS {
                *bi_raw_bos.entry(key2(v, w)).or_insert(0) += c;
            }
        }
        for (k, c) in bi_raw_bos {
            bi_cont.insert(k, c);
        }
        let mut uni_cont = vec![0u32; n_sym];
        for &k in bi_cont.keys() {
            let w = (k & 0x1F_FFFF) as usize;
            if w < n_sym {
                uni_cont[w] += 1;
            }
        }

        let d3 = discounts(counter.tri.values().copied());
        let d2 = discounts(bi_cont.values().copied());
        let d1 = discounts(uni_cont.iter().copied());

        // Unigram: discounted continuation counts, interpolated with a uniform floor.
        let uni_total: f64 = uni_cont.iter().map(|&c| c as f64).sum::<f64>().max(1.0);
        let uni_types = uni_cont.iter().filter(|&&c| c > 0).count() as f64;
        let mut uni_stats = HistoryStats::default();
        for &c in &uni_cont {
            if c > 0 {
                uni_stats.add(c);
            }
        }
        let uni_gamma = if uni_types > 0.0 { uni_stats.gamma(&d1) } else { 1.0 };
        let predictable = (n_sym - 1) as f64; // every symbol but BOS
        let mut uni = vec![0f32; n_sym];
        for (w, p) in uni.iter_mut().enumerate() {
            let c = uni_cont[w];
            let prob = if w as Sym == BOS {
                1e-9
            } else {
                (c as f64 - discount(&d1, c)).max(0.0) / uni_total + uni_gamma / predictable
            };
            *p = prob.ln() as f32;
        }

        // Bigram level.
        let mut bi_hist: HashMap<Sym, HistoryStats> = HashMap::new();
        for (&k, &c) in &bi_cont {
            bi_hist.entry((k >> 21) as Sym).or_default().add(c);
        }
        let mut uni_bo = vec![0f32; n_sym];
        for (&v, st) in &bi_hist {
            if (v as usize) < n_sym {
                uni_bo[v as usize] = st.gamma(&d2).ln() as f32;
            }
        }
        let mut bi: KeyMap<(f32, f32)> = KeyMap::default();
        for (&k, &c) in &bi_cont {
            let v = (k >> 21) as Sym;
            let w = (k & 0x1F_FFFF) as usize;
            let st = &bi_hist[&v];
            let lower = (uni_bo[v as usize] as f64).exp() * (uni.get(w).copied().unwrap_or(-30.0) as f64).exp();
            let p = (c as f64 - discount(&d2, c)).max(0.0) / st.total + lower;
            bi.insert(k, (p.ln() as f32, 0.0));
        }

        // Trigram level, from raw counts.
        let mut tri_hist: KeyMap<HistoryStats> = KeyMap::default();
        for (&k, &c) in &counter.tri {
            tri_hist.entry(k >> 21).or_default().add(c);
        }
        for (&h, st) in &tri_hist {
            let g = st.gamma(&d3).ln() as f32;
            bi.entry(h).or_insert((f32::NAN, 0.0)).1 = g;
        }
        let mut lm = LanguageModel::assemble(words, uni, uni_bo, bi, KeyMap::default(), Vec::new());
        let mut tri = KeyMap::default();
        for (&k, &c) in &counter.tri {
            let h = k >> 21;
            let st = &tri_hist[&h];
            let (v, w) = (((k >> 21) & 0x1F_FFFF) as Sym, (k & 0x1F_FFFF) as Sym);
            let lower = (lm.bigram(v, w) as f64).exp();
            let gamma = (lm.bi[&h].1 as f64).exp();
            let p = (c as f64 - discount(&d3, c)).max(0.0) / st.total + gamma * lower;
            tri.insert(k, p.ln() as f32);
        }
        lm.tri = tri;
        lm
    }

    /// A model from its tables, with the word index built.
    fn assemble(words: Vec<String>, uni: Vec<f32>, uni_bo: Vec<f32>, bi: KeyMap<(f32, f32)>, tri: KeyMap<f32>, caps: Vec<f32>) -> LanguageModel {
        let index = words.iter().enumerate().skip(FIRST_WORD as usize).map(|(i, w)| (w.clone(), i as Sym)).collect();
        LanguageModel { words, index, uni, uni_bo, bi, tri, caps }
    }

    /// ln P(w | v).
    pub fn bigram(&self, v: Sym, w: Sym) -> f32 {
        match self.bi.get(&key2(v, w)) {
            Some(&(p, _)) if !p.is_nan() => p,
            _ => self.uni_bo.get(v as usize).copied().unwrap_or(0.0) + self.unigram(w),
        }
    }

    /// ln P(w).
    pub fn unigram(&self, w: Sym) -> f32 {
        self.uni.get(w as usize).copied().unwrap_or(-30.0)
    }

    /// ln P(w | u v) if the trigram was seen; otherwise the caller backs off with
    /// [`LanguageModel::backoff`] and [`LanguageModel::bigram`] (the decoder shares those
    /// between hypotheses).
    pub fn seen_trigram(&self, u: Sym, v: Sym, w: Sym) -> Option<f32> {
        self.tri.get(&key3(u, v, w)).copied()
    }

    /// ln of the backoff weight of the history (u, v).
    pub fn backoff(&self, u: Sym, v: Sym) -> f32 {
        self.bi.get(&key2(u, v)).map(|&(_, g)| g).unwrap_or(0.0)
    }

    /// ln P(w | u v).
    pub fn trigram(&self, u: Sym, v: Sym, w: Sym) -> f32 {
        if let Some(&p) = self.tri.get(&key3(u, v, w)) {
            return p;
        }
        let bo = self.bi.get(&key2(u, v)).map(|&(_, g)| g).unwrap_or(0.0);
        bo + self.bigram(v, w)
    }

    /// Sets the capitalisation model from counts per symbol: (times capitalised away from
    /// a sentence start, times seen away from a sentence start). Smoothed towards the
    /// overall rate, so an unseen syllable gets that rate.
    pub fn set_caps(&mut self, counts: &[(u32, u32)]) {
        let (cap, all) = counts.iter().fold((0f64, 0f64), |(c, a), &(x, y)| (c + x as f64, a + y as f64));
        let prior = if all > 0.0 { (cap / all).clamp(0.01, 0.5) } else { 0.1 };
        let k = 2.0;
        self.caps = (0..self.words.len())
            .map(|i| {
                let (c, a) = counts.get(i).copied().unwrap_or((0, 0));
                (((c as f64) + k * prior) / ((a as f64) + k)).ln() as f32
            })
            .collect();
    }

    /// ln P(written capitalised | syllable) and ln P(written in lower case | syllable),
    /// away from sentence starts.
    pub fn case_logp(&self, s: Sym) -> (f32, f32) {
        let c = self.caps.get(s as usize).copied().unwrap_or(-2.3);
        (c, (1.0 - c.exp()).max(1e-6).ln())
    }

    /// The symbol of a lower-case syllable, if the model knows it.
    pub fn symbol(&self, word: &str) -> Option<Sym> {
        self.index.get(word).copied()
    }

    /// The text of a symbol (class names for the classes).
    pub fn word(&self, s: Sym) -> &str {
        if s < FIRST_WORD {
            return CLASS_NAMES[s as usize];
        }
        self.words.get(s as usize).map(String::as_str).unwrap_or("")
    }

    /// Number of symbols.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True for a model without symbols.
    pub fn is_empty(&self) -> bool {
        self.words.len() <= FIRST_WORD as usize
    }

    /// Number of (bigram, trigram) entries.
    pub fn sizes(&self) -> (usize, usize) {
        (self.bi.len(), self.tri.len())
    }

    /// Serialises the model (little-endian, sorted, so the bytes are reproducible).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"KHLM2\0");
        put_u32(&mut out, self.words.len() as u32);
        for w in &self.words {
            put_u32(&mut out, w.len() as u32);
            out.extend_from_slice(w.as_bytes());
        }
        for (i, (p, b)) in self.uni.iter().zip(&self.uni_bo).enumerate() {
            put_f32(&mut out, *p);
            put_f32(&mut out, *b);
            put_f32(&mut out, self.caps.get(i).copied().unwrap_or(-2.3));
        }
        let mut bi: Vec<_> = self.bi.iter().collect();
        bi.sort_by_key(|(k, _)| **k);
        put_u32(&mut out, bi.len() as u32);
        for (k, (p, b)) in bi {
            out.extend_from_slice(&k.to_le_bytes());
            put_f32(&mut out, *p);
            put_f32(&mut out, *b);
        }
        let mut tri: Vec<_> = self.tri.iter().collect();
        tri.sort_by_key(|(k, _)| **k);
        put_u32(&mut out, tri.len() as u32);
        for (k, p) in tri {
            out.extend_from_slice(&k.to_le_bytes());
            put_f32(&mut out, *p);
        }
        out
    }

    /// Reads a model written by [`LanguageModel::to_bytes`]; `None` if the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<LanguageModel> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(6)? != b"KHLM2\0" {
            return None;
        }
        let n = r.u32()? as usize;
        let mut words = Vec::with_capacity(n);
        for _ in 0..n {
            let len = r.u32()? as usize;
            words.push(String::from_utf8(r.take(len)?.to_vec()).ok()?);
        }
        let mut uni = Vec::with_capacity(n);
        let mut uni_bo = Vec::with_capacity(n);
        let mut caps = Vec::with_capacity(n);
        for _ in 0..n {
            uni.push(r.f32()?);
            uni_bo.push(r.f32()?);
            caps.push(r.f32()?);
        }
        let nb = r.u32()? as usize;
        let mut bi = KeyMap::with_capacity_and_hasher(nb, Default::default());
        for _ in 0..nb {
            let k = r.u64()?;
            let p = r.f32()?;
            let b = r.f32()?;
            bi.insert(k, (p, b));
        }
        let nt = r.u32()? as usize;
        let mut tri = KeyMap::with_capacity_and_hasher(nt, Default::default());
        for _ in 0..nt {
            let k = r.u64()?;
            tri.insert(k, r.f32()?);
        }
        Some(LanguageModel::assemble(words, uni, uni_bo, bi, tri, caps))
    }
}

fn put_u32(out: &mut Vec<u8>, x: u32) {
    out.extend_from_slice(&x.to_le_bytes());
}

fn put_f32(out: &mut Vec<u8>, x: f32) {
    out.extend_from_slice(&x.to_le_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> LanguageModel {
        let mut words: Vec<String> = CLASS_NAMES.iter().map(|s| s.to_string()).collect();
        for w in ["khoa", "học", "công", "nghệ", "và"] {
            words.push(w.to_string());
        }
        let mut c = Counter::default();
        for _ in 0..3 {
            c.add(&[5, 6, 4, 7, 8]);
            c.add(&[5, 6, 9, 7, 8]);
        }
        c.add(&[7, 8, 9, 5, 6]);
        LanguageModel::train(words, &c)
    }

    #[test]
    fn probabilities_sum_to_one() {
        let lm = toy();
        for (u, v) in [(BOS, BOS), (BOS, 5), (5, 6), (9, 7), (8, 8)] {
            let total: f64 = (1..lm.len() as Sym).map(|w| (lm.trigram(u, v, w) as f64).exp()).sum();
            assert!((total - 1.0).abs() < 1e-3, "history ({u},{v}) sums to {total}");
        }
    }

    #[test]
    fn seen_beats_unseen_and_round_trips() {
        let lm = toy();
        assert!(lm.trigram(BOS, 5, 6) > lm.trigram(BOS, 5, 8));
        let back = LanguageModel::from_bytes(&lm.to_bytes()).unwrap();
        assert_eq!(back.trigram(5, 6, 4), lm.trigram(5, 6, 4));
        assert_eq!(back.symbol("nghệ"), Some(8));
        assert!(LanguageModel::from_bytes(b"nonsense").is_none());
    }
}
