#!/usr/bin/env python3
"""Learn the OCR confusion table from aligned (clean, OCR) pairs.

Input: TSVs written by simulate.py (columns clean_segment, ocr_text by name).
Output: src/restore/confusions.tsv (format: see tools/ocrsim/README.md).

Alignment, per pair:
 1. word level -- tokens on whitespace, aligned by dynamic programming whose
    pair cost is a weighted, length-normalised edit distance that treats a
    lost/changed mark (ế~é~e) and common look-alikes (ố~6, á~4, l~1, ệ~¢) as
    cheap; groups are 1:1, 1:2 (OCR split a word), 2:1 (OCR merged two words),
    1:0 (word lost) and 0:1 (junk token);
 2. character level inside each aligned group (lower-cased): a clean char
    becomes "", one char or two chars (ủ -> "ti", ư -> "u'"); remaining OCR
    chars are insertions after the previous clean char.
Groups whose normalised distance exceeds --max-dist are not used for the char
counts (they are mostly misalignments), but they count against accuracy.

--compare LABEL=OCR_FILE:GOLD_FILE (repeatable) aligns a line-aligned real
OCR/gold pair the same way and prints its statistics next to the simulated
ones; such pairs never enter the table.  --exclude FILE drops every pair whose
clean segment occurs in FILE (guards the held-out set fixtures/simulated/).
Deterministic: output is sorted.
"""

import argparse
import collections
import csv
import glob
import os
import sys
import unicodedata

DEL = "∅"        # empty OCR string (deletion)
SPACE = "␣"      # a space character in a field
LINE_START = "^"  # "previous clean char" of an insertion at the start of a segment

# OCR char -> clean base letters it often stands for (besides itself).
LOOKALIKE = {
    "6": "o", "0": "o", "9": "o", "8": "o", "§": "o", ")": "o", "(": "o", "@": "oae",
    "4": "a", "3": "a", "&": "oea", "¢": "e", "€": "e", "£": "e", "é": "oa", "d": "ao",
    "1": "li", "!": "li", "|": "li", "l": "i", "i": "lua", "t": "iu",
    "y": "u", "w": "u", "5": "s", "$": "s", "2": "z≥", "7": "t",
    ">": "≥", "=": "≥≤", "<": "≤",
}

PUNCT = set(".,;:!?()[]{}\"'“”‘’«»-–—…/*")


def base(ch):
    """Lower-case letter without any mark (đ -> d, ơ -> o)."""
    ch = ch.lower()
    if ch == "đ":
        return "d"
    d = unicodedata.normalize("NFD", ch)
    return "".join(c for c in d if not unicodedata.combining(c)) or ch


_base_cache = {}


def b(ch):
    r = _base_cache.get(ch)
    if r is None:
        r = _base_cache[ch] = base(ch)
    return r


def subcost(c, x):
    if c == x:
        return 0.0
    cl, xl = c.lower(), x.lower()
    if cl == xl:
        return 0.05
    bc, bx = b(cl), b(xl)
    if bc == bx:
        return 0.25
    if bc in LOOKALIKE.get(xl, ""):
        return 0.5
    if not bc.isalnum() and not bx.isalnum():
        return 0.6     # one symbol read as another
    return 1.0


def expcost(c, x, y):
    """Cost of clean char c becoming the two OCR chars x y."""
    return 0.9 + 0.5 * min(subcost(c, x), subcost(c, y))


_dist_cache = {}


def wdist(a, o):
    """Weighted edit distance (sub/del/ins/1:2), normalised to [0, ~1]."""
    key = (a, o)
    r = _dist_cache.get(key)
    if r is not None:
        return r
    n, m = len(a), len(o)
    if n == 0 or m == 0:
        r = 1.0
    else:
        prev2 = None
        prev = [float(j) for j in range(m + 1)]
        for i in range(1, n + 1):
            cur = [float(i)] + [0.0] * m
            ai = a[i - 1]
            for j in range(1, m + 1):
                v = prev[j - 1] + subcost(ai, o[j - 1])
                t = prev[j] + 1.0
                if t < v:
                    v = t
                t = cur[j - 1] + 1.0
                if t < v:
                    v = t
                if j >= 2:
                    t = prev[j - 2] + expcost(ai, o[j - 2], o[j - 1])
                    if t < v:
                        v = t
                cur[j] = v
            prev2, prev = prev, cur
        r = prev[m] / max(n, m)
    if len(_dist_cache) > 500000:
        _dist_cache.clear()
    _dist_cache[key] = r
    return r


