#!/usr/bin/env python3
"""Checks tests/fixtures/pdf/*.pdf against the expected texts in fixture_text.py with two independent
extractors: pdfminer.six (tested 20260107) and, if on PATH, poppler's pdftotext (Debian poppler-utils
22.12; poppler-data gives it the Adobe-GB1 tables). Also checks structural facts (no ToUnicode where
there must be none, encryption, page counts) with pikepdf (tested 10.18.0).
  /tmp/pdfvenv/bin/pip install pdfminer.six==20260107 pikepdf==10.18.0 reportlab==5.1.0
  /tmp/pdfvenv/bin/python scripts/pdf-data/verify-fixtures.py
Comparison: per page, non-empty lines with surrounding spaces stripped; U+FB01/U+FB02 expanded to fi/fl.
"""
import os
import shutil
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIX = os.path.join(ROOT, "tests", "fixtures", "pdf")
sys.dont_write_bytecode = True  # no __pycache__ in the repo
sys.path.insert(0, HERE)
import fixture_text as T  # noqa: E402

failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        failures.append(msg)


def norm(text):
    text = text.replace("\ufb01", "fi").replace("\ufb02", "fl")
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def pdfminer_pages(path, **kw):
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage
    with open(path, "rb") as f:
        n = sum(1 for _ in PDFPage.get_pages(f, **kw))
    return [extract_text(path, page_numbers=[i], **kw) for i in range(n)]


def pdftotext_pages(path, n):
    out = []
    for i in range(1, n + 1):
        r = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(i), "-l", str(i), path, "-"],
                           capture_output=True, text=True)
        out.append(r.stdout)
    return out


def compare(name, expected, got, tool):
    got = [norm(p) for p in got]
    ok = got == expected
    check(ok, f"{name}: {tool} text matches ({sum(map(len, expected))} lines, {len(expected)} pages)")
    if not ok:
        for pi, (e, g) in enumerate(zip(expected, got + [[]] * len(expected)), 1):
            if e != g:
                print(f"     page {pi} expected: {e}\n     page {pi} got:      {g}")


def fonts_of(pdf):
    for page in pdf.pages:
        res = page.obj.get("/Resources", {})
        for k, f in dict(res.get("/Font", {})).items():
            yield k, f


