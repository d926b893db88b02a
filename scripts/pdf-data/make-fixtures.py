#!/usr/bin/env python3
"""Builds the PDF test fixtures in tests/fixtures/pdf/ and their README.md.

Needs (tested with): Python 3.11, reportlab==5.1.0, pikepdf==10.18.0, fonttools==4.68.0
  python3 -m venv /tmp/pdfvenv && /tmp/pdfvenv/bin/pip install reportlab==5.1.0 pikepdf==10.18.0 fonttools==4.68.0
  /tmp/pdfvenv/bin/python scripts/pdf-data/make-fixtures.py
Reads src/ingest/pdf/data/adobe-gb1.bin (made by gen-gb1.py) for identity-h-gb1-cids.pdf.
The text in every fixture is original, written for these tests.
All fixtures but encrypted.pdf are byte-for-byte reproducible (reportlab invariant mode, fixed IDs);
encrypted.pdf gets fresh random salts each run.
Check them with scripts/pdf-data/verify-fixtures.py (pdfminer.six and, if installed, poppler's pdftotext).
"""
import hashlib
import io
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "tests", "fixtures", "pdf")
GB1_BIN = os.path.join(ROOT, "src", "ingest", "pdf", "data", "adobe-gb1.bin")
sys.dont_write_bytecode = True  # no __pycache__ in the repo
sys.path.insert(0, HERE)
from fixture_text import *  # noqa: E402,F401,F403  (expected texts, shared with verify-fixtures.py)


