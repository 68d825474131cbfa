#!/usr/bin/env python3
"""OCR damage simulator: render clean Vietnamese lines, OCR them with a
non-Vietnamese Tesseract model, write aligned (clean, damaged) pairs.

Each non-blank input line is word-wrapped to 70-90 characters; every wrapped
segment becomes one black-on-white line image (FreeSerif, which has the
Vietnamese glyphs), mildly degraded, then OCR'd with
`tesseract - stdout -l eng|fra|deu --psm 7`.

Output TSV (one row per line image, header first):
    source_line_no model size blur clean_segment ocr_text seg dpi rotation bold noise threshold thin
source_line_no is `<file name>:<1-based line number>`; seg is the 0-based index
of the wrapped segment within that line.

With --ocr-lines FILE the OCR of every input line (its segments joined with a
space) is also written, exactly one output line per input line (blank stays
blank) -- used for the held-out fixture in fixtures/simulated/.

Deterministic: every random choice comes from random.Random seeded with a
string built from --seed and the segment's identity, so the output does not
depend on worker scheduling.  (Tesseract itself is deterministic.)

Examples:
    python3 tools/ocrsim/simulate.py --out /work/ocrsim-out/pairs.tsv \
        --max-images 4500 corpus/prose/*.txt /work/transcribe/*.gold.txt
    python3 tools/ocrsim/simulate.py --fixed --langs eng \
        --out /work/ocrsim-out/heldout.tsv --ocr-lines fixtures/simulated/ocr.txt \
        fixtures/simulated/gold.txt
"""

import argparse
import glob
import io
import multiprocessing as mp
import os
import random
import subprocess
import sys
import unicodedata

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/freefont"
FONT_REGULAR = os.path.join(FONT_DIR, "FreeSerif.ttf")
FONT_BOLD = os.path.join(FONT_DIR, "FreeSerifBold.ttf")

COLUMNS = [
    "source_line_no", "model", "size", "blur", "clean_segment", "ocr_text",
    "seg", "dpi", "rotation", "bold", "noise", "threshold", "thin",
]

# "Middle settings" used by --fixed (held-out evaluation set).
FIXED = dict(size=12.0, dpi=240, blur=0.6, rotation=0.0, bold=False, noise=0, threshold=0,
             thin=0.75)

_font_cache = {}


def font(path, px):
    key = (path, px)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(path, px)
    return _font_cache[key]


def wrap(line, width):
    """Greedy word wrap; words longer than width stay whole."""
    words = line.split()
    segs, cur = [], ""
    for w in words:
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += " " + w
        else:
            segs.append(cur)
            cur = w
    if cur:
        segs.append(cur)
    return segs


def parse_langs(spec):
    out = []
    for part in spec.split(","):
        name, _, w = part.partition(":")
        out.append((name.strip(), float(w) if w else 1.0))
    return out


def choose_params(rng, langs, fixed):
    names = [n for n, _ in langs]
    weights = [w for _, w in langs]
    model = rng.choices(names, weights)[0]
    if fixed:
        return dict(FIXED, model=model)
    size = rng.choice([10.0, 10.5, 11.0, 11.5, 12.0, 12.5, 13.0, 13.5, 14.0])
    dpi = rng.choice([200, 200, 240, 300])
    blur = 0.0 if rng.random() < 0.15 else round(rng.uniform(0.2, 1.2), 2)
    rotation = round(rng.uniform(-0.5, 0.5), 2)
    bold = rng.random() < 0.12
    noise = rng.choice([0, 0, 8, 16, 24])
    # Stroke thinning (light ink / over-exposed scan): blend of the image with
    # its 3x3 erosion.  Thin marks then fade before the letters do, which makes
    # Tesseract drop marks (á -> a) as on the real scans instead of reading an
    # acute on a as d (FreeSerif's clean renders do that far more often).
    thin = rng.choice([0.0, 0.5, 0.6, 0.75])
    # A hard threshold (binarised scan) only on unthinned images: thinned
    # strokes are grey and a fixed threshold would wipe them out.
    threshold = rng.choice([0, 120, 140, 160]) if thin == 0 else 0
    return dict(model=model, size=size, dpi=dpi, blur=blur, rotation=rotation,
                bold=bold, noise=noise, threshold=threshold, thin=thin)