def main():
    import pikepdf
    have_pdftotext = shutil.which("pdftotext") is not None
    if not have_pdftotext:
        print("(pdftotext not found: apt-get install poppler-utils poppler-data for the second check)")
    layout = None
    sys.path.insert(0, HERE)
    mf = __import__("importlib").import_module("importlib.util")
    spec = mf.spec_from_file_location("mf", os.path.join(HERE, "make-fixtures.py"))
    mod = mf.module_from_spec(spec)
    spec.loader.exec_module(mod)
    layout = mod.two_column_layout()

    expected = T.expected_pages()
    expected["two-column.pdf"] = T.two_col_pages(layout)
    for name, pages in expected.items():
        path = os.path.join(FIX, name)
        compare(name, pages, pdfminer_pages(path), "pdfminer")
        if not have_pdftotext:
            continue
        got = pdftotext_pages(path, len(pages))
        if name == "gbk-euc-h-no-tounicode.pdf":
            # poppler's own (GPL) Adobe-GB1 table maps the half-width Latin CIDs 814-907 to full-width
            # U+FF01-FF5E, where Adobe's Adobe-GB1-UCS2 (and so adobe-gb1.bin) says U+0021-007E.
            got = [unicodedata.normalize("NFKC", p) for p in got]
            pages = [[unicodedata.normalize("NFKC", ln) for ln in p] for p in pages]
            tool = "pdftotext (both sides NFKC: poppler maps CIDs 814-907 to full-width forms)"
        elif name == "simple-fonts.pdf":
            pages = [T.SIMPLE_READER]  # pdftotext joins "insu-" / "lation" itself
            tool = "pdftotext (de-hyphenates: compared with the reader text)"
        else:
            tool = "pdftotext"
        compare(name, pages, got, tool)

    # structure
    for name in ["unigb-ucs2-no-tounicode.pdf", "gbk-euc-h-no-tounicode.pdf", "identity-h-gb1-cids.pdf"]:
        with pikepdf.open(os.path.join(FIX, name)) as p:
            for k, f in fonts_of(p):
                if f.get("/Subtype") == "/Type0":
                    d = f.DescendantFonts[0]
                    csi = d.CIDSystemInfo
                    check("/ToUnicode" not in f and str(csi.Registry) == "Adobe" and str(csi.Ordering) == "GB1"
                          and int(csi.Supplement) >= 2 and "/FontFile" not in d.FontDescriptor
                          and "/FontFile2" not in d.FontDescriptor and "/FontFile3" not in d.FontDescriptor
                          and d.Subtype == "/CIDFontType0",
                          f"{name}: {k} {f.Encoding} CIDFontType0 Adobe-GB1-{int(csi.Supplement)}, "
                          f"not embedded, no ToUnicode")
    with pikepdf.open(os.path.join(FIX, "simple-fonts.pdf")) as p:
        fs = dict(fonts_of(p))
        check("/ToUnicode" in fs["/TT"] and fs["/TT"].Subtype == "/TrueType" and "/FontFile2" in fs["/TT"].FontDescriptor,
              "simple-fonts.pdf: /TT is an embedded TrueType with ToUnicode")
        check(list(fs["/F3"].Encoding.Differences) == [1, pikepdf.Name.fi, pikepdf.Name.fl,
                                                      pikepdf.Name.endash, pikepdf.Name.quoteright],
              "simple-fonts.pdf: /F3 Differences [1 /fi /fl /endash /quoteright]")
    # bad ones
    try:
        pikepdf.open(os.path.join(FIX, "encrypted.pdf"))
        check(False, "encrypted.pdf: opening without password fails")
    except pikepdf.PasswordError:
        check(True, "encrypted.pdf: opening without password fails (PasswordError)")
    with pikepdf.open(os.path.join(FIX, "encrypted.pdf"), password=T.ENCRYPTED_USER_PW) as p:
        check(p.is_encrypted and p.encryption.R == 6, "encrypted.pdf: opens with the user password, R=6")
    compare("encrypted.pdf (user password)", [[t for _, t in T.SIMPLE_LAYOUT]],
            pdfminer_pages(os.path.join(FIX, "encrypted.pdf"), password=T.ENCRYPTED_USER_PW), "pdfminer")
    with pikepdf.open(os.path.join(FIX, "zero-pages.pdf")) as p:
        check(len(p.pages) == 0 and p.Root.Pages.Count == 0, "zero-pages.pdf: 0 pages")
    with pikepdf.open(os.path.join(FIX, "image-only.pdf")) as p:
        check(len(p.pages) == 1 and "/Font" not in p.pages[0].Resources
              and b"Tj" not in p.pages[0].Contents.read_bytes(), "image-only.pdf: 1 page, no fonts, no text ops")
    check(norm("".join(pdfminer_pages(os.path.join(FIX, "image-only.pdf")))) == [],
          "image-only.pdf: pdfminer extracts no text")
    um = pdfminer_pages(os.path.join(FIX, "unmappable-font.pdf"))
    check(norm(um[0]) == T.UNMAPPABLE_PAGE1, "unmappable-font.pdf: page 1 extracts")
    check("(cid:" in um[1] and not any(w in um[1] for w in ("Normative", "glyph")),
          "unmappable-font.pdf: page 2 unmappable (pdfminer: %r)" % um[1][:40])
    with pikepdf.open(os.path.join(FIX, "unmappable-font.pdf")) as p:
        f = p.pages[1].Resources.Font.F2
        check("/ToUnicode" not in f and str(f.DescendantFonts[0].CIDSystemInfo.Ordering) == "Identity",
              "unmappable-font.pdf: page 2 font Identity ordering, no ToUnicode")
    for name in ("truncated.pdf", "not-a-pdf.pdf"):
        try:
            with pikepdf.open(os.path.join(FIX, name)) as p:
                # qpdf recovers what it can; record it
                print(f"note {name}: qpdf/pikepdf opened it in recovery mode, {len(p.pages)} pages")
        except pikepdf.PdfError as e:
            print(f"note {name}: pikepdf error: {str(e)[:100]}")
        try:
            t = "".join(pdfminer_pages(os.path.join(FIX, name)))
            print(f"note {name}: pdfminer extracted {t[:60]!r}")
        except Exception as e:  # noqa: BLE001
            print(f"note {name}: pdfminer error {type(e).__name__}: {str(e)[:80]}")
    data = open(os.path.join(FIX, "not-a-pdf.pdf"), "rb").read()
    check(b"%PDF" not in data, "not-a-pdf.pdf: no %PDF header anywhere")
    print(f"\n{len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