# --------------------------------------------------------------------------- mini PDF writer
class Pdf:
    """Hand-written PDF: objects are given as bytes (PDF syntax); writes a classic xref table."""

    def __init__(self, version="1.4"):
        self.version = version
        self.objs = []

    def reserve(self):
        self.objs.append(None)
        return len(self.objs)

    def set(self, num, body):
        self.objs[num - 1] = body.encode("latin-1") if isinstance(body, str) else body

    def add(self, body):
        n = self.reserve()
        self.set(n, body)
        return n

    def stream(self, data, extra="", compress=False):
        if compress:
            data = zlib.compress(data, 9)
            extra += " /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode("latin-1"))
                        + data + b"\nendstream")

    def write(self, path, root, info=None):
        out = io.BytesIO()
        out.write(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % self.version.encode())
        offsets = []
        for i, body in enumerate(self.objs, 1):
            assert body is not None, f"object {i} reserved but never set"
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objs) + 1))
        for o in offsets:
            out.write(b"%010d 00000 n \n" % o)
        fid = hashlib.md5(os.path.basename(path).encode()).hexdigest()
        trailer = "<< /Size %d /Root %d 0 R%s /ID [<%s> <%s>] >>" % (
            len(self.objs) + 1, root, (" /Info %d 0 R" % info) if info else "", fid, fid)
        out.write(b"trailer\n" + trailer.encode() + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
        data = out.getvalue()
        with open(path, "wb") as f:
            f.write(data)
        return data


def pages_tree(pdf, page_contents, resources, mediabox=(0, 0, 595.28, 841.89)):
    """page_contents: list of content-stream object numbers; returns the Catalog object number."""
    pages = pdf.reserve()
    kids = []
    for c in page_contents:
        kids.append(pdf.add("<< /Type /Page /Parent %d 0 R /MediaBox [%s] /Resources %s /Contents %d 0 R >>"
                            % (pages, " ".join("%g" % v for v in mediabox), resources, c)))
    pdf.set(pages, "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join("%d 0 R" % k for k in kids), len(kids)))
    return pdf.add("<< /Type /Catalog /Pages %d 0 R >>" % pages)


def info_obj(pdf, title):
    return pdf.add("<< /Title (%s) /Producer (stdalign scripts/pdf-data/make-fixtures.py) >>" % title)


def pdf_str(b):
    """bytes -> PDF literal string"""
    out = b"("
    for c in b:
        ch = bytes([c])
        if ch in b"()\\":
            out += b"\\" + ch
        elif 32 <= c < 127:
            out += ch
        else:
            out += b"\\%03o" % c
    return out + b")"


def text_lines(font, size, x, y, lead, lines):
    """content-stream bytes: each line (already encoded: bytes for () or str hex for <>) on its own Td"""
    s = b"BT\n/%s %g Tf\n%g %g Td\n" % (font.encode(), size, x, y)
    first = True
    for ln in lines:
        if not first:
            s += b"0 %g Td\n" % -lead
        first = False
        s += (b"<%s> Tj\n" % ln.encode() if isinstance(ln, str) else pdf_str(ln) + b" Tj\n")
    return s + b"ET\n"


def tounicode_cmap(code_bytes, mapping):
    """mapping: {code(int): unicode str}; code_bytes = 1 or 2"""
    w = code_bytes * 2
    rng = "<%s> <%s>" % ("0" * w, "F" * w)
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", rng, "endcodespacerange"]
    items = sorted(mapping.items())
    for i in range(0, len(items), 100):
        chunk = items[i:i + 100]
        lines.append("%d beginbfchar" % len(chunk))
        for code, u in chunk:
            lines.append("<%0*X> <%s>" % (w, code, u.encode("utf-16-be").hex().upper()))
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()


# --------------------------------------------------------------------------- a. reportlab STSong-Light
def make_unigb_ucs2():
    from reportlab.pdfgen import canvas
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # UniGB-UCS2-H, Adobe-GB1, not embedded
    path = os.path.join(OUT, "unigb-ucs2-no-tounicode.pdf")
    c = canvas.Canvas(path, invariant=1, pageCompression=1)
    c.setTitle("unigb-ucs2-no-tounicode")
    for page in UNIGB_PAGES:
        y = 780
        for ln in page:
            c.setFont("STSong-Light", 14 if ln == UNIGB_PAGES[0][0] else 12)
            c.drawString(72, y, ln)
            y -= 24
        c.showPage()
    c.save()
    # reportlab writes /Supplement 0; real-world files say 2 or 4. Same length, so offsets stay valid.
    data = open(path, "rb").read()
    assert data.count(b"/Supplement 0") == 1
    data = data.replace(b"/Supplement 0", b"/Supplement 2")
    open(path, "wb").write(data)


# --------------------------------------------------------------------------- b. GBK-EUC-H
# Widths: GBK-EUC-H sends bytes 0x21-0x7E to CIDs 814-907 (half-width Latin) and 0x20 to 7716.
GB1_FONT_DESC = ("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                 "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")


def cid_type0_font(pdf, encoding, widths, ordering=b"GB1", supplement=2):
    fd = pdf.add(GB1_FONT_DESC)
    desc = pdf.add(("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement %d >> "
                    "/FontDescriptor %d 0 R /DW 1000 /W [%s] >>") % (ordering.decode(), supplement, fd, widths))
    return pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-%s /Encoding /%s "
                   "/DescendantFonts [%d 0 R] >>" % (encoding, encoding, desc))


def make_gbk():
    pdf = Pdf("1.4")
    font = cid_type0_font(pdf, "GBK-EUC-H", "814 907 500 7716 7716 500")
    lines = [ln.encode("gbk").hex().upper() for ln in GBK_LINES]
    content = text_lines("F1", 12, 72, 780, 24, lines)
    cs = pdf.stream(content)
    root = pages_tree(pdf, [cs], "<< /Font << /F1 %d 0 R >> >>" % font)
    pdf.write(os.path.join(OUT, "gbk-euc-h-no-tounicode.pdf"), root, info_obj(pdf, "gbk-euc-h-no-tounicode"))


# --------------------------------------------------------------------------- c. Identity-H + Adobe-GB1 CIDs
def gb1_inverse():
    b = open(GB1_BIN, "rb").read()
    vals = struct.unpack("<%dI" % (len(b) // 4), b)
    inv = {}
    for cid, cp in enumerate(vals):
        if cp and cp not in inv:
            inv[cp] = cid  # lowest CID wins: proportional Latin 1-95, horizontal punctuation
    return inv


def make_identity_gb1():
    inv = gb1_inverse()
    pdf = Pdf("1.4")
    font = cid_type0_font(pdf, "Identity-H", "1 95 500", supplement=4)
    lines = []
    for ln in IDENTITY_LINES:
        lines.append("".join("%04X" % inv[ord(ch)] for ch in ln))
    cs = pdf.stream(text_lines("F1", 12, 72, 780, 24, lines), compress=True)
    root = pages_tree(pdf, [cs], "<< /Font << /F1 %d 0 R >> >>" % font)
    pdf.write(os.path.join(OUT, "identity-h-gb1-cids.pdf"), root, info_obj(pdf, "identity-h-gb1-cids"))


# --------------------------------------------------------------------------- d. simple fonts
def subset_truetype(text):
    """Subset reportlab's Vera.ttf to `text`; glyphs are addressed by 1-byte codes 1..n assigned in order
    of first use (like a PDF producer's subset). Returns (font bytes, {code: char}, widths by code,
    encoded bytes of text)."""
    import reportlab
    from fontTools import subset
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4, cmap_format_0
    src = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
    codes = {}
    for ch in text:
        codes.setdefault(ch, len(codes) + 1)
    f = TTFont(src, recalcTimestamp=False)  # keep head.modified: reproducible bytes
    opts = subset.Options()
    opts.name_IDs = []
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.layout_features = []
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in codes])
    sub.subset(f)
    best = f.getBestCmap()
    # Vera's licence forbids "Bitstream"/"Vera" in derivative names: name the subset FixtureSans.
    name = f["name"]
    name.names = []
    for nid, s in ((1, "FixtureSans"), (2, "Regular"), (4, "FixtureSans"), (6, "FixtureSans")):
        name.setName(s, nid, 3, 1, 0x409)
    # Symbolic TrueType: the PDF code c selects the glyph via the (3,0) subtable at 0xF000+c, or (1,0) at c.
    glyph_of_code = {code: best[ord(ch)] for ch, code in codes.items()}
    t30 = cmap_format_4(4)
    t30.platformID, t30.platEncID, t30.language = 3, 0, 0
    t30.cmap = {0xF000 + c: g for c, g in glyph_of_code.items()}
    t10 = cmap_format_0(0)
    t10.platformID, t10.platEncID, t10.language = 1, 0, 0
    t10.cmap = {c: g for c, g in glyph_of_code.items()}
    for c in range(256):
        t10.cmap.setdefault(c, ".notdef")
    f["cmap"].tables = [t10, t30]
    upm = f["head"].unitsPerEm
    widths = {code: round(f["hmtx"][glyph_of_code[code]][0] * 1000 / upm) for code in glyph_of_code}
    buf = io.BytesIO()
    f.save(buf)
    return buf.getvalue(), {c: ch for ch, c in codes.items()}, widths, bytes(codes[ch] for ch in text)


def make_simple_fonts():
    pdf = Pdf("1.4")
    helv = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    times = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>")
    times_d = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type /Encoding "
                      "/BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl /endash /quoteright] >> >>")
    ttf_bytes, code_to_char, widths, tt_encoded = subset_truetype(SIMPLE_TT_LINE)
    ff = pdf.stream(ttf_bytes, " /Length1 %d" % len(ttf_bytes), compress=True)
    tt_fd = pdf.add("<< /Type /FontDescriptor /FontName /ABCDEF+FixtureSans /Flags 4 /FontBBox [-183 -236 1287 928] "
                    "/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 /FontFile2 %d 0 R >>" % ff)
    tu = pdf.stream(tounicode_cmap(1, code_to_char))
    n = max(code_to_char)
    tt = pdf.add("<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+FixtureSans /FirstChar 1 /LastChar %d "
                 "/Widths [%s] /FontDescriptor %d 0 R /ToUnicode %d 0 R >>"
                 % (n, " ".join(str(widths[c]) for c in range(1, n + 1)), tt_fd, tu))

    def enc_d(s):  # Times-Roman with /Differences: ligatures and punctuation go to codes 1-4
        s = s.replace("fi", "\x01").replace("fl", "\x02").replace("\u2013", "\x03").replace("\u2019", "\x04")
        return s.encode("cp1252")

    c = b""
    y = 780
    for font, src in SIMPLE_LAYOUT:
        if font == "TT":
            data = tt_encoded
        elif font == "F3":
            data = enc_d(src)
        else:
            data = src.encode("cp1252")
        size = 14 if font == "F1" else 12
        c += b"BT /%s %d Tf 72 %d Td %s Tj ET\n" % (font.encode(), size, y, pdf_str(data))
        y -= 20
    cs = pdf.stream(c)
    root = pages_tree(pdf, [cs], "<< /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R /TT %d 0 R >> >>"
                      % (helv, times, times_d, tt))
    return pdf.write(os.path.join(OUT, "simple-fonts.pdf"), root, info_obj(pdf, "simple-fonts"))


# --------------------------------------------------------------------------- f. two columns
def two_column_layout():
    """-> list of pages; a page = dict(header, footer, left=[lines], right=[lines]) with wrapped lines"""
    from reportlab.lib.utils import simpleSplit
    pages = []
    for pno, (left, right) in enumerate(TWO_COL_CLAUSES, 1):
        cols = []
        for clauses in (left, right):
            lines = []
            for heading, body in clauses:
                lines.append(("Helvetica-Bold", heading))
                for ln in simpleSplit(body, "Helvetica", 10, TWO_COL_WIDTH):
                    lines.append(("Helvetica", ln))
            cols.append(lines)
        pages.append(dict(header=TWO_COL_HEADER, footer=TWO_COL_FOOTER % pno, left=cols[0], right=cols[1]))
    return pages


def make_two_column():
    from reportlab.pdfgen import canvas
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    path = os.path.join(OUT, "two-column.pdf")
    c = canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("two-column")
    w, h = A4
    for page in two_column_layout():
        c.setFont("Helvetica", 9)
        c.drawString(20 * mm, h - 15 * mm, page["header"])
        c.drawCentredString(w / 2, 12 * mm, page["footer"])
        for x, lines in ((20 * mm, page["left"]), (110 * mm, page["right"])):
            y = h - 30 * mm
            for font, ln in lines:
                if font == "Helvetica-Bold" and y < h - 30 * mm:
                    y -= 6  # space before a clause heading
                c.setFont(font, 10)
                c.drawString(x, y, ln)
                y -= 13
        c.showPage()
    c.save()
    return open(path, "rb").read()


# --------------------------------------------------------------------------- e. bad PDFs
def make_encrypted(src_path):
    import pikepdf
    with pikepdf.open(src_path) as p:
        p.save(os.path.join(OUT, "encrypted.pdf"),
               encryption=pikepdf.Encryption(owner=ENCRYPTED_OWNER_PW, user=ENCRYPTED_USER_PW, R=6))


def make_zero_pages():
    pdf = Pdf("1.4")
    pages = pdf.add("<< /Type /Pages /Kids [] /Count 0 >>")
    root = pdf.add("<< /Type /Catalog /Pages %d 0 R >>" % pages)
    pdf.write(os.path.join(OUT, "zero-pages.pdf"), root, info_obj(pdf, "zero-pages"))


def make_image_only():
    """A fake scan: grey page image with dark bars where text lines would be. No fonts, no text operators."""
    W, H = 300, 420
    rows = []
    for y in range(H):
        row = bytearray([235]) * W
        band = (y - 40) % 18
        if 40 <= y < 380 and band < 7:
            line_no = (y - 40) // 18
            end = W - 30 - (line_no * 37) % 90
            for x in range(30, end):
                if (x // 6 + line_no) % 7 != 0:  # gaps between "words"
                    row[x] = 40
        rows.append(bytes(row))
    pdf = Pdf("1.4")
    img = pdf.stream(b"".join(rows), " /Type /XObject /Subtype /Image /Width %d /Height %d "
                     "/ColorSpace /DeviceGray /BitsPerComponent 8" % (W, H), compress=True)
    cs = pdf.stream(b"q 595.28 0 0 841.89 0 0 cm /Im1 Do Q\n")
    root = pages_tree(pdf, [cs], "<< /XObject << /Im1 %d 0 R >> >>" % img)
    pdf.write(os.path.join(OUT, "image-only.pdf"), root, info_obj(pdf, "image-only"))


def make_unmappable():
    pdf = Pdf("1.4")
    helv = pdf.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    fd = pdf.add("<< /Type /FontDescriptor /FontName /GHIJKL+FixtureSans /Flags 4 /FontBBox [-183 -236 1287 928] "
                 "/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 >>")  # no FontFile2
    desc = pdf.add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GHIJKL+FixtureSans "
                   "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   "/FontDescriptor %d 0 R /DW 600 /CIDToGIDMap /Identity >>" % fd)
    t0 = pdf.add("<< /Type /Font /Subtype /Type0 /BaseFont /GHIJKL+FixtureSans /Encoding /Identity-H "
                 "/DescendantFonts [%d 0 R] >>" % desc)  # no /ToUnicode
    p1 = text_lines("F1", 12, 72, 780, 20, [ln.encode("cp1252") for ln in UNMAPPABLE_PAGE1])
    # Page 2: glyph ids as a TrueType font would number them (Apple/Windows standard order: gid = char - 29),
    # so a reader that treats the codes as Unicode gets plausible-looking garbage ("T" -> U+0037 "7").
    p2_lines = ["".join("%04X" % (ord(ch) - 29) for ch in ln) for ln in UNMAPPABLE_PAGE2_SOURCE]
    p2 = text_lines("F2", 12, 72, 780, 20, p2_lines)
    c1, c2 = pdf.stream(p1), pdf.stream(p2)
    root = pages_tree(pdf, [c1, c2], "<< /Font << /F1 %d 0 R /F2 %d 0 R >> >>" % (helv, t0))
    pdf.write(os.path.join(OUT, "unmappable-font.pdf"), root, info_obj(pdf, "unmappable-font"))


def make_bad(two_col_bytes):
    with open(os.path.join(OUT, "truncated.pdf"), "wb") as f:
        f.write(two_col_bytes[: len(two_col_bytes) // 2])
    with open(os.path.join(OUT, "not-a-pdf.pdf"), "w", encoding="utf-8") as f:
        f.write(NOT_A_PDF_TEXT)


# --------------------------------------------------------------------------- README
def write_readme():
    sizes = {n: os.path.getsize(os.path.join(OUT, n)) for n in sorted(os.listdir(OUT)) if n.endswith(".pdf")}
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
        f.write(readme_text(sizes, two_column_layout()))


def main():
    os.makedirs(OUT, exist_ok=True)
    make_unigb_ucs2()
    make_gbk()
    make_identity_gb1()
    make_simple_fonts()
    two = make_two_column()
    make_encrypted(os.path.join(OUT, "simple-fonts.pdf"))
    make_zero_pages()
    make_image_only()
    make_unmappable()
    make_bad(two)
    write_readme()
    for n in sorted(os.listdir(OUT)):
        print("%8d  %s" % (os.path.getsize(os.path.join(OUT, n)), n))


if __name__ == "__main__":
    main()
