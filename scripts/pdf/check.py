#!/usr/bin/env python3
"""Check that a rendered PDF carries the clause text of its source XML, in order.

    python3 scripts/pdf/check.py IN.xml OUT.pdf [-v]

Reads the clauses with the stdalign binary (as render.py does) and the PDF's text with
poppler's `pdftotext` (apt-get install poppler-utils), then looks for every clause
heading and text line in the extracted text, in document order. Whitespace is ignored
on both sides (line wrapping and column layout insert it), and table rows are checked
cell by cell. Conversely, every line of the body pages must belong to a clause or to
the printed furniture (running header, page number, document title, annex label), so
stray glyphs are caught. Prints a summary; exits 1 on any missing, out-of-order or
stray line.

This is a check of the renderer, not of stdalign's own PDF reader: poppler's reading
order and word spacing are a reference point, nothing more.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
import render  # noqa: E402


def squash(s):
    return re.sub(r"\s+", "", s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("xml")
    ap.add_argument("pdf")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--layout-order", action="store_true",
                    help="use poppler's reading order instead of content-stream order")
    args = ap.parse_args()
    if not shutil.which("pdftotext"):
        sys.exit("check.py: pdftotext not found (apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="stdalign-check-") as work:
        meta = render.load_standard(Path(args.xml).resolve(), work)
    # -raw: text in content-stream order, which is the order Chromium painted it
    # (column by column); poppler's own reading-order guess mixes up two columns.
    mode = [] if args.layout_order else ["-raw"]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *mode, args.pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    style = render.body_profile(meta, meta.get("year"))["style"]
    running = {render.display_number(meta["reference"], style)}
    kept = []
    # Skip the cover and the contents page (they repeat headings), and drop the
    # running header and the page number of each page.
    for n, page in enumerate(pages[2:], start=3):
        lines = page.split("\n")
        for furniture in running | {str(n)}:
            edge = list(range(min(3, len(lines)))) + list(range(max(0, len(lines) - 3), len(lines)))
            hit = next((i for i in edge if squash(lines[i]) == squash(furniture)), None)
            if hit is not None:
                del lines[hit]
        kept.extend(lines)
    body = squash("".join(kept))

    pos, missing, disorder, checked = 0, [], [], 0
    for c in meta["clauses"]:
        items = []
        lines = (c.get("text") or "").split("\n")
        if c["kind"] == "annex" and c.get("depth", 1) == 1 and lines \
                and render.ANNEX_TYPE_RE.match(lines[0].strip()):
            items.append(("line", lines.pop(0)))  # printed between label and title
        if c.get("heading"):
            items.append(("heading", c["heading"]))
        for line in lines:
            if not line.strip():
                continue
            if " | " in line:
                items.extend(("cell", cell) for cell in line.split(" | ") if cell.strip())
            else:
                items.append(("line", line))
        for kind, s in items:
            checked += 1
            needle = squash(s)
            at = body.find(needle, pos)
            if at == -1:
                anywhere = body.find(needle)
                if anywhere == -1:
                    missing.append((c["key"], kind, s))
                else:
                    disorder.append((c["key"], kind, s))
                continue
            # Table cells may come out of poppler column by column: don't advance on them.
            if kind != "cell":
                pos = at + len(needle)
    # Text in the PDF that is in no clause (stray glyphs, say): every body line must
    # be part of the clause text or of the printed furniture.
    lang = meta.get("lang", "en")
    titles = meta.get("titles", {})
    expected = [titles.get(lang) or next(iter(titles.values()), "")]
    for c in meta["clauses"]:
        first = (c.get("text") or "").split("\n")[0]
        expected.append(c["key"] + (c.get("heading") or first))
        if c["kind"] == "annex":
            expected.append(render.annex_label(c["key"], lang))
        for line in (c.get("text") or "").split("\n"):
            expected.append(line.replace(" | ", ""))
    expected = "\n".join(squash(e) for e in expected)
    stray = [l for l in kept if squash(l) and squash(l) not in expected]

    print(f"{args.pdf}: {meta['reference']}: {checked} lines and cells, "
          f"{len(missing)} missing, {len(disorder)} out of order, {len(stray)} stray, "
          f"{len(pages) - 1} pages")
    for s in stray[: (None if args.verbose else 10)]:
        print(f"  stray    {s}")
    for key, kind, s in missing[: (None if args.verbose else 10)]:
        print(f"  missing  [{key}] {kind}: {s}")
    for key, kind, s in disorder[: (None if args.verbose else 10)]:
        print(f"  order    [{key}] {kind}: {s}")
    sys.exit(1 if missing or disorder or stray else 0)


if __name__ == "__main__":
    main()
