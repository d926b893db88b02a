#!/usr/bin/env python3
"""Render a standard of the sample corpus (NISO STS XML) as a PDF laid out like a
printed national standard, to test stdalign's PDF ingestion against known text.

    python3 scripts/pdf/render.py IN.xml OUT.pdf [--columns 2] [--html OUT.html]

The text comes from stdalign itself: IN.xml is ingested into a temporary index with
the stdalign binary ($STDALIGN_BIN, default target/release/stdalign) and read back
with `show --json`, so every clause line printed in the PDF is a line of the clause
text stdalign holds for the XML. The layout (cover, contents, running header, page
numbers, annex headings, tables, notes) is HTML + CSS printed to PDF by headless
Chromium ($CHROMIUM, default /usr/bin/chromium).

Only the Python standard library is used. The contents page gets exact page numbers:
the PDF is printed twice, and the page of each contents entry is read from the PDF's
named destinations (the contents entries are links) between the two passes.

Text that is in the PDF but not in the clauses (on purpose, as in real standards):
the cover, the contents page, the running header (standard number) and page numbers,
the document title repeated above clause 1, and the annex label line ("附录 A",
"Annex F", "ภาคผนวก ก"). Everything else is clause text, one line per paragraph.
"""

import argparse
import datetime
import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------------------
# National styles
# --------------------------------------------------------------------------------------

THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"

# The Vietnamese, Indonesian and Malaysian styles: serif body, sans headings.
LATIN_SERIF = {
        "body_font": '"DejaVu Serif", serif',
        "head_font": '"DejaVu Sans", sans-serif',
        "size": 10.0, "h1": 12.0, "h2": 10.0, "note": 8.5, "table": 8.5, "title": 14.0,
        "line_height": 1.4, "indent": "0", "para_gap": "5pt",
}

# Per language: fonts, sizes (pt), words printed around the clauses.
LANG = {
    "zh": {
        # A TrueType CJK face: Chromium draws CFF faces such as Noto CJK as Type 3
        # fonts whose ToUnicode maps leave some glyphs (具) unmapped; WenQuanYi Micro
        # Hei (apt fonts-wqy-microhei) is embedded as a Type 0 font with a full map.
        "body_font": '"WenQuanYi Micro Hei", sans-serif',
        "head_font": '"WenQuanYi Micro Hei", sans-serif',
        "size": 10.5, "h1": 12.0, "h2": 10.5, "note": 9.0, "table": 9.0, "title": 16.0,
        "line_height": 1.6, "indent": "2em", "para_gap": "0",
        "toc": "目次", "annex": "附录", "annex_sep": " ", "leader": "…",
    },
    "vi": {
        **LATIN_SERIF,
        "toc": "Mục lục", "annex": "Phụ lục", "annex_sep": " ", "leader": ".",
    },
    "th": {
        # Norasi (TLWG) is the Thai face whose text survives extraction intact: its
        # above-base marks are separate glyphs with their own advance, so tools that
        # rebuild words from glyph positions do not split them off.
        "body_font": '"Norasi", "Laksaman", "Garuda", "DejaVu Serif", serif',
        "head_font": '"Norasi", "Laksaman", "Garuda", "DejaVu Sans", sans-serif',
        # Norasi's ascent + descent is 1.70 em and stacked marks reach beyond it: every
        # line box gets at least 1.8 em, or the ink of the first line of a page is
        # also painted at the foot of the page before (stray glyphs in the PDF text).
        "size": 13.0, "h1": 15.0, "h2": 13.0, "note": 11.5, "table": 11.5, "title": 18.0,
        "line_height": 1.8, "min_line_height": 1.8, "indent": "0", "para_gap": "2pt",
        "toc": "สารบัญ", "annex": "ภาคผนวก", "annex_sep": " ", "leader": ".",
    },
    "en": {
        "body_font": '"Liberation Sans", "DejaVu Sans", Arial, sans-serif',
        "head_font": '"Liberation Sans", "DejaVu Sans", Arial, sans-serif',
        "size": 10.0, "h1": 12.0, "h2": 10.0, "note": 8.5, "table": 8.5, "title": 14.0,
        "line_height": 1.35, "indent": "0", "para_gap": "6pt",
        "toc": "Contents", "annex": "Annex", "annex_sep": " ", "leader": ".",
    },
    "id": {
        **LATIN_SERIF,
        "toc": "Daftar isi", "annex": "Lampiran", "annex_sep": " ", "leader": ".",
    },
    "ms": {
        **LATIN_SERIF,
        "toc": "Kandungan", "annex": "Lampiran", "annex_sep": " ", "leader": ".",
    },
}

NOTE_RE = re.compile(
    r"^(注\s*\d*|注：|NOTE\b|NOTA\b|CHÚ THÍCH\b|หมายเหตุ|CATATAN\b|"
    r"示例|EXAMPLE\b|VÍ DỤ\b|ตัวอย่าง|CONTOH\b)"
)
TABLE_LABEL_RE = re.compile(
    r"^(表\s*[A-Z]?\.?\d+|Table\s+[A-Z]?\.?\d+|Bảng\s+[A-Z]?\.?\d+|ตารางที่\s+\S+|"
    r"Tabel\s+[A-Z]?\.?\d+|Jadual\s+[A-Z]?\.?\d+)$"
)
ANNEX_TYPE_RE = re.compile(r"^[（(][^()（）]{1,40}[)）]$")

THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]


