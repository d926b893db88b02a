"""Text of the PDF fixtures and their expected extraction; shared by make-fixtures.py (which also
writes tests/fixtures/pdf/README.md from it) and verify-fixtures.py. All sentences are original."""

# ---- a. unigb-ucs2-no-tounicode.pdf (2 pages)
UNIGB_PAGES = [
    [
        "GB 9999.1—2020",
        "示例器具的安全 第1部分：通用要求",
        "1 范围",
        "1.1 本文件规定了示例器具的安全要求。",
        "1.2 本文件不适用于工业用途的器具。",
        "2 规范性引用文件",
        "3 术语和定义",
    ],
    [
        "5 试验的一般条件",
        "5.1 试验应在环境温度为（20±5）℃下进行。",
        "5.2 泄漏电流不应超过0.75 mA。",
    ],
]

# ---- b. gbk-euc-h-no-tounicode.pdf (1 page)
GBK_LINES = [
    "GB 9999.2—2020",
    "示例器具的安全 第2部分：特殊要求",
    "7 标志和说明",
    "7.1 器具应标出额定电压，单位为V。",
    "7.2 额定功率大于1 kW的器具应标出额定电流。",
    "8 防触电保护",
    "8.1 可触及部件不应带电。",
]

# ---- c. identity-h-gb1-cids.pdf (1 page)
IDENTITY_LINES = [
    "GB/T 9999.3—2021",
    "4 要求",
    "4.1 器具的外壳应具有足够的机械强度。",
    "4.2 绝缘电阻不应小于2 MΩ。",
    "4.3 温升试验后，器具不应出现损坏。",
]

# ---- d. simple-fonts.pdf (1 page). Font keys: F1 Helvetica/WinAnsi, F2 Times-Roman/WinAnsi,
# F3 Times-Roman with /Differences [1 /fi /fl /endash /quoteright], TT embedded TrueType subset + ToUnicode.
SIMPLE_LAYOUT = [
    ("F1", "4 Requirements"),
    ("F3", "4.1 The rated voltage shall be as specified in Table 2."),
    ("F3", "4.2 A flexible cord shall be fitted to portable appliances."),
    ("F3", "4.3 The manufacturer\u2019s instructions cover ratings of 10\u201316 A."),
    ("F2", "4.4 Accessible parts shall have double or reinforced insu-"),
    ("F2", "lation over their whole surface."),
    ("F2", "4.5 Ambient temperature: 20 \u00b0C \u00b1 5 \u00b0C."),
    ("TT", "4.6 Rated frequency: 50 Hz; rated voltage: 230 V."),
]
SIMPLE_TT_LINE = SIMPLE_LAYOUT[-1][1]
SIMPLE_READER = [
    "4 Requirements",
    "4.1 The rated voltage shall be as specified in Table 2.",
    "4.2 A flexible cord shall be fitted to portable appliances.",
    "4.3 The manufacturer\u2019s instructions cover ratings of 10\u201316 A.",
    "4.4 Accessible parts shall have double or reinforced insulation over their whole surface.",
    "4.5 Ambient temperature: 20 \u00b0C \u00b1 5 \u00b0C.",
    "4.6 Rated frequency: 50 Hz; rated voltage: 230 V.",
]

# ---- f. two-column.pdf (2 pages, A4, Helvetica 10 pt, columns 80 mm wide at x = 20 mm and 110 mm)
TWO_COL_HEADER = "PNS IEC 99999-1:2020"
TWO_COL_FOOTER = "Page %d"
TWO_COL_WIDTH = 80 * 72 / 25.4
TWO_COL_CLAUSES = [
    (   # page 1: left column, right column
        [
            ("1 Scope", "This part of PNS IEC 99999 specifies safety requirements for example appliances "
                        "intended for household use. It does not apply to appliances for industrial purposes."),
            ("2 Normative references", "The following documents are referred to in the text in such a way "
                                       "that some or all of their content constitutes requirements of this document."),
            ("3 Terms and definitions", "For the purposes of this document, the terms and definitions "
                                        "given in IEC 60050 apply."),
        ],
        [
            ("4 General requirement", "Appliances shall be constructed so that in normal use they function "
                                      "safely and cause no danger to persons or surroundings."),
            ("5 General conditions for the tests", "Tests are carried out on a single appliance at an ambient "
                                                   "temperature of 20 \u00b0C \u00b1 5 \u00b0C."),
            ("6 Classification", "Appliances shall be of class I, class II or class III with respect to "
                                 "protection against electric shock."),
        ],
    ),
    (   # page 2
        [
            ("7 Marking and instructions", "Appliances shall be marked with the rated voltage, the rated "
                                           "power input and the name of the responsible vendor."),
            ("8 Protection against access to live parts", "Live parts shall not be accessible with the test "
                                                          "probe after removal of detachable covers."),
            ("9 Starting of motor-operated appliances", "Motors shall start under all normal voltage "
                                                        "conditions that may occur in use."),
        ],
        [
            ("10 Power input and current", "The power input at rated voltage shall not deviate from the "
                                           "rated power input by more than 10 %."),
            ("11 Heating", "Appliances and their surroundings shall not attain excessive temperatures in "
                           "normal use."),
            ("12 Leakage current", "The leakage current shall not exceed 0.75 mA for class I portable "
                                   "appliances."),
        ],
    ),
]