def render(text, p, rng):
    px = max(8, round(p["size"] * p["dpi"] / 72.0))
    f = font(FONT_BOLD if p["bold"] else FONT_REGULAR, px)
    left, top, right, bottom = f.getbbox(text)
    # Use the font's full line height so marks above capitals are never cut.
    asc, desc = f.getmetrics()
    m = max(10, px // 2)
    w = right - left + 2 * m
    h = asc + desc + 2 * m
    img = Image.new("L", (w, h), 255)
    ImageDraw.Draw(img).text((m - left, m), text, font=f, fill=0)
    if p["thin"]:
        img = Image.blend(img, img.filter(ImageFilter.MaxFilter(3)), p["thin"])
    if p["rotation"]:
        img = img.rotate(p["rotation"], resample=Image.BICUBIC, expand=True, fillcolor=255)
    if p["blur"]:
        img = img.filter(ImageFilter.GaussianBlur(p["blur"]))
    if p["noise"]:
        a = p["noise"]
        raw = rng.randbytes(img.size[0] * img.size[1])
        nz = Image.frombytes("L", img.size, raw).point(lambda v: v * 2 * a // 255)
        img = ImageChops.add(img, nz, scale=1.0, offset=-a)
    if p["threshold"]:
        t = p["threshold"]
        img = img.point(lambda v: 255 if v > t else 0)
    return img


def ocr(img, model, dpi):
    bio = io.BytesIO()
    img.save(bio, "PNG")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    res = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", model, "--psm", "7", "--dpi", str(dpi)],
        input=bio.getvalue(), capture_output=True, env=env, check=False)
    if res.returncode != 0:
        raise RuntimeError("tesseract failed: " + res.stderr.decode("utf-8", "replace"))
    text = res.stdout.decode("utf-8", "replace")
    return " ".join(text.replace("\x0c", " ").split())


def work(job):
    (src, lineno, seg, text, seed, langs, fixed, save_dir) = job
    rng = random.Random(f"{seed}|{src}|{lineno}|{seg}")
    p = choose_params(rng, langs, fixed)
    img = render(text, p, rng)
    out = ocr(img, p["model"], p["dpi"])
    if save_dir:
        img.save(os.path.join(save_dir, f"{src}.{lineno}.{seg}.png"))
    return (f"{src}:{lineno}", p["model"], f"{p['size']:g}", f"{p['blur']:g}", text, out,
            str(seg), str(p["dpi"]), f"{p['rotation']:g}", "1" if p["bold"] else "0",
            str(p["noise"]), str(p["threshold"]), f"{p['thin']:g}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", help="clean UTF-8 text files (globs allowed)")
    ap.add_argument("--out", required=True, help="TSV of pairs to write")
    ap.add_argument("--ocr-lines", help="also write the OCR of each input line, one per line")
    ap.add_argument("--max-images", type=int, default=0,
                    help="simulate at most this many segments (seeded sample); 0 = all")
    ap.add_argument("--langs", default="eng:0.7,fra:0.15,deu:0.15",
                    help="tesseract models with weights (default eng:0.7,fra:0.15,deu:0.15)")
    ap.add_argument("--seed", default="ocrsim-1")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--wrap-min", type=int, default=70)
    ap.add_argument("--wrap-max", type=int, default=90)
    ap.add_argument("--fixed", action="store_true",
                    help="middle settings for every image (12 pt, 240 dpi, blur 0.6, thin 0.75, "
                         "no rotation/noise/threshold)")
    ap.add_argument("--save-images", help="directory to save the rendered PNGs into")
    args = ap.parse_args()

    files = []
    for pat in args.inputs:
        hits = sorted(glob.glob(pat))
        if not hits:
            sys.exit(f"no such input: {pat}")
        files.extend(hits)
    if args.ocr_lines and len(files) != 1:
        sys.exit("--ocr-lines needs exactly one input file")
    langs = parse_langs(args.langs)
    if args.save_images:
        os.makedirs(args.save_images, exist_ok=True)

    jobs = []
    line_segs = []  # (src, lineno, n_segs) for --ocr-lines
    for path in files:
        src = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for i, line in enumerate(lines, 1):
            line = unicodedata.normalize("NFC", line.replace("\t", " ")).strip()
            if not line:
                line_segs.append((src, i, 0))
                continue
            wrng = random.Random(f"{args.seed}|wrap|{src}|{i}")
            segs = wrap(line, wrng.randint(args.wrap_min, args.wrap_max))
            line_segs.append((src, i, len(segs)))
            for k, s in enumerate(segs):
                jobs.append((src, i, k, s, args.seed, langs, args.fixed, args.save_images))

    total = len(jobs)
    if args.max_images and total > args.max_images:
        order = list(range(total))
        random.Random(f"{args.seed}|sample").shuffle(order)
        keep = sorted(order[:args.max_images])
        jobs = [jobs[k] for k in keep]
        if args.ocr_lines:
            sys.exit("--max-images cannot be combined with --ocr-lines")
    print(f"{len(files)} files, {total} segments, simulating {len(jobs)}", file=sys.stderr)

    results = {}
    tmp = args.out + ".part"
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as out, mp.Pool(args.workers) as pool:
        out.write("\t".join(COLUMNS) + "\n")
        for n, row in enumerate(pool.imap(work, jobs, chunksize=4), 1):
            out.write("\t".join(row) + "\n")
            results[(row[0], int(row[6]))] = row[5]
            if n % 100 == 0:
                out.flush()
                print(f"  {n}/{len(jobs)}", file=sys.stderr, flush=True)
    os.replace(tmp, args.out)

    if args.ocr_lines:
        with open(args.ocr_lines, "w", encoding="utf-8") as fh:
            for src, i, n in line_segs:
                parts = [results[(f"{src}:{i}", k)] for k in range(n)]
                fh.write(" ".join(p for p in parts if p) + "\n")
    print(f"wrote {len(jobs)} pairs to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
