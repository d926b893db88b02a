#!/usr/bin/env python3
"""Writes src/ingest/pdf/data/adobe-gb1.bin: Adobe-GB1 CID -> Unicode scalar value.

Format (see src/ingest/pdf/data/README.md): a flat array of little-endian u32,
element i = Unicode scalar value of CID i, 0 = unmapped; no header; length = (max CID + 1) * 4.

Source (primary): Adobe's "Adobe-GB1-UCS2" CMap (CMapVersion 9.000, Adobe-GB1-5,
BSD-3-Clause, from github.com/adobe-type-tools/cmap-resources). Debian's `poppler-data`
package ships it verbatim as /usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2
(`apt-get update && apt-get install poppler-data`; tested with poppler-data 0.4.12).
Despite its name the CMap uses UTF-16BE destination strings, so CIDs that
map outside the BMP come through as surrogate pairs; we decode them.

Cross-check (optional, printed only): pdfminer.six's `to-unicode-Adobe-GB1.json.gz`
(tested with pdfminer.six==20260107; older releases shipped the same data as a pickle).
pdfminer's table is derived from Adobe's cid2code.txt and is a subset: it lacks 308 CIDs
(pinyin letters 908-939, the Supplement 4 Latin/pinyin set 22127-22352, kana 22358-22394, ...)
and maps the vertical-form CIDs 573-600 and 6 non-BMP hanzi to PUA/presentation forms.
That is why the Adobe CMap is the primary source.

Rules:
  * CID 0 (.notdef, mapped to U+FFFD by Adobe) is stored as 0 = unmapped.
  * A CID whose destination is several code points (4 CIDs: a unified ideograph +
    U+FE00 variation selector, e.g. CID 22031 -> U+90CE U+FE00) stores the FIRST
    code point, which is also the canonical (unified) ideograph.

Python: 3.8+, stdlib only (pdfminer.six optional, for the cross-check).
usage: python3 scripts/pdf-data/gen-gb1.py [--cmap PATH] [--out PATH]
"""
import argparse
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_CMAP = "/usr/share/poppler/cMap/Adobe-GB1/Adobe-GB1-UCS2"
DEFAULT_OUT = os.path.join(ROOT, "src", "ingest", "pdf", "data", "adobe-gb1.bin")


def parse_tounicode_cmap(text):
    """Parse bfchar/bfrange sections of a CMapType 2 CMap into {cid: str}."""
    m = {}
    mode = None
    for line in text.splitlines():
        line = line.split("%", 1)[0].strip()
        if not line:
            continue
        if line.endswith("beginbfchar"):
            mode = "char"
            continue
        if line.endswith("beginbfrange"):
            mode = "range"
            continue
        if line in ("endbfchar", "endbfrange"):
            mode = None
            continue
        if mode is None:
            continue
        hx = re.findall(r"<([0-9a-fA-F]+)>", line)
        dec = lambda h: bytes.fromhex(h).decode("utf-16-be")
        if mode == "char":
            assert len(hx) == 2, line
            m[int(hx[0], 16)] = dec(hx[1])
        else:
            lo, hi = int(hx[0], 16), int(hx[1], 16)
            if "[" in line:
                dsts = hx[2:]
                assert len(dsts) == hi - lo + 1, line
                for i, h in enumerate(dsts):
                    m[lo + i] = dec(h)
            else:
                assert len(hx) == 3, line
                base = bytes.fromhex(hx[2])
                # increment the last UTF-16 unit (what the PDF spec says for bfrange)
                for i in range(hi - lo + 1):
                    b = base[:-2] + struct.pack(">H", struct.unpack(">H", base[-2:])[0] + i)
                    m[lo + i] = b.decode("utf-16-be")
    return m