# ---- e. bad PDFs
ENCRYPTED_OWNER_PW = "fixture-owner"
ENCRYPTED_USER_PW = "fixture-user"
UNMAPPABLE_PAGE1 = ["1 Scope", "This page is set in Helvetica and extracts normally."]
UNMAPPABLE_PAGE2_SOURCE = ["2 Normative references", "This page uses glyph ids without any Unicode mapping."]
NOT_A_PDF_TEXT = ("This is a plain text file that only pretends to be a portable document.\n"
                  "It has no header, no objects and no cross-reference table.\n")


def two_col_pages(layout):
    """expected physical lines per page, in reading order: header, left column, right column, footer"""
    out = []
    for p in layout:
        out.append([p["header"]] + [ln for _, ln in p["left"]] + [ln for _, ln in p["right"]] + [p["footer"]])
    return out


def two_col_reader():
    out = []
    for pno, (left, right) in enumerate(TWO_COL_CLAUSES, 1):
        page = [TWO_COL_HEADER]
        for heading, body in left + right:
            page += [heading, body]
        page.append(TWO_COL_FOOTER % pno)
        out.append(page)
    return out


def expected_pages():
    """{fixture: [page lines]} physical lines, as verify-fixtures.py checks them"""
    return {
        "unigb-ucs2-no-tounicode.pdf": UNIGB_PAGES,
        "gbk-euc-h-no-tounicode.pdf": [GBK_LINES],
        "identity-h-gb1-cids.pdf": [IDENTITY_LINES],
        "simple-fonts.pdf": [[t for _, t in SIMPLE_LAYOUT]],
    }


def _block(pages):
    s = ""
    for i, lines in enumerate(pages, 1):
        if len(pages) > 1:
            s += "PDF page %d:\n\n" % i
        s += "```text\n" + "\n".join(lines) + "\n```\n\n"
    return s