def body_profile(meta, year):
    """Cover wording for the standard's body (falls back on its language)."""
    body = (meta.get("body") or "").upper()
    origin = (meta.get("originator") or "").upper()
    lang = meta.get("lang", "en")
    if body == "SAC" or origin == "GB" or lang == "zh":
        if year and year >= 2018:
            issuers = ["国家市场监督管理总局", "国家标准化管理委员会"]
        else:
            issuers = ["中华人民共和国国家质量监督检验检疫总局", "中国国家标准化管理委员会"]
        return {
            "style": "gb",
            "country": "中华人民共和国国家标准",
            "country_en": "National Standard of the People's Republic of China",
            "logo": "GB",
            "issued": "{} 发布", "effective": "{} 实施",
            "issuers": issuers, "issuer_verb": "发布", "place": None,
        }
    if body in ("TCVN", "STAMEQ") or origin == "TCVN" or lang == "vi":
        return {
            "style": "tcvn",
            "country": "TIÊU CHUẨN QUỐC GIA",
            "country_en": "NATIONAL STANDARD",
            "logo": "TCVN",
            "issued": "Công bố: {}", "effective": "Hiệu lực: {}",
            "issuers": ["BỘ KHOA HỌC VÀ CÔNG NGHỆ",
                        "TỔNG CỤC TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG"],
            "issuer_verb": None, "place": "HÀ NỘI – {}",
        }
    if body == "TISI" or lang == "th":
        return {
            "style": "tis",
            "country": "มาตรฐานผลิตภัณฑ์อุตสาหกรรม",
            "country_en": "THAI INDUSTRIAL STANDARD",
            "logo": "มอก.",
            "issued": "ประกาศ {}", "effective": "มีผลใช้ {}",
            "issuers": ["สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม", "กระทรวงอุตสาหกรรม"],
            "issuer_verb": None, "place": None,
        }
    if body == "BPS" or origin == "PNS":
        return {
            "style": "pns",
            "country": "PHILIPPINE NATIONAL STANDARD",
            "country_en": None,
            "logo": "PNS",
            "issued": "Date of approval: {}", "effective": "Effective: {}",
            "issuers": ["BUREAU OF PHILIPPINE STANDARDS",
                        "Department of Trade and Industry, Philippines"],
            "issuer_verb": None, "place": None,
        }
    if body == "BSN" or lang == "id":
        return {
            "style": "sni",
            "country": "Standar Nasional Indonesia",
            "country_en": None,
            "logo": "SNI",
            "issued": "Ditetapkan: {}", "effective": "Berlaku: {}",
            "issuers": ["Badan Standardisasi Nasional"],
            "issuer_verb": None, "place": None,
        }
    if body == "DSM" or lang == "ms":
        return {
            "style": "ms",
            "country": "MALAYSIAN STANDARD",
            "country_en": None,
            "logo": "MS",
            "issued": "Published: {}", "effective": "Effective: {}",
            "issuers": ["Department of Standards Malaysia"],
            "issuer_verb": None, "place": None,
        }
    return {
        "style": "generic", "country": "NATIONAL STANDARD", "country_en": None,
        "logo": origin or body, "issued": "Published: {}", "effective": "Effective: {}",
        "issuers": [meta.get("body") or origin], "issuer_verb": None, "place": None,
    }


# --------------------------------------------------------------------------------------
# Input: stdalign JSON + a few metadata fields read from the XML
# --------------------------------------------------------------------------------------

def find_stdalign():
    b = os.environ.get("STDALIGN_BIN") or str(REPO / "target" / "release" / "stdalign")
    if not os.path.isabs(b) and os.sep in b:
        b = str((Path.cwd() / b).resolve())
    if not (os.path.isfile(b) and os.access(b, os.X_OK)):
        found = shutil.which(b)
        if not found:
            sys.exit(f"render.py: stdalign binary not found: {b} (set STDALIGN_BIN)")
        b = found
    return b


def find_chromium():
    c = os.environ.get("CHROMIUM")
    if c:
        return c
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name) if not os.path.isabs(name) else (name if os.path.exists(name) else None)
        if p:
            return p
    sys.exit("render.py: chromium not found (set CHROMIUM)")


def load_standard(xml_path, work):
    """Ingest the XML into a throwaway index and return `show --json` as a dict."""
    binary = find_stdalign()
    index = os.path.join(work, "index")
    # No embedding model: keyword-only indexing is enough to read the clauses back and
    # much faster. cwd is the temp dir so a relative default model path never resolves.
    common = [binary, "--index", index, "--model-dir", os.path.join(work, "no-model")]
    r = subprocess.run(common + ["ingest", str(xml_path)], cwd=work,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"render.py: stdalign ingest failed for {xml_path}:\n{r.stdout}{r.stderr}")
    r = subprocess.run(common + ["list", "--json"], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"render.py: stdalign list failed:\n{r.stderr}")
    listed = json.loads(r.stdout)
    if len(listed) != 1:
        sys.exit(f"render.py: expected one standard in {xml_path}, stdalign found {len(listed)}")
    ref = listed[0]["reference"]
    r = subprocess.run(common + ["show", ref, "--json"], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"render.py: stdalign show failed:\n{r.stderr}")
    return json.loads(r.stdout)


def xml_meta(xml_path):
    """Release dates and edition (stdalign's JSON does not carry them)."""
    text = Path(xml_path).read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(r"<release-date([^>]*)>([^<]*)</release-date>", text):
        attrs, value = m.group(1), m.group(2).strip()
        kind = re.search(r'date-type="([^"]+)"', attrs)
        kind = kind.group(1) if kind else "published"
        iso = re.search(r'iso-8601-date="([^"]+)"', attrs)
        if kind not in out:  # the first (outermost, national) identity wins
            out[kind] = iso.group(1) if iso else value
    ed = re.search(r"<edition>([^<]+)</edition>", text)
    if ed:
        out["edition"] = ed.group(1).strip()
    return out