def pdfminer_table():
    try:
        import gzip, json, pdfminer
    except ImportError:
        return None
    p = os.path.join(os.path.dirname(pdfminer.__file__), "cmap", "to-unicode-Adobe-GB1.json.gz")
    if not os.path.exists(p):
        return None
    with gzip.open(p, "rt", encoding="utf-8") as f:
        d = json.load(f)
    return {int(k): v for k, v in d["CID2UNICHR_H"].items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmap", default=DEFAULT_CMAP)
    ap.add_argument("--out", default=DEFAULT_OUT)
    a = ap.parse_args()
    if not os.path.exists(a.cmap):
        sys.exit(f"{a.cmap} not found: apt-get install poppler-data (or pass --cmap with "
                 "cmap-resources/Adobe-GB1-5/CMap/Adobe-GB1-UCS2)")
    text = open(a.cmap, encoding="latin-1").read()
    assert "/CMapName /Adobe-GB1-UCS2 def" in text
    ver = re.search(r"/CMapVersion ([0-9.]+) def", text).group(1)
    sup = re.search(r"/Supplement (\d+) def", text).group(1)
    m = parse_tounicode_cmap(text)
    maxcid = max(m)
    vals = [0] * (maxcid + 1)
    multi = []
    for cid, s in m.items():
        if cid == 0:
            continue  # .notdef -> U+FFFD in the CMap; we store "unmapped"
        if len(s) > 1:
            multi.append((cid, s))
        cp = ord(s[0])
        assert 0 < cp <= 0x10FFFF and not (0xD800 <= cp <= 0xDFFF), (cid, s)
        vals[cid] = cp
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "wb") as f:
        f.write(struct.pack("<%dI" % len(vals), *vals))

    # ---- stats & sanity checks
    mapped = sum(1 for v in vals if v)
    print(f"source: Adobe-GB1-UCS2 CMapVersion {ver}, Supplement {sup}")
    import hashlib
    sha = hashlib.sha256(open(a.out, "rb").read()).hexdigest()
    print(f"wrote {a.out}: {len(vals)} entries (CID 0..={maxcid}), {os.path.getsize(a.out)} bytes, sha256 {sha}")
    print(f"mapped {mapped} / {len(vals)} CIDs; unmapped: {[i for i, v in enumerate(vals) if not v]}")
    print(f"CIDs whose destination has >1 code point (first kept): "
          + ", ".join(f"{c}->{' '.join('U+%04X' % ord(ch) for ch in s)}" for c, s in sorted(multi)))
    print(f"outside the BMP: {sum(1 for v in vals if v > 0xFFFF)}; "
          f"in PUA: {sum(1 for v in vals if 0xE000 <= v <= 0xF8FF)}; "
          f"distinct values: {len(set(vals) - {0})}")
    runs = 0
    prev = None
    for i, v in enumerate(vals):
        if not (prev is not None and v and prev and v == prev + 1):
            runs += 1
        prev = v
    print(f"(runs of consecutive CID->consecutive code point: {runs}; a range table would be "
          f"~{runs * 8} bytes, not much smaller, so the flat array is kept)")
    assert vals[1] == 0x20, "CID 1 should be U+0020"
    inv = {}
    for cid, v in enumerate(vals):
        inv.setdefault(v, cid)
    for ch in "电器泄漏流范围，。":
        assert ord(ch) in inv, ch
        print(f"  {ch} U+{ord(ch):04X} <- CID {inv[ord(ch)]}")

    pm = pdfminer_table()
    if pm is None:
        print("(pdfminer.six not importable: cross-check skipped)")
        return
    same = sum(1 for c, s in pm.items() if c < len(vals) and vals[c] == ord(s[0]))
    diff = [(c, s) for c, s in pm.items() if c >= len(vals) or vals[c] != ord(s[0])]
    only_adobe = [c for c in range(len(vals)) if vals[c] and c not in pm]
    print(f"cross-check with pdfminer.six: {len(pm)} CIDs there, {same} identical, "
          f"{len(diff)} differ, {len(only_adobe)} mapped only by Adobe's CMap")
    for c, s in sorted(diff):
        print(f"  differs CID {c}: pdfminer U+{ord(s[0]):04X}, ours U+{vals[c]:04X}")


if __name__ == "__main__":
    main()