def readme_text(sizes, layout):
    sz = lambda n: "%s (%d bytes)" % (n, sizes[n])
    two_phys = two_col_pages(layout)
    return f"""# PDF fixtures

Made by `scripts/pdf-data/make-fixtures.py` (Python: reportlab 5.1.0, pikepdf 10.18.0, fonttools 4.68.0;
texts in `scripts/pdf-data/fixture_text.py`, which also generates this file). Checked by
`scripts/pdf-data/verify-fixtures.py` against pdfminer.six 20260107 and poppler's `pdftotext` 22.12.
All text is original, written for these tests. Regenerate with

    /tmp/pdfvenv/bin/python scripts/pdf-data/gen-gb1.py
    /tmp/pdfvenv/bin/python scripts/pdf-data/make-fixtures.py
    /tmp/pdfvenv/bin/python scripts/pdf-data/verify-fixtures.py

(`gen-gb1.py` reads Adobe's CMap from Debian's `poppler-data`; `verify-fixtures.py` also needs pdfminer.six
and uses `pdftotext` from `poppler-utils` when installed. See `src/ingest/pdf/data/README.md`.)

Everything is byte-for-byte reproducible except `encrypted.pdf` (fresh random salts each run).

Conventions in the expected texts below: each line of a code block is one line as a reader reads it, in
order. Code blocks are exact (UTF-8, no trailing spaces). Spaces are U+0020 unless said otherwise.
"Full-width" means the CJK punctuation forms: `，` U+FF0C, `：` U+FF1A, `（` U+FF08, `）` U+FF09;
`。` is U+3002 (ideographic full stop); `—` in the GB headers is U+2014 (EM DASH, GB 2312 0xA1AA).

## Good fixtures (text must come out)

### `unigb-ucs2-no-tounicode.pdf` — {sizes['unigb-ucs2-no-tounicode.pdf']} bytes, 2 pages

reportlab `UnicodeCIDFont('STSong-Light')`: Type0 font `/STSong-Light`, `/Encoding /UniGB-UCS2-H`,
descendant `/CIDFontType0` with `/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>`
(reportlab writes 0; the script patches it to 2), FontDescriptor without a font file (not embedded),
**no `/ToUnicode`**. Content streams are `/Filter [/ASCII85Decode /FlateDecode]` (reportlab's default).
The resources also hold an unused Helvetica `/F1` (reportlab's initial font). Every string code is the UCS-2 (UTF-16BE) of the
character, so the text is decodable without any table. Each line is one `Tj`; page 1's first line is
14 pt, the rest 12 pt. Characters to note: U+2014 `—`; full-width `：（）`; `。` U+3002; `±` U+00B1;
`℃` U+2103 (DEGREE CELSIUS, one character); `0.75 mA` is ASCII with an ASCII space.

{_block(UNIGB_PAGES)}
### `gbk-euc-h-no-tounicode.pdf` — {sizes['gbk-euc-h-no-tounicode.pdf']} bytes, 1 page

Hand-written: Type0 `/STSong-Light-GBK-EUC-H`, `/Encoding /GBK-EUC-H`, descendant `/CIDFontType0`
`/STSong-Light`, CIDSystemInfo (Adobe, GB1, 2), `/DW 1000 /W [814 907 500 7716 7716 500]`,
FontDescriptor without a font file, **no `/ToUnicode`**. Uncompressed content: one `<hex> Tj` per line;
the hex is the GBK encoding of the line (ASCII digits, Latin letters, `.` and space are single bytes
0x20–0x7E; Chinese characters and full-width punctuation are two bytes 0x81–0xFE lead).
Decoding the bytes as GBK (encoding_rs `GBK`, Python `gbk`) gives exactly these lines.
Note: via the CMap, byte 0x20 is CID 7716, which Adobe-GB1-UCS2 maps to U+2002 EN SPACE
(pdfminer maps it to U+0020); decoding the bytes as GBK gives U+0020, as listed here.

{_block([GBK_LINES])}
### `identity-h-gb1-cids.pdf` — {sizes['identity-h-gb1-cids.pdf']} bytes, 1 page

Hand-written: Type0 `/STSong-Light-Identity-H`, `/Encoding /Identity-H`, descendant `/CIDFontType0`
with CIDSystemInfo (Adobe, GB1, 4), FontDescriptor without a font file, **no `/ToUnicode`**.
FlateDecode content, one `<hex> Tj` per line; each 2-byte code is an Adobe-GB1 CID: for every character
the lowest CID that `src/ingest/pdf/data/adobe-gb1.bin` maps to it (so ASCII uses the proportional CIDs
1–95: space = CID 1, `4` = CID 21; hanzi are in GB 2312 order, e.g. 器 = CID 3094).
Only the adobe-gb1.bin table can decode it. `Ω` is U+03A9 (CID 548), `，` U+FF0C (CID 273), `—` U+2014 (CID 105).

{_block([IDENTITY_LINES])}
### `simple-fonts.pdf` — {sizes['simple-fonts.pdf']} bytes, 1 page

Hand-written, uncompressed content, one `BT … Tj ET` per line. Fonts:
- `/F1` Type1 Helvetica, `/WinAnsiEncoding` (line 1, 14 pt);
- `/F2` Type1 Times-Roman, `/WinAnsiEncoding` (lines 5–7): `°` is byte 0xB0, `±` 0xB1;
- `/F3` Type1 Times-Roman, `/Encoding << /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl /endash /quoteright] >>`
  (lines 2–4): every `fi` in the text is byte 0x01 (glyph `fi`, U+FB01), every `fl` byte 0x02 (glyph `fl`,
  U+FB02), `–` byte 0x03 (`endash`, U+2013), `’` byte 0x04 (`quoteright`, U+2019). So "specified" is the
  bytes `speci\\001ed`, "flexible" `\\002exible`, "fitted" `\\001tted`.
- `/TT` embedded TrueType subset `ABCDEF+FixtureSans` (of reportlab's Vera.ttf, renamed as its licence asks),
  symbolic, no `/Encoding`, codes 1..n assigned in order of first use (`4`=1, `.`=2, `6`=3, space=4, …) and a
  `/ToUnicode` CMap (bfchar) mapping them back (line 8). The codes mean nothing without the ToUnicode map.

Physical lines (what is on the page, ligatures shown expanded; raw extraction gives U+FB01/U+FB02 for them):

{_block([[t for _, t in SIMPLE_LAYOUT]])}
As a reader should deliver it (ligatures expanded to `fi`/`fl`; the hyphenated `insu-` + `lation` joined to
`insulation` and the two lines of clause 4.4 joined with one space). `’` stays U+2019 and `–` U+2013:

{_block([SIMPLE_READER])}
### `two-column.pdf` — {sizes['two-column.pdf']} bytes, 2 pages (A4)

reportlab, content `/Filter [/ASCII85Decode /FlateDecode]`. Running header `{TWO_COL_HEADER}` (Helvetica 9 pt, top left, y = 282 mm) and a
centred page-number footer `Page 1` / `Page 2` (Helvetica 9 pt, y = 12 mm) on each page. Two columns 80 mm wide starting at x = 20 mm and x = 110 mm, text from y = 267 mm down, 13 pt
line pitch; clause headings in Helvetica-Bold, bodies in Helvetica 10 pt. Page 1: clauses 1–3 in the left
column, 4–6 in the right; page 2: 7–9 left, 10–12 right. Left and right lines sit on the same baselines,
so an extractor that reads straight across interleaves them. `°` U+00B0, `±` U+00B1; `10 %` has an ASCII space before `%`.

Physical lines in reading order (header, left column top to bottom, right column, footer):

{_block(two_phys)}
As a reader should deliver it (each clause body's wrapped lines joined with one space; no hyphenation
occurs; whether header/footer are kept or dropped as page furniture is the reader's choice):

{_block(two_col_reader())}
## Bad fixtures (must fail cleanly, or degrade as described; never panic, never emit garbage)

| file | size | how made | expected |
| --- | --- | --- | --- |
| `encrypted.pdf` | {sizes['encrypted.pdf']} | pikepdf: `simple-fonts.pdf` saved with `Encryption(owner="{ENCRYPTED_OWNER_PW}", user="{ENCRYPTED_USER_PW}", R=6)` (AES-256, /V 5 /R 6) | error: encrypted, password required (the empty user password does not open it). Note lopdf 0.47 `Document::load` returns Ok with `is_encrypted() == true` and **0 pages** (it cannot decrypt, so the page tree is unreadable): check `is_encrypted()` before reporting "no pages". With user password `{ENCRYPTED_USER_PW}` it is `simple-fonts.pdf` (pikepdf Flate-compressed its content stream) |
| `truncated.pdf` | {sizes['truncated.pdf']} | first half (floor(len/2) bytes) of `two-column.pdf` | error: damaged / truncated. What is left: header, objects 1–8 intact (fonts, both Page dicts, Catalog, Info, Pages with `/Count 2`), then object 9 (page 1's content stream) cut in the middle of its ASCII85 data; no `endstream`, object 10 (page 2's content), xref, trailer, `startxref` or `%%EOF`. Recovering parsers open it: lopdf 0.47 `Document::load` returns Ok with 2 pages and empty text, qpdf/pikepdf recover 2 pages, pdfminer raises `PSEOF`. So the reader must detect it itself (missing `%%EOF`/`startxref`, or pages whose `/Contents` object is missing/unterminated) and report it damaged rather than as an empty document |
| `not-a-pdf.pdf` | {sizes['not-a-pdf.pdf']} | UTF-8 text file with a .pdf name (no `%PDF-` anywhere) | error: not a PDF (no header). lopdf 0.47: `Err(Parse(InvalidFileHeader))` |
| `zero-pages.pdf` | {sizes['zero-pages.pdf']} | hand-written; Catalog → `/Pages << /Type /Pages /Kids [] /Count 0 >>` | valid PDF, 0 pages: error/empty "no pages" (no text). lopdf 0.47 loads it, `get_pages()` is empty, `is_encrypted()` false |
| `image-only.pdf` | {sizes['image-only.pdf']} | hand-written; 1 A4 page whose content is `q … cm /Im1 Do Q`, Im1 a 300×420 8-bit DeviceGray FlateDecode image of dark bars (a fake scan); no fonts, no text operators | no text layer: error/warning "image-only (scanned?) PDF", zero text lines |
| `unmappable-font.pdf` | {sizes['unmappable-font.pdf']} | hand-written; page 1 Helvetica/WinAnsi; page 2 Type0 `/Encoding /Identity-H`, descendant `/CIDFontType2` `/GHIJKL+FixtureSans`, `/CIDToGIDMap /Identity`, CIDSystemInfo (Adobe, **Identity**, 0), FontDescriptor without `/FontFile2`, **no `/ToUnicode`**. Page 2 codes are TrueType-style glyph ids (char − 29, e.g. `T` → 0x0037) | page 1 text extracts; page 2 cannot be mapped: report it as unmappable (e.g. warning + no text for page 2, or an error for the document), and never output the glyph ids as characters. pdfminer prints `(cid:21)(cid:3)…`; lopdf 0.47's own `extract_text` and poppler's pdftotext both treat the codes as Unicode and print garbage for page 2 (`1RUPDWLYH…` = "Normative" shifted by 29, with U+0003 for spaces) |

`unmappable-font.pdf` page 1 expected text:

{_block([UNMAPPABLE_PAGE1])}
(Page 2 was drawn from the source text `{UNMAPPABLE_PAGE2_SOURCE[0]}` / `{UNMAPPABLE_PAGE2_SOURCE[1]}`, which
must NOT be expected back: nothing in the file maps the codes to it.)
"""