INDEL = 0.7
SPLITMERGE = 0.25
BAND = 6


def align_words(C, O):
    """Return list of groups (ci, cj, oi, oj, dist): clean C[ci:cj] ~ OCR O[oi:oj]."""
    n, m = len(C), len(O)
    INF = float("inf")
    D = [[INF] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    D[0][0] = 0.0
    shift = m - n
    for i in range(n + 1):
        lo = max(0, i + min(0, shift) - BAND)
        hi = min(m, i + max(0, shift) + BAND)
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, bk = INF, None
            if i >= 1 and j >= 1 and D[i - 1][j - 1] < INF:
                d = wdist(C[i - 1], O[j - 1])
                t = D[i - 1][j - 1] + d
                if t < best:
                    best, bk = t, (1, 1, d)
            if i >= 1 and D[i - 1][j] < INF:
                t = D[i - 1][j] + INDEL
                if t < best:
                    best, bk = t, (1, 0, 1.0)
            if j >= 1 and D[i][j - 1] < INF:
                t = D[i][j - 1] + INDEL
                if t < best:
                    best, bk = t, (0, 1, 1.0)
            if i >= 1 and j >= 2 and D[i - 1][j - 2] < INF:
                d = wdist(C[i - 1], O[j - 2] + O[j - 1])
                t = D[i - 1][j - 2] + d + SPLITMERGE
                if t < best:
                    best, bk = t, (1, 2, d)
            if i >= 2 and j >= 1 and D[i - 2][j - 1] < INF:
                d = wdist(C[i - 2] + C[i - 1], O[j - 1])
                t = D[i - 2][j - 1] + d + SPLITMERGE
                if t < best:
                    best, bk = t, (2, 1, d)
            D[i][j] = best
            back[i][j] = bk
    if D[n][m] == INF:  # band too narrow (very different lengths): fall back
        return [(0, n, 0, m, 1.0)]
    groups = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj, d = back[i][j]
        groups.append((i - di, i, j - dj, j, d))
        i, j = i - di, j - dj
    groups.reverse()
    return groups


def align_chars(a, o):
    """Char alignment of clean a with OCR o (both lower-cased).

    Returns a list of (clean_char or None, ocr_string); None = insertion."""
    n, m = len(a), len(o)
    INF = float("inf")
    D = [[INF] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    D[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, bk = INF, None
            if i and j:
                t = D[i - 1][j - 1] + subcost(a[i - 1], o[j - 1])
                if t < best:
                    best, bk = t, (1, 1)
            if i:
                t = D[i - 1][j] + 1.0
                if t < best:
                    best, bk = t, (1, 0)
            if j:
                t = D[i][j - 1] + 1.0
                if t < best:
                    best, bk = t, (0, 1)
            if i and j >= 2:
                t = D[i - 1][j - 2] + expcost(a[i - 1], o[j - 2], o[j - 1])
                if t < best:
                    best, bk = t, (1, 2)
            D[i][j] = best
            back[i][j] = bk
    out = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = back[i][j]
        out.append((a[i - 1] if di else None, o[j - dj:j]))
        i, j = i - di, j - dj
    out.reverse()
    return out


def strip_punct(tok):
    i, k = 0, len(tok)
    while i < k and tok[i] in PUNCT:
        i += 1
    while k > i and tok[k - 1] in PUNCT:
        k -= 1
    return tok[:i], tok[i:k], tok[k:]


def is_syllable(s):
    return bool(s) and all(ch.isalpha() for ch in s)


def word_pair(ctok, otok):
    """(clean syllable, OCR core) for the word table, or None."""
    lead, core, trail = strip_punct(ctok.lower())
    if not is_syllable(core):
        return None
    o = otok.lower()
    if lead and o.startswith(lead):
        o = o[len(lead):]
    if trail and o.endswith(trail):
        o = o[:-len(trail)]
    elif trail:
        while o and o[-1] in PUNCT:
            o = o[:-1]
    return core, o


class Stats:
    def __init__(self):
        self.char = collections.Counter()   # (clean_char, ocr_str) -> n
        self.ins = collections.Counter()    # (prev_clean_char, inserted) -> n
        self.word = collections.Counter()   # (clean, ocr) -> n
        self.pairs = 0
        self.chars = 0          # clean non-space chars
        self.kept = 0           # ... OCR'd as exactly the same char (case-sensitive)
        self.kept_ci = 0        # ... same char ignoring case
        self.marked = 0         # clean letters carrying a mark or đ
        self.marked_kept = 0
        self.groups = collections.Counter()
        self.skipped = 0        # groups too distant for char counts

    def add(self, clean, ocr):
        self.pairs += 1
        C, O = clean.split(), ocr.split()
        groups = align_words(C, O) if C and O else [(0, len(C), 0, len(O), 1.0)]
        prev_group_end = None
        for (ci, cj, oi, oj, d) in groups:
            kind = f"{cj - ci}:{oj - oi}"
            self.groups[kind] += 1
            cw = " ".join(C[ci:cj])
            ow = " ".join(O[oi:oj])
            # the space between two clean words that landed in different groups
            if cj > ci:
                if prev_group_end is not None and prev_group_end == ci and ci > 0 and oj > oi:
                    self.char[(" ", " ")] += 1
                if oj > oi:
                    prev_group_end = cj
                else:
                    prev_group_end = None
            for ch in cw:
                if not ch.isspace():
                    self.chars += 1
                    if ch.lower() != b(ch):
                        self.marked += 1
            if cj == ci:        # junk OCR token: insertion after the previous clean char
                prev = C[ci - 1][-1].lower() if ci > 0 else LINE_START
                self.ins[(prev, ow.lower())] += 1
                continue
            if oj == oi:        # clean word(s) lost
                for k in range(ci, cj):
                    wp = word_pair(C[k], "")
                    if wp:
                        self.word[(wp[0], DEL)] += 1
                continue
            if kind == "1:1":
                wp = word_pair(cw, ow)
                if wp:
                    self.word[wp] += 1
            # char alignment on original case, for the accuracy figures
            use = d <= self.max_dist
            if not use:
                self.skipped += 1
            al = align_chars(cw, ow)
            prev = C[ci - 1][-1].lower() if ci > 0 else LINE_START
            for c, x in al:
                if c is not None:
                    if not c.isspace():
                        if x == c:
                            self.kept += 1
                        if x.lower() == c.lower():
                            self.kept_ci += 1
                            if c.lower() != b(c):
                                self.marked_kept += 1
                    if use:
                        self.char[(c.lower(), x.lower())] += 1
                    prev = c.lower()
                elif use:
                    self.ins[(prev, x.lower())] += 1

    def summary(self):
        acc = self.kept / max(1, self.chars)
        acc_ci = self.kept_ci / max(1, self.chars)
        macc = self.marked_kept / max(1, self.marked)
        return (f"{self.pairs} pairs, {self.chars} clean chars: kept exactly {acc:.3f} "
                f"(ignoring case {acc_ci:.3f}); marked letters kept {macc:.3f} of {self.marked}; "
                f"groups {dict(self.groups.most_common())}; {self.skipped} groups too distant")


def top_confusions(st, chars, k=4):
    by = collections.defaultdict(collections.Counter)
    for (c, x), n in st.char.items():
        by[c][x] += n
    lines = []
    for c in chars:
        tot = sum(by[c].values())
        if not tot:
            lines.append(f"  {c}: -")
            continue
        parts = [f"{(x or DEL)} {n / tot:.2f}" for x, n in by[c].most_common(k)]
        lines.append(f"  {c} ({tot}): " + ", ".join(parts))
    return lines


def read_tsv_pairs(path, sources=None):
    with open(path, encoding="utf-8", newline="") as fh:
        r = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        head = next(r)
        ic, io = head.index("clean_segment"), head.index("ocr_text")
        isrc = head.index("source_line_no") if "source_line_no" in head else None
        for row in r:
            if len(row) > max(ic, io):
                if sources is not None and isrc is not None:
                    sources[row[isrc].rsplit(":", 1)[0]] += 1
                yield row[ic], row[io]


def read_line_pairs(ocr_path, gold_path):
    with open(ocr_path, encoding="utf-8") as f1, open(gold_path, encoding="utf-8") as f2:
        o, g = f1.read().split("\n"), f2.read().split("\n")
    n = min(len(o), len(g))
    for k in range(n):
        go, oo = g[k].strip(), o[k].strip()
        if go and oo:
            yield unicodedata.normalize("NFC", go), oo


def field(s):
    if s == "":
        return DEL
    return s.replace(" ", SPACE)


def write_table(st, path, head, min_word):
    lines = []
    for (c, x), n in sorted(st.char.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        lines.append(f"char\t{field(c)}\t{field(x)}\t{n}")
    for (p, x), n in sorted(st.ins.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        if n >= 2:
            lines.append(f"ins\t{field(p)}\t{field(x)}\t{n}")
    while True:
        wl = [f"word\t{field(c)}\t{field(x)}\t{n}"
              for (c, x), n in sorted(st.word.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
              if n >= min_word]
        text = head + "\n".join(lines + wl) + "\n"
        if len(text.encode("utf-8")) < 300_000:
            break
        min_word += 1
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return len(text.encode("utf-8")), min_word, len(lines), len(wl)


SHOW = "aáàảãạăắằẳẵặâấầẩẫậđeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵl"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs", nargs="*", help="pair TSVs from simulate.py (globs allowed)")
    ap.add_argument("--out", help="confusion table to write (src/restore/confusions.tsv)")
    ap.add_argument("--exclude", action="append", default=[],
                    help="text file whose lines must never be learned from; "
                         "fixtures/simulated/gold.txt is always excluded")
    ap.add_argument("--compare", action="append", default=[],
                    help="LABEL=OCR_FILE:GOLD_FILE line-aligned real pair, report only")
    ap.add_argument("--min-word", type=int, default=2)
    ap.add_argument("--max-dist", type=float, default=0.6)
    ap.add_argument("--show", action="store_true", help="print top confusions per letter")
    args = ap.parse_args()

    excluded = set()
    default_heldout = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                   "..", "..", "fixtures", "simulated", "gold.txt")
    if os.path.exists(default_heldout):
        args.exclude.append(default_heldout)
    for path in args.exclude:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = unicodedata.normalize("NFC", line).strip()
                if line:
                    excluded.add(" ".join(line.split()))

    files = []
    for pat in args.pairs:
        hits = sorted(glob.glob(pat))
        if not hits:
            sys.exit(f"no such input: {pat}")
        files.extend(hits)

    def held_out(seg):
        # A whole held-out line, or a piece of one of >= 12 chars (short generic
        # segments such as "1. Mục đích" occur everywhere and are no leak).
        seg = " ".join(seg.split())
        if seg in excluded:
            return True
        return len(seg) >= 12 and any(seg in line for line in excluded)

    sim = Stats()
    sim.max_dist = args.max_dist
    dropped = 0
    sources = collections.Counter()
    for path in files:
        for clean, ocr in read_tsv_pairs(path, sources):
            if held_out(clean):
                dropped += 1
                continue
            sim.add(clean, ocr)
    if files:
        print(f"simulated: {sim.summary()}", file=sys.stderr)
        if dropped:
            print(f"  dropped {dropped} held-out pairs", file=sys.stderr)
        if args.show:
            print("\n".join(top_confusions(sim, SHOW)), file=sys.stderr)

    for spec in args.compare:
        label, _, rest = spec.partition("=")
        ocr_path, _, gold_path = rest.partition(":")
        real = Stats()
        real.max_dist = args.max_dist
        for clean, ocr in read_line_pairs(ocr_path, gold_path):
            real.add(clean, ocr)
        print(f"{label}: {real.summary()}", file=sys.stderr)
        if args.show:
            print("\n".join(top_confusions(real, SHOW)), file=sys.stderr)

    if args.out:
        if not files:
            sys.exit("--out needs pair TSVs")
        names = " ".join(os.path.basename(f) for f in files)
        head = (f"# generated by tools/ocrsim/learn.py from {names} "
                f"({sim.pairs} simulated line images of {' '.join(sorted(sources))}); do not edit\n"
                f"# sections char/ins/word, TAB-separated; format: tools/ocrsim/README.md\n")
        size, mw, nc, nw = write_table(sim, args.out, head, args.min_word)
        print(f"wrote {args.out}: {size} bytes, {nc} char/ins rows, {nw} word rows "
              f"(word pairs seen >= {mw} times)", file=sys.stderr)


if __name__ == "__main__":
    main()