def plausible_dates(meta, xmeta):
    """(issued, effective) as datetime.date: from the XML when it gives full dates,
    otherwise derived deterministically from the reference and year."""
    ref = meta["reference"]
    h = int(hashlib.sha1(ref.encode("utf-8")).hexdigest(), 16)

    def parse(s):
        try:
            return datetime.date.fromisoformat(s)
        except (TypeError, ValueError):
            return None

    issued = parse(xmeta.get("published"))
    if issued is None:
        year = meta.get("year")
        m = re.match(r"^(\d{4})", xmeta.get("published") or "")
        if m:
            year = int(m.group(1))
        year = year or 2000
        issued = datetime.date(year, 1 + h % 12, 1 + (h // 12) % 28)
    effective = parse(xmeta.get("effective"))
    if effective is None:
        months = 6 + (h // 400) % 7  # 6 to 12 months later, first of the month
        y, mo = issued.year + (issued.month - 1 + months) // 12, (issued.month - 1 + months) % 12 + 1
        effective = datetime.date(y, mo, 1)
    return issued, effective


def format_date(d, style):
    if style == "tis":
        return f"{d.day} {THAI_MONTHS[d.month - 1]} พ.ศ. {d.year + 543}"
    return d.isoformat()


def display_number(ref, style):
    """The standard number as its cover prints it: GB writes the year after an em dash."""
    if style == "gb":
        return re.sub(r"-(\d{4})$", r"—\1", ref)
    return ref


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

def esc(s):
    return html.escape(s, quote=True)


def annex_letter(key, lang):
    if lang == "th" and len(key) == 1 and "A" <= key <= "Z":
        return THAI_LETTERS[ord(key) - ord("A")]
    return key


def annex_label(key, lang):
    p = LANG.get(lang, LANG["en"])
    return f"{p['annex']}{p['annex_sep']}{annex_letter(key, lang)}"


def split_annex_type(clause):
    """An annex's text starts with its type line ("（资料性附录）", "(normative)")."""
    lines = clause["text"].split("\n") if clause.get("text") else []
    if lines and ANNEX_TYPE_RE.match(lines[0].strip()):
        return lines[0].strip(), lines[1:]
    return None, lines


def classify(lines):
    """Tag each clause text line: para, note, row, caption."""
    tags = []
    n = len(lines)
    is_row = [" | " in l for l in lines]
    for i, l in enumerate(lines):
        if is_row[i]:
            tags.append("row")
        elif TABLE_LABEL_RE.match(l.strip()) and (
            (i + 1 < n and is_row[i + 1]) or (i + 2 < n and is_row[i + 2])
        ):
            tags.append("caption")
        elif i + 1 < n and is_row[i + 1] and i > 0 and TABLE_LABEL_RE.match(lines[i - 1].strip()):
            tags.append("caption")
        elif NOTE_RE.match(l.strip()):
            tags.append("note")
        else:
            tags.append("para")
    return tags


def render_lines(lines, lead=None):
    """Clause text lines as HTML. `lead` (a clause number) starts the first paragraph
    when the clause has no heading."""
    out = []
    tags = classify(lines)
    if lead is not None and (not lines or tags[0] == "row"):
        out.append(f'<p class="p lead"><span class="num">{esc(lead)}</span></p>')
        lead = None
    i = 0
    while i < len(lines):
        tag = tags[i]
        if tag == "row":
            rows = []
            while i < len(lines) and tags[i] == "row":
                rows.append(lines[i].split(" | "))
                i += 1
            width = max(len(r) for r in rows)
            t = ['<table class="tbl">']
            head, body = rows[0], rows[1:]
            t.append("<thead><tr>" + "".join(f"<th>{esc(c.strip())}</th>" for c in head)
                     + "".join("<th></th>" for _ in range(width - len(head))) + "</tr></thead>")
            if body:
                t.append("<tbody>")
                for r in body:
                    t.append("<tr>" + "".join(f"<td>{esc(c.strip())}</td>" for c in r)
                             + "".join("<td></td>" for _ in range(width - len(r))) + "</tr>")
                t.append("</tbody>")
            t.append("</table>")
            out.append("".join(t))
            continue
        text = esc(lines[i])
        if lead is not None and not out:
            text = f'<span class="num">{esc(lead)}</span> {text}'
            cls = "p lead"
        else:
            cls = {"para": "p", "note": "p note", "caption": "p caption"}[tag]
        out.append(f'<p class="{cls}">{text}</p>')
        i += 1
    return "\n".join(out)


def css(lang, style, number, columns):
    p = LANG.get(lang, LANG["en"])
    scale = 0.92 if columns > 1 else 1.0
    size, h1, h2 = p["size"] * scale, p["h1"] * scale, p["h2"] * scale
    note, table = p["note"] * scale, p["table"] * scale
    header_font = p["head_font"]
    # Thai is set ragged right: justifying it stretches the few spaces of a line
    # (phrase breaks) into gaps wide enough to look like a column break.
    just = "left" if lang == "th" else "justify"
    # GB/T 1.1 text block: 25 mm top/left, 20 mm right/bottom (a little more at the
    # bottom for the page number).
    if style == "gb":
        margins = "25mm 20mm 22mm 25mm"
    elif columns > 1:
        margins = "22mm 16mm 20mm 16mm"
    else:
        margins = "25mm 20mm 22mm 22mm"
    def lh(x):
        return max(x, p.get("min_line_height", 0))

    number_css = number.replace("\\", "\\\\").replace('"', '\\"')
    return f"""
@page {{
  size: A4;
  margin: {margins};
  @top-right {{
    content: "{number_css}";
    font-family: {header_font}; font-size: 9.5pt; font-weight: 700;
    vertical-align: bottom; padding-bottom: 3mm;
  }}
  @bottom-center {{
    content: counter(page);
    font-family: {p['body_font']}; font-size: 9pt;
    vertical-align: top; padding-top: 3mm;
  }}
}}
@page cover {{
  margin: 18mm 20mm 16mm 22mm;
  @top-right {{ content: none; }}
  @bottom-center {{
    content: "© illustrative sample, not an official text";
    font-family: "DejaVu Sans", sans-serif; font-size: 7pt; color: #555;
    vertical-align: top; padding-top: 2mm;
  }}
}}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{
  margin: 0; font-family: {p['body_font']}; font-size: {size:.2f}pt;
  line-height: {p['line_height']}; color: #000;
}}
.cover {{ page: cover; height: 258mm; position: relative; font-family: {p['head_font']}; }}
.sheet {{ break-before: page; }}
.cols {{ column-count: {columns}; column-gap: 8mm; column-fill: balance; }}
.p {{ margin: 0 0 {p['para_gap']} 0; text-indent: {p['indent']}; text-align: {just}; orphans: 2; widows: 2; }}
.p.lead {{ text-indent: 0; }}
.p.note {{ font-size: {note:.2f}pt; line-height: {lh(1.4)}; margin-top: 2pt; margin-bottom: 4pt; }}
.p.caption {{ text-indent: 0; text-align: center; font-family: {p['head_font']}; font-weight: 700;
  margin: 6pt 0 2pt 0; break-after: avoid; }}
.p.caption + .p.caption {{ margin-top: 0; }}
.num {{ font-family: {p['head_font']}; font-weight: 700; margin-right: 0.3em; }}
h1, h2, h3, h4, h5 {{ font-family: {p['head_font']}; font-weight: 700; margin: 0; break-after: avoid; text-align: left; }}
.h.d1 {{ font-size: {h1:.2f}pt; margin: 12pt 0 5pt 0; line-height: {lh(1.35)}; }}
.h.d2, .h.d3, .h.d4 {{ font-size: {h2:.2f}pt; margin: 8pt 0 3pt 0; line-height: {lh(1.35)}; }}
.h .num {{ margin-right: 0.3em; }}
.front-title {{ font-family: {p['head_font']}; font-weight: 700; font-size: {p['title']:.1f}pt;
  text-align: center; margin: 4pt 0 14pt 0; break-after: avoid; }}
.doc-title {{ font-family: {p['head_font']}; font-weight: 700; font-size: {p['title']:.1f}pt;
  text-align: center; margin: 2pt 0 16pt 0; line-height: {lh(1.4)}; }}
.annex-head {{ text-align: center; font-family: {p['head_font']}; font-weight: 700;
  margin: 0 0 12pt 0; break-after: avoid; line-height: {lh(1.5)}; }}
.annex-label {{ font-size: {p['title'] * 0.85:.1f}pt; }}
.annex-type {{ font-size: {size:.2f}pt; font-weight: 400; }}
.annex-title {{ font-size: {p['title'] * 0.85:.1f}pt; }}
table.tbl {{ border-collapse: collapse; margin: 4pt auto 8pt auto; font-size: {table:.2f}pt;
  line-height: {lh(1.35)}; max-width: 100%; }}
table.tbl th, table.tbl td {{ border: 0.6pt solid #000; padding: 2.5pt 5pt; vertical-align: top; text-align: center; white-space: nowrap; }}
table.tbl td:first-child {{ text-align: left; }}
table.tbl th {{ font-family: {p['head_font']}; font-weight: 700; }}
table.tbl tr {{ break-inside: avoid; }}
table.tbl {{ border: 1pt solid #000; }}
.toc h1 {{ text-align: center; font-size: {p['title']:.1f}pt; margin: 6pt 0 18pt 0; }}
.toc .e {{ display: flex; align-items: baseline; margin: 0 0 4pt 0; font-size: {size:.2f}pt; }}
.toc .e a {{ color: #000; text-decoration: none; }}
.toc .e .t {{ flex: 0 1 auto; }}
.toc .e .l {{ flex: 1 1 0; min-width: 2em; overflow: hidden; white-space: nowrap; text-align: right;
  padding: 0 2pt; }}
.toc .e .n {{ flex: none; min-width: 1.5em; text-align: right; }}
.toc .e.sub {{ padding-left: 0; }}
{cover_css(style, p)}
"""


def cover_css(style, p):
    hf = p["head_font"]
    base = f"""
.cover .top {{ position: absolute; top: 0; left: 0; right: 0; font-size: 10.5pt; line-height: 1.5; }}
.cover .logo {{ position: absolute; top: 0; right: 0; font-family: "DejaVu Sans", {hf}; font-weight: 700;
  font-size: 30pt; border: 2.5pt solid #000; padding: 0 8pt; line-height: 1.25; }}
.cover .country {{ position: absolute; top: 32mm; left: 0; right: 0; text-align: center; }}
.cover .country .c1 {{ font-size: 22pt; font-weight: 700; }}
.cover .country .c2 {{ font-size: 10pt; margin-top: 2pt; }}
.cover .numblock {{ position: absolute; top: 56mm; left: 0; right: 0; text-align: right; line-height: 1.4; }}
.cover .numblock .no {{ font-size: 16pt; font-weight: 700; }}
.cover .numblock .sub {{ font-size: 10pt; }}
.cover .rule {{ position: absolute; left: 0; right: 0; border-top: 1.2pt solid #000; }}
.cover .titles {{ position: absolute; top: 100mm; left: 6mm; right: 6mm; text-align: center; line-height: 1.5; }}
.cover .titles .tn {{ font-size: 21pt; font-weight: 700; margin-bottom: 10pt; }}
.cover .titles .te {{ font-size: 12pt; margin-bottom: 10pt; }}
.cover .titles .ad {{ font-size: 11pt; }}
.cover .dates {{ position: absolute; bottom: 30mm; left: 0; right: 0; font-size: 12pt; font-weight: 700;
  display: flex; justify-content: space-between; }}
.cover .issuers {{ position: absolute; bottom: 0; left: 0; right: 0; display: flex; justify-content: center;
  align-items: center; gap: 10mm; font-size: 14pt; font-weight: 700; line-height: 1.6; text-align: center; }}
.cover .issuers .verb {{ font-size: 16pt; }}
"""
    if style == "gb":
        base += """
.cover .titles .te { font-family: "DejaVu Serif", serif; font-weight: 400; }
.cover .dates { bottom: 30mm; }
"""
    elif style == "tis":
        base += """
.cover .country { top: 24mm; }
.cover .country .c1 { font-size: 26pt; }
.cover .numblock { top: 58mm; text-align: center; }
.cover .numblock .no { font-size: 24pt; }
.cover .titles { top: 92mm; }
.cover .titles .tn { font-size: 24pt; }
.cover .titles .te { font-family: "DejaVu Sans", sans-serif; font-size: 12pt; }
.cover .issuers { font-size: 17pt; flex-direction: column; gap: 0; }
.cover .dates { font-size: 13pt; }
.cover .logo { font-family: "Norasi", sans-serif; font-size: 24pt; }
"""
    elif style == "tcvn":
        base += """
.cover .country .c1 { font-size: 20pt; }
.cover .titles .tn { font-size: 18pt; }
.cover .titles .te { font-style: italic; }
.cover .issuers { flex-direction: column; gap: 0; font-size: 11pt; }
.cover .logo { font-size: 24pt; }
.cover .dates { font-size: 11pt; }
"""
    else:
        base += """
.cover .country .c1 { font-size: 20pt; letter-spacing: 0; }
.cover .titles .tn { font-size: 18pt; }
.cover .issuers { flex-direction: column; gap: 0; font-size: 12pt; }
.cover .logo { font-size: 24pt; }
.cover .dates { font-size: 11pt; }
"""
    return base


def cover_html(meta, xmeta, prof, number, lang):
    titles = meta.get("titles", {})
    national = titles.get(lang) or next(iter(titles.values()), "")
    english = titles.get("en") if lang != "en" else None
    ics = "; ".join(meta.get("ics", []))
    adoption = ""
    if meta.get("adoptions"):
        a = meta["adoptions"][0]
        adoption = f"({a['reference']}, {a['degree']})"
    issued, effective = plausible_dates(meta, xmeta)
    style = prof["style"]
    parts = ['<section class="cover">']
    top = [f"ICS {esc(ics)}"] if ics else []
    parts.append('<div class="top">' + "<br>".join(top) + "</div>")
    parts.append(f'<div class="logo">{esc(prof["logo"])}</div>')
    parts.append('<div class="country">')
    parts.append(f'<div class="c1">{esc(prof["country"])}</div>')
    if prof.get("country_en"):
        parts.append(f'<div class="c2">{esc(prof["country_en"])}</div>')
    parts.append("</div>")
    parts.append('<div class="numblock">')
    parts.append(f'<div class="no">{esc(number)}</div>')
    if style == "tcvn" and xmeta.get("edition"):
        parts.append(f'<div class="sub">Xuất bản lần {esc(xmeta["edition"])}</div>')
    parts.append("</div>")
    parts.append('<div class="rule" style="top: 80mm"></div>')
    parts.append('<div class="titles">')
    parts.append(f'<div class="tn">{esc(national)}</div>')
    if english:
        parts.append(f'<div class="te">{esc(english)}</div>')
    if adoption:
        parts.append(f'<div class="ad">{esc(adoption)}</div>')
    parts.append("</div>")
    parts.append('<div class="dates">'
                 f'<span>{esc(prof["issued"].format(format_date(issued, style)))}</span>'
                 f'<span>{esc(prof["effective"].format(format_date(effective, style)))}</span>'
                 "</div>")
    parts.append('<div class="rule" style="bottom: 27mm"></div>')
    issuer_lines = "<br>".join(esc(x) for x in prof["issuers"])
    if prof.get("place"):
        year = issued.year + (543 if style == "tis" else 0)
        issuer_lines += "<br>" + esc(prof["place"].format(year))
    verb = f'<div class="verb">{esc(prof["issuer_verb"])}</div>' if prof.get("issuer_verb") else ""
    parts.append(f'<div class="issuers"><div>{issuer_lines}</div>{verb}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def heading_html(clause, cid, depth):
    key, heading = clause["key"], clause.get("heading")
    d = min(max(depth, 1), 4)
    tag = f"h{min(d + 1, 5)}"
    return (f'<{tag} class="h d{d}" id="{cid}"><span class="num">{esc(key)}</span> '
            f'<span class="ht">{esc(heading)}</span></{tag}>')


def build_html(meta, xmeta, columns, toc_pages=None):
    lang = meta.get("lang", "en")
    if lang not in LANG:
        lang = "en"
    prof = body_profile(meta, meta.get("year"))
    style = prof["style"]
    number = display_number(meta["reference"], style)
    p = LANG[lang]
    clauses = meta["clauses"]
    titles = meta.get("titles", {})
    national = titles.get(lang) or next(iter(titles.values()), "")

    # Sections: front matter (foreword, introduction and the clauses of an
    # introduction such as IEC 62368's clause 0), main body, each annex.
    ids = {}
    for i, c in enumerate(clauses):
        ids[c["key"]] = f"c{i}"
    front, main, annexes = [], [], []
    for c in clauses:
        top = c["key"].split(".")[0]
        top_clause = next((x for x in clauses if x["key"] == top), c)
        if c["kind"] in ("foreword",) or c["key"] in ("foreword", "introduction") or (
            top_clause["kind"] == "introduction" and not main and not annexes
        ):
            front.append(c)
        elif c["kind"] == "annex":
            if c.get("depth", 1) == 1 or not annexes:
                annexes.append([c])
            else:
                annexes[-1].append(c)
        else:
            main.append(c)

    # Contents: foreword/introduction, depth-1 clauses, annexes.
    toc = []
    for c in clauses:
        if c.get("depth", 1) != 1:
            continue
        if c["key"] in ("foreword", "introduction") or c["kind"] == "foreword":
            label = c.get("heading") or c["key"]
        elif c["kind"] == "annex":
            atype, _ = split_annex_type(c)
            label = annex_label(c["key"], lang)
            if atype:
                label += atype if lang == "zh" else " " + atype
            if c.get("heading"):
                label += " " + c["heading"]
        else:
            label = c["key"] + (" " + c["heading"] if c.get("heading") else "")
        toc.append((ids[c["key"]], label))

    out = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else lang}">',
           "<head>", '<meta charset="utf-8">',
           f"<title>{esc(meta['reference'])} {esc(national)}</title>",
           f"<style>{css(lang, style, number, columns)}</style>", "</head>", "<body>"]
    out.append(cover_html(meta, xmeta, prof, number, lang))

    # Contents page.
    out.append('<section class="toc sheet">')
    out.append(f"<h1>{esc(p['toc'])}</h1>")
    for cid, label in toc:
        page = (toc_pages or {}).get(cid, "")
        out.append(f'<div class="e"><a class="t" href="#{cid}">{esc(label)}</a>'
                   f'<span class="l"></span><span class="n">{page}</span></div>')
    out.append("</section>")

    def wrap(inner):
        if columns > 1:
            return f'<div class="cols">{inner}</div>'
        return inner

    # Front matter: each foreword / introduction on its own page.
    block = []
    for c in front:
        cid = ids[c["key"]]
        lines = c["text"].split("\n") if c.get("text") else []
        if c["key"] in ("foreword", "introduction") or c["kind"] == "foreword":
            if block:
                out.append('<section class="sheet">' + wrap("\n".join(block)) + "</section>")
                block = []
            out.append(f'<section class="sheet"><h1 class="front-title" id="{cid}">'
                       f'{esc(c.get("heading") or "")}</h1>')
            out.append(wrap(render_lines(lines)) + "</section>")
        else:
            if c.get("heading"):
                block.append(heading_html(c, cid, c.get("depth", 1)))
                block.append(render_lines(lines))
            else:
                block.append(f'<a id="{cid}"></a>' + render_lines(lines, lead=c["key"]))
    if block:
        out.append('<section class="sheet">' + wrap("\n".join(block)) + "</section>")

    # Main body, headed by the document title.
    body = []
    for c in main:
        cid = ids[c["key"]]
        lines = c["text"].split("\n") if c.get("text") else []
        if c.get("heading"):
            body.append(heading_html(c, cid, c.get("depth", 1)))
            body.append(render_lines(lines))
        else:
            body.append(f'<div id="{cid}">' + render_lines(lines, lead=c["key"]) + "</div>")
    out.append('<section class="sheet main">')
    out.append(f'<div class="doc-title">{esc(national)}</div>')
    out.append(wrap("\n".join(body)))
    out.append("</section>")

    # Annexes, each on a new page.
    for group in annexes:
        a = group[0]
        cid = ids[a["key"]]
        atype, rest = split_annex_type(a)
        out.append('<section class="sheet annex">')
        head = [f'<div class="annex-label">{esc(annex_label(a["key"], lang))}</div>']
        if atype:
            head.append(f'<div class="annex-type">{esc(atype)}</div>')
        if a.get("heading"):
            head.append(f'<div class="annex-title">{esc(a["heading"])}</div>')
        out.append(f'<div class="annex-head" id="{cid}">' + "".join(head) + "</div>")
        inner = [render_lines(rest)]
        for c in group[1:]:
            ccid = ids[c["key"]]
            lines = c["text"].split("\n") if c.get("text") else []
            if c.get("heading"):
                inner.append(heading_html(c, ccid, c.get("depth", 2)))
                inner.append(render_lines(lines))
            else:
                inner.append(f'<div id="{ccid}">' + render_lines(lines, lead=c["key"]) + "</div>")
        out.append(wrap("\n".join(inner)))
        out.append("</section>")

    # Dotted leaders: filled to the measured width, so no dot is clipped (clipped
    # glyphs would still be in the PDF's text).
    out.append("""<script>
(function () {
  var probe = document.createElement('span');
  probe.style.visibility = 'hidden';
  probe.style.whiteSpace = 'nowrap';
  var leaders = document.querySelectorAll('.toc .e .l');
  for (var i = 0; i < leaders.length; i++) {
    var el = leaders[i];
    probe.textContent = new Array(201).join('%s');
    el.appendChild(probe);
    var dot = probe.getBoundingClientRect().width / 200;
    el.removeChild(probe);
    var n = Math.floor((el.clientWidth - 4) / dot) - 1;
    el.textContent = n > 2 ? new Array(n + 1).join('%s') : '';
  }
})();
</script>""" % (p["leader"], p["leader"]))
    out.append("</body></html>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# PDF: print, read back page numbers of the contents targets, normalise dates
# --------------------------------------------------------------------------------------

def print_pdf(chromium, html_path, pdf_path, work):
    profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--hide-scrollbars", "--mute-audio",
           f"--user-data-dir={profile}", "--no-pdf-header-footer",
           f"--print-to-pdf={pdf_path}", Path(html_path).resolve().as_uri()]
    if os.path.exists(pdf_path):
        os.remove(pdf_path)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        sys.exit("render.py: chromium timed out")
    if not os.path.exists(pdf_path) or os.path.getsize(pdf_path) == 0:
        sys.exit(f"render.py: chromium did not write {pdf_path}:\n{err.decode(errors='replace')[-2000:]}")


def pdf_objects(data):
    """Object number -> dictionary text of an uncompressed (PDF 1.4, Skia) file."""
    objs = {}
    for m in re.finditer(rb"(\d+) 0 obj\s*", data):
        start = m.end()
        end = data.find(b"endobj", start)
        st = data.find(b"stream", start, end)
        objs[int(m.group(1))] = data[start: st if st != -1 else end]
    return objs


def pdf_pages_and_dests(path):
    """(page object numbers in order, {destination name: page index (1-based)})."""
    data = Path(path).read_bytes()
    objs = pdf_objects(data)
    root = None
    for num, body in objs.items():
        if re.search(rb"/Type\s*/Catalog", body):
            root = body
            break
    if root is None:
        return [], {}
    m = re.search(rb"/Pages\s+(\d+)\s+0\s+R", root)
    pages = []

    def walk(n, depth=0):
        body = objs.get(n, b"")
        if depth > 32:
            return
        if re.search(rb"/Type\s*/Pages\b", body):
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
            for k in re.findall(rb"(\d+)\s+0\s+R", kids.group(1) if kids else b""):
                walk(int(k), depth + 1)
        elif re.search(rb"/Type\s*/Page\b", body):
            pages.append(n)

    if m:
        walk(int(m.group(1)))
    index = {n: i + 1 for i, n in enumerate(pages)}
    dests = {}
    d = re.search(rb"/Dests\s+(\d+)\s+0\s+R", root)
    if d:
        body = objs.get(int(d.group(1)), b"")
        for name, pg in re.findall(rb"/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R", body):
            if int(pg) in index:
                dests[name.decode("latin-1")] = index[int(pg)]
    return pages, dests


def fix_dates(path, when):
    """Replace the print timestamp with a fixed one (same length: offsets stay valid),
    so that re-rendering an unchanged document gives an identical file."""
    data = Path(path).read_bytes()
    stamp = when.strftime("%Y%m%d") + "000000"
    new = re.sub(rb"/(CreationDate|ModDate) \(D:\d{14}",
                 lambda m: b"/" + m.group(1) + b" (D:" + stamp.encode(), data)
    if new != data:
        Path(path).write_bytes(new)


def _dict_end(data, i):
    """Index just past the dictionary starting at data[i] == '<<'."""
    depth = 0
    n = len(data)
    while i < n:
        c = data[i:i + 1]
        if data.startswith(b"<<", i):
            depth += 1
            i += 2
            continue
        if data.startswith(b">>", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
            continue
        if c == b"(":  # literal string, nested parentheses and escapes
            level = 0
            while i < n:
                ch = data[i:i + 1]
                if ch == b"\\":
                    i += 2
                    continue
                if ch == b"(":
                    level += 1
                elif ch == b")":
                    level -= 1
                    if level == 0:
                        i += 1
                        break
                i += 1
            continue
        if c == b"<":  # hex string
            i = data.index(b">", i) + 1
            continue
        if c == b"%":  # comment
            while i < n and data[i:i + 1] not in (b"\r", b"\n"):
                i += 1
            continue
        i += 1
    raise ValueError("unterminated dictionary")


def repack(path):
    """Rewrite Chromium's PDF 1.4 output (every dictionary uncompressed) as PDF 1.5
    with object streams and a cross-reference stream. Chromium (Skia) cannot embed
    the CFF outlines of Noto CJK and draws CJK text with Type 3 fonts, one per 256
    glyph ids, whose sparse /Widths and /Differences arrays are most of the file;
    compressing them cuts the size of a Chinese document by about half. Text, fonts
    and page content are untouched."""
    data = Path(path).read_bytes()
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if not m or not data.startswith(b"xref", int(m.group(1))):
        return False  # not the classic layout this expects: leave the file alone
    pos = int(m.group(1))
    tm = re.compile(rb"xref\s+(\d+)\s+(\d+)\s+").match(data, pos)
    first, count = int(tm.group(1)), int(tm.group(2))
    entries = data[tm.end(): tm.end() + 20 * count]
    offsets = {}
    for k in range(count):
        e = entries[20 * k: 20 * k + 20]
        if e[17:18] == b"n":
            offsets[first + k] = int(e[0:10])
    trailer_at = data.index(b"trailer", tm.end() + 20 * count - 1)
    trailer = data[trailer_at: data.index(b"startxref", trailer_at)]
    root = re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer)
    info = re.search(rb"/Info\s+(\d+)\s+0\s+R", trailer)
    ident = re.search(rb"/ID\s*(\[[^\]]*\])", trailer)
    keep_direct = {int(root.group(1))} | ({int(info.group(1))} if info else set())

    plain, streams = {}, {}
    for num, off in offsets.items():
        hm = re.compile(rb"(\d+)\s+(\d+)\s+obj\s*").match(data, off)
        if not hm or int(hm.group(1)) != num:
            return False
        gen = int(hm.group(2))
        start = hm.end()
        if data.startswith(b"<<", start):
            dend = _dict_end(data, start)
            sm = re.compile(rb"\s*stream(\r\n|\n)").match(data, dend)
            if sm:
                length = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", data[start:dend])
                if not length or length.group(2):
                    return False
                send = sm.end() + int(length.group(1))
                em = re.compile(rb"\s*endstream\s*endobj").match(data, send)
                if not em:
                    return False
                streams[num] = data[off: em.end()]
                continue
        end = data.index(b"endobj", start)
        body = data[start:end].strip()
        if gen != 0 or num in keep_direct:
            streams[num] = data[off: end + len(b"endobj")]
        else:
            plain[num] = body

    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    xref = {}  # num -> (type, field2, field3)
    for num in sorted(streams):
        xref[num] = (1, len(out), 0)
        out += streams[num] + b"\n"
    next_num = max(offsets) + 1
    nums = sorted(plain)
    for chunk_at in range(0, len(nums), 200):
        chunk = nums[chunk_at: chunk_at + 200]
        head, body = [], bytearray()
        for idx, num in enumerate(chunk):
            head.append(b"%d %d" % (num, len(body)))
            body += plain[num] + b"\n"
            xref[num] = (2, next_num, idx)
        head = b" ".join(head) + b"\n"
        raw = zlib.compress(head + bytes(body), 9)
        xref[next_num] = (1, len(out), 0)
        out += (b"%d 0 obj\n<</Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d>>\nstream\n"
                % (next_num, len(chunk), len(head), len(raw)))
        out += raw + b"\nendstream\nendobj\n"
        next_num += 1
    xref_num = next_num
    size = xref_num + 1
    xref[xref_num] = (1, len(out), 0)
    rows = bytearray()
    for num in range(size):
        t, f2, f3 = xref.get(num, (0, 0, 65535 if num == 0 else 0))
        rows += bytes([t]) + f2.to_bytes(4, "big") + f3.to_bytes(2, "big")
    raw = zlib.compress(bytes(rows), 9)
    extra = b""
    if info:
        extra += b" /Info %s 0 R" % info.group(1)
    if ident:
        extra += b" /ID " + ident.group(1)
    xref_at = len(out)
    out += (b"%d 0 obj\n<</Type /XRef /Size %d /W [1 4 2] /Root %s 0 R%s /Filter /FlateDecode /Length %d>>\nstream\n"
            % (xref_num, size, root.group(1), extra, len(raw)))
    out += raw + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    Path(path).write_bytes(bytes(out))
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("xml", help="NISO STS XML file")
    ap.add_argument("pdf", help="PDF to write")
    ap.add_argument("--columns", type=int, default=1, choices=(1, 2),
                    help="body text in 1 or 2 columns (cover and contents stay single)")
    ap.add_argument("--html", help="also keep the generated HTML here")
    ap.add_argument("--no-repack", action="store_true",
                    help="keep Chromium's PDF 1.4 file as is (no object streams)")
    args = ap.parse_args()

    xml = Path(args.xml).resolve()
    out = Path(args.pdf).resolve()
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="stdalign-render-") as work:
        meta = load_standard(xml, work)
        xmeta = xml_meta(xml)
        html_path = os.path.join(work, "doc.html")
        tmp_pdf = os.path.join(work, "doc.pdf")

        # Pass 1 finds the page of every contents target, pass 2 prints them.
        Path(html_path).write_text(build_html(meta, xmeta, args.columns, toc_pages={}),
                                   encoding="utf-8")
        print_pdf(chromium, html_path, tmp_pdf, work)
        _, dests = pdf_pages_and_dests(tmp_pdf)
        doc = build_html(meta, xmeta, args.columns, toc_pages=dests)
        Path(html_path).write_text(doc, encoding="utf-8")
        print_pdf(chromium, html_path, tmp_pdf, work)
        pages, dests2 = pdf_pages_and_dests(tmp_pdf)
        if dests2 != dests:
            print(f"render.py: warning: contents page numbers moved between passes", file=sys.stderr)
        issued, _ = plausible_dates(meta, xmeta)
        fix_dates(tmp_pdf, issued)
        if not args.no_repack and not repack(tmp_pdf):
            print("render.py: warning: PDF left as Chromium wrote it (unexpected layout)", file=sys.stderr)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_pdf, out)
        if args.html:
            Path(args.html).write_text(doc, encoding="utf-8")
    size = out.stat().st_size
    print(f"{out}: {meta['reference']}, {len(meta['clauses'])} clauses, "
          f"{len(pages)} pages, {size // 1024} KiB")


if __name__ == "__main__":
    main()
