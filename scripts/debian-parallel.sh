#!/usr/bin/env bash
# Builds a third-party parallel-text alignment benchmark from Debian documentation
# packages: each language edition of a manual becomes one NISO STS XML file, and the
# translations are paired section by section with the English original through the
# DocBook anchor ids they share.
#
# Usage: scripts/debian-parallel.sh [OUT] [--install-chapters N] [--reference-chapters N]
#   OUT                     output folder (default .cache/debian-parallel in the repository)
#   --install-chapters N    keep the preface and the first N chapters of the
#                           Installation Guide (default 6; appendices are dropped)
#   --reference-chapters N  same for Debian Reference (default 3)
#   --install-langs "L…"    Installation Guide editions to convert, by the package's
#                           folder names (default "en id vi zh_CN"; the package also
#                           ships ca cs da de el es fr it ja ko nl pt ro ru sv). Editions
#                           in languages no standard uses test a search's admission
#                           of unrelated text.
#
# Needs apt-get and dpkg-deb (the packages are downloaded and extracted, never
# installed) and python3 (standard library only). Idempotent: downloads and
# extractions already present are reused; the XML and gold files are rewritten.
#
# Output:
#   OUT/debs/      the .deb files
#   OUT/extract/   one folder per package, from dpkg-deb -x
#   OUT/sts/       debian-install-{en,id,vi,zh}-YYYY.xml, debian-reference-{en,id,zh}-YYYY.xml
#   OUT/gold/      debian-install-en-{id,vi,zh}.json, debian-reference-en-{id,zh}.json
#
# Sections carry no <label> and their titles lose their numbers ("4.2.1.",
# "Chapter 4.", "第 4 章"), so an aligner must pair them by meaning. Each <sec> keeps
# the DocBook anchor id of its heading in @id; stdalign keys an unlabelled <sec> by
# its @id, so the gold files list those ids as clause keys. Sections the DocBook
# source left without an id (the stylesheet then numbers them "idm1489", differently
# per translation) get a structural id: the chunk file name ("ch01s08") or the
# parent's id and the position among its siblings ("hardware-supported-2").
# Body text: paragraphs, list items and definition-list entries become <p> (lists
# as <list><list-item><p>), admonitions ("Note", "Tip") keep their paragraphs but
# lose their heading, tables become <table-wrap> with their caption (number
# stripped), code listings of at most 5 lines become <preformat> and longer ones
# are dropped; navigation, tables of contents, footnotes and figures are dropped.

set -euo pipefail

OUT="$(cd "$(dirname "$0")/.." && pwd)/.cache/debian-parallel"
INSTALL_CHAPTERS=6
REFERENCE_CHAPTERS=3
INSTALL_LANGS="en id vi zh_CN"
while [ $# -gt 0 ]; do
    case "$1" in
        --install-chapters) INSTALL_CHAPTERS="${2:?--install-chapters needs a number}"; shift 2 ;;
        --reference-chapters) REFERENCE_CHAPTERS="${2:?--reference-chapters needs a number}"; shift 2 ;;
        --install-langs) INSTALL_LANGS="${2:?--install-langs needs folder names}"; shift 2 ;;
        -h|--help) sed -n '2,40p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) OUT="$1"; shift ;;
    esac
done
case "$INSTALL_CHAPTERS$REFERENCE_CHAPTERS" in
    *[!0-9]*) echo "error: chapter counts must be whole numbers" >&2; exit 2 ;;
esac

for tool in apt-get dpkg-deb python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is required but not found" >&2; exit 1; }
done

START=$(date +%s)
mkdir -p "$OUT/debs" "$OUT/extract" "$OUT/sts" "$OUT/gold"
OUT=$(cd "$OUT" && pwd)

UPDATED=0
# fetch PACKAGE: downloads PACKAGE's .deb into OUT/debs unless one is already there.
fetch() {
    local pkg=$1 log
    if compgen -G "$OUT/debs/${pkg}_*.deb" >/dev/null; then
        echo "have     $(basename "$(ls "$OUT/debs/${pkg}"_*.deb | sort -V | tail -n1)")"
        return 0
    fi
    log=$(mktemp)
    # apt-get download saves into the current folder.
    if ! (cd "$OUT/debs" && apt-get download "$pkg") >"$log" 2>&1; then
        if [ "$UPDATED" = 0 ]; then
            echo "note     $pkg not fetched; running apt-get update and retrying"
            UPDATED=1
            apt-get update >"$log.update" 2>&1 || {
                echo "error: apt-get update failed:" >&2
                grep -E '^(E|W|Err):' "$log.update" | head -n 5 >&2 || true
                rm -f "$log" "$log.update"
                exit 1
            }
            rm -f "$log.update"
        fi
        if ! (cd "$OUT/debs" && apt-get download "$pkg") >"$log" 2>&1; then
            echo "error: could not download Debian package '$pkg' with apt-get download:" >&2
            grep -E '^(E|Err):' "$log" | head -n 5 | sed 's/^/  /' >&2 || true
            echo "  (check the package name with: apt-cache search ${pkg%-*})" >&2
            rm -f "$log"
            exit 1
        fi
    fi
    rm -f "$log"
    if ! compgen -G "$OUT/debs/${pkg}_*.deb" >/dev/null; then
        echo "error: apt-get download reported success but no ${pkg}_*.deb appeared in $OUT/debs" >&2
        exit 1
    fi
    echo "fetched  $(basename "$(ls "$OUT/debs/${pkg}"_*.deb | sort -V | tail -n1)")"
}

# unpack PACKAGE: extracts the newest .deb of PACKAGE into OUT/extract/PACKAGE.
unpack() {
    local pkg=$1 deb dest
    deb=$(ls "$OUT/debs/${pkg}"_*.deb | sort -V | tail -n1)
    dest="$OUT/extract/$pkg"
    if [ -f "$dest/.extracted" ] && [ "$(cat "$dest/.extracted")" = "$(basename "$deb")" ]; then
        return 0
    fi
    rm -rf "$dest"
    mkdir -p "$dest"
    dpkg-deb -x "$deb" "$dest" || { echo "error: dpkg-deb could not extract $deb" >&2; exit 1; }
    basename "$deb" >"$dest/.extracted"
}

PACKAGES=(installation-guide-amd64 debian-reference-en debian-reference-id debian-reference-zh-cn)
for p in "${PACKAGES[@]}"; do
    fetch "$p"
    unpack "$p"
done

python3 - "$OUT" "$INSTALL_CHAPTERS" "$REFERENCE_CHAPTERS" "$INSTALL_LANGS" <<'PY'
import gzip
import html.parser
import json
import os
import re
import sys
from xml.sax.saxutils import escape, quoteattr

OUT = sys.argv[1]
INSTALL_CHAPTERS = int(sys.argv[2])
REFERENCE_CHAPTERS = int(sys.argv[3])

# Code listings (<pre>) of at most this many lines are kept as <preformat>; longer
# ones are dropped.
MAX_CODE_LINES = 5

SECTION_CLASSES = {"preface", "chapter", "appendix", "sect1", "sect2", "sect3",
                   "sect4", "sect5", "section", "simplesect"}
TOP_CLASSES = {"preface", "chapter", "appendix"}
SKIP_DIV_CLASSES = {"navheader", "navfooter", "toc", "list-of-tables",
                    "list-of-figures", "list-of-examples", "footnotes"}
ADMONITIONS = {"note", "tip", "warning", "caution", "important"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}


def package_version(pkg):
    with open(os.path.join(OUT, "extract", pkg, ".extracted")) as f:
        deb = f.read().strip()
    return deb.split("_")[1]


def package_year(pkg, docdir):
    """The year of the documentation: from a YYYYMMDD upstream version, else the
    latest changelog entry."""
    version = package_version(pkg)
    m = re.match(r"(\d{4})\d{4}", version)
    if m:
        return m.group(1)
    with gzip.open(os.path.join(docdir, "changelog.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            m = re.match(r" -- .*?(\d{1,2} \w{3} (\d{4}))", line)
            if m:
                return m.group(2)
    return "0000"


def collapse(text):
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


TITLE_NUMBER = [
    # 第 4 章 / 第 4 部分 / 附录 A.
    re.compile(r"^第\s*[0-9A-Z]+\s*[章节部]分?\s*"),
    re.compile(r"^附录\s*[A-Z0-9]+\.?\s*"),
    # Chapter 4. / Bab 4. / Chương 4. / Appendix A. / Lampiran A. / Phụ lục A.
    re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)? (?:\d+|[A-Z])\.\s+"),
    # 4.2.1. / A.1. / 4.
    re.compile(r"^(?:\d+|[A-Z])(?:\.\d+)*\.\s*"),
]


def strip_number(title):
    t = collapse(title)
    for rx in TITLE_NUMBER:
        new = rx.sub("", t, count=1)
        if new != t and new:
            return new
    return t


GENERATED_ID = re.compile(r"^(?:id[mp]?\d+|id-[\d.]+|d\d+e\d+)$")
KEY_LIKE = re.compile(r"^(?:(?:[A-Z]|\d+)(?:\.\d+)*(?:~\d+)?|foreword|introduction|intro|preface|scope|bibliography)$")

CAPTION_NUMBER = re.compile(r"^(?:[^\W\d_]+\s*)?(?:\d+|[A-Z])(?:\.\d+)+\.?\s*")


class Section:
    def __init__(self, cls, level, div_id):
        self.cls = cls
        self.level = level
        self.id = div_id
        self.title = None
        self.blocks = []  # ("p", text) | ("list", [text]) | ("pre", text) | ("table", caption, rows)
        self.children = []


class Chunk(html.parser.HTMLParser):
    """Reads one DocBook-XSL HTML file into a flat list of sections in reading
    order (section nesting is rebuilt later from levels)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = []
        self.stack = []          # open elements: (tag, role)
        self.sec_stack = []      # open section divs: Section
        self.skip = 0            # depth inside skipped regions
        self.in_titlepage = 0
        self.heading = None      # [text, id] while inside a section heading
        self.capture = None      # text buffer of the current block
        self.capture_tag = None
        self.capture_depth = None
        self.list_items = None   # items of the outermost open list
        self.list_depth = None
        self.table = None        # {"caption", "rows", "row"} while in a table
        self.table_caption = None
        self.pre = None
        self.admonition = 0
        self.caption_open = False

    # -- helpers ---------------------------------------------------------
    def current(self):
        return self.sec_stack[-1] if self.sec_stack else None

    def text_sink(self, data):
        if self.heading is not None:
            self.heading[0] += data
        elif self.pre is not None:
            self.pre += data
        elif self.capture is not None:
            self.capture += data
        elif self.table is not None and self.table.get("cell") is not None:
            self.table["cell"] += data
        elif self.caption_open:
            self.table_caption += data

    # -- parser callbacks ------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag in VOID:
            if tag == "br":
                self.text_sink("\n" if self.pre is not None else " ")
            return
        role = None
        if self.skip_now():
            role = "skip"
        elif tag == "sup" and "footnote" in classes:
            role = "skip"  # footnote markers; the footnotes themselves are dropped
        elif tag == "div" and classes & SKIP_DIV_CLASSES:
            role = "skip"
        elif tag == "div" and classes & SECTION_CLASSES:
            cls = sorted(classes & SECTION_CLASSES)[0]
            parent = self.current()
            if cls in TOP_CLASSES:
                level = 1
            elif cls.startswith("sect") and cls[4:].isdigit():
                level = int(cls[4:]) + 1
            else:
                level = (parent.level + 1) if parent else 2
            sec = Section(cls, level, a.get("id"))
            self.sections.append(sec)
            self.sec_stack.append(sec)
            role = "section"
        elif tag == "div" and "titlepage" in classes:
            self.in_titlepage += 1
            role = "titlepage"
        elif re.fullmatch(r"h[1-6]", tag):
            sec = self.current()
            if self.in_titlepage and sec is not None and sec.title is None and self.heading is None:
                self.heading = ["", None]
                role = "heading"
            else:
                # Admonition ("Note") and other headings outside a section title page.
                role = "skip"
        elif tag == "div" and classes & ADMONITIONS:
            self.admonition += 1
            role = "admonition"
        elif self.admonition and tag in ("table", "thead", "tbody", "tr", "td", "th"):
            # Debian Reference lays admonitions out as a table: icon, "Tip"
            # heading, then the paragraphs. Only the paragraphs are kept.
            role = "skip" if tag == "th" else None
        elif tag == "a" and self.heading is not None:
            anchor = a.get("id") or a.get("name")
            if anchor and self.heading[1] is None:
                self.heading[1] = anchor
        elif self.current() is None or self.in_titlepage:
            pass
        elif tag == "pre" and self.table is None:
            self.pre = ""
            role = "pre"
        elif tag == "table" and self.table is None and self.capture is None and self.list_items is None:
            self.table = {"rows": [], "row": None, "cell": None, "caption": self.table_caption}
            self.table_caption = None
            role = "table"
        elif self.table is not None:
            if tag == "tr":
                self.table["row"] = []
            elif tag in ("td", "th"):
                self.table["cell"] = ""
                self.table["cell_tag"] = tag
        elif tag in ("ul", "ol") and self.capture is None and self.list_items is None:
            self.list_items = []
            self.list_depth = len(self.stack)
            role = "list"
        elif tag == "li" and self.list_items is not None and self.capture is None:
            self.capture = ""
            self.capture_tag = "li"
            self.capture_depth = len(self.stack)
        elif tag == "p" and "title" in classes and self.capture is None:
            # Title of a table/figure/example: kept as the caption of the next table.
            self.table_caption = ""
            self.caption_open = True
            role = "caption"
        elif tag in ("p", "dt", "dd", "blockquote") and self.capture is None:
            self.capture = ""
            self.capture_tag = tag
            self.capture_depth = len(self.stack)
        self.stack.append((tag, role))

    def handle_startendtag(self, tag, attrs):
        # XHTML <a id="x"/> and void elements.
        if tag == "a":
            a = dict(attrs)
            if self.heading is not None and self.heading[1] is None:
                self.heading[1] = a.get("id") or a.get("name")
            return
        if tag == "br":
            self.text_sink("\n" if self.pre is not None else " ")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Pop up to the matching open element (tolerates unclosed tags).
        idx = None
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                idx = i
                break
        if idx is None:
            return
        while len(self.stack) > idx:
            t, role = self.stack.pop()
            self.close_element(t, role)

    def close_element(self, tag, role):
        depth = len(self.stack)
        if role == "skip":
            return
        if role == "section":
            self.finish_blocks()
            self.sec_stack.pop()
            return
        if role == "admonition":
            self.admonition -= 1
            return
        if role == "titlepage":
            self.in_titlepage -= 1
            return
        if role == "heading":
            sec = self.current()
            text, anchor = self.heading
            self.heading = None
            sec.title = strip_number(text)
            if anchor and not sec.id:
                sec.id = anchor
            return
        if role == "pre":
            text = (self.pre or "").strip("\n")
            self.pre = None
            lines = [l.rstrip() for l in text.split("\n")]
            if not text.strip() or len(lines) > MAX_CODE_LINES:
                return
            if self.capture is not None:
                # Short code inside a paragraph or list item stays in its text.
                self.capture += " " + " ".join(lines) + " "
            else:
                self.add(("pre", "\n".join(lines)))
            return
        if role == "caption":
            self.caption_open = False
            self.table_caption = collapse(self.table_caption or "")
            return
        if role == "table":
            t = self.table
            self.table = None
            rows = [r for r in t["rows"] if any(c for _, c in r)]
            if rows:
                caption = CAPTION_NUMBER.sub("", collapse(t["caption"] or ""), count=1)
                self.current().blocks.append(("table", caption, rows))
            return
        if self.table is not None:
            if tag in ("td", "th") and self.table.get("cell") is not None:
                if self.table["row"] is not None:
                    self.table["row"].append((self.table["cell_tag"], collapse(self.table["cell"])))
                self.table["cell"] = None
            elif tag == "tr" and self.table["row"] is not None:
                self.table["rows"].append(self.table["row"])
                self.table["row"] = None
            return
        if role == "list":
            items = [i for i in self.list_items if i]
            self.list_items = None
            if items:
                self.add(("list", items))
            return
        if self.capture is not None and tag == self.capture_tag and depth == self.capture_depth:
            text = collapse(self.capture)
            self.capture = None
            if tag == "li":
                self.list_items.append(text)
            elif text and self.current() is not None:
                self.add(("p", text))

    def handle_data(self, data):
        if self.skip_now():
            return
        self.text_sink(data)

    def skip_now(self):
        return any(role == "skip" for _, role in self.stack)

    def add(self, block):
        self.current().blocks.append(block)
        self.table_caption = None  # a title not followed by its table is dropped

    def finish_blocks(self):
        self.table_caption = None


def parse_file(path):
    p = Chunk()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p.sections


def next_link(path):
    with open(path, encoding="utf-8") as f:
        head = f.read(4000)
    m = re.search(r'<link rel="next" href="([^"#]+)', head)
    return m.group(1) if m else None


def html_title(path):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"<title>(.*?)</title>", f.read(4000), re.S)
    return collapse(html.unescape(m.group(1))) if m else ""


def read_book(folder, index_name, chapters):
    """Follows the "next" links from the index page; keeps prefaces and the first
    `chapters` chapters (appendices are dropped). Returns (title, top sections)."""
    title = html_title(os.path.join(folder, index_name))
    flat = []
    seen = set()
    name = next_link(os.path.join(folder, index_name))
    n_chapters = 0
    stop = False
    while name and name not in seen and not stop:
        seen.add(name)
        path = os.path.join(folder, name)
        for sec in parse_file(path):
            if sec.level == 1:
                if sec.cls == "chapter":
                    n_chapters += 1
                if sec.cls == "appendix" or n_chapters > chapters:
                    stop = True
                    break
            flat.append((name, sec))
        name = next_link(path)
    # Rebuild the tree from levels, in reading order.
    roots, stack = [], []
    for fname, sec in flat:
        while stack and stack[-1].level >= sec.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(sec)
        stack.append(sec)
    # Ids: the heading anchor. Sections the DocBook source gave no id carry an id
    # the stylesheet generated from node positions ("idm1489"), which differs
    # between translations; they get a structural id instead: the chunk file name
    # for the first section of a chunk file ("ch04s02"), else the parent's id and
    # the position among its siblings ("install-methods-3").
    chunk_root = {}
    for fname, sec in flat:
        chunk_root.setdefault(fname, sec)
    stem_of = {id(sec): fname.split(".")[0] for fname, sec in chunk_root.items()}
    used = {}

    def fix(secs, parent_id):
        for k, s in enumerate(secs, 1):
            if not s.id or GENERATED_ID.match(s.id):
                if id(s) in stem_of:
                    s.id = stem_of[id(s)]
                else:
                    s.id = "%s-%d" % (parent_id or "sec", k)
            s.id = re.sub(r"[^\w.\-]", "_", s.id)
            if s.id[0].isdigit() or s.id[0] in ".-" or KEY_LIKE.match(s.id):
                # Never an id stdalign would read as a printed clause number or a
                # named front-matter part (the aligner takes those as evidence).
                s.id = "sec-" + s.id
            if s.id in used:
                used[s.id] += 1
                s.id = "%s-%d" % (s.id, used[s.id])
            used.setdefault(s.id, 1)
            fix(s.children, s.id)

    fix(roots, None)
    return title, roots


def walk(secs):
    for s in secs:
        yield s
        yield from walk(s.children)


def sts(ref, lang, title, year, source, roots):
    out = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w('<!DOCTYPE standard PUBLIC "-//NISO//DTD NISO STS Interchange Tag Set (NISO STS) DTD with MathML 3.0 and TBX v1.0//EN" "NISO-STS-interchange-1-mathml3.dtd">\n')
    w('<standard xmlns:tbx="urn:iso:std:iso:30042:ed-1" xmlns:mml="http://www.w3.org/1998/Math/MathML" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" xml:lang=%s>\n' % quoteattr(lang))
    w("  <front>\n    <std-meta originator=\"Debian\">\n")
    w("      <title-wrap xml:lang=%s>\n        <main>%s</main>\n        <full>%s</full>\n      </title-wrap>\n"
      % (quoteattr(lang), escape(title), escape(title)))
    w("      <std-ident>\n        <originator>Debian</originator>\n        <doc-type>manual</doc-type>\n"
      "        <doc-number>%s</doc-number>\n        <version>%s</version>\n      </std-ident>\n"
      % (escape(ref.split(":")[0][len("DEBIAN-"):]), year))
    w("      <content-language>%s</content-language>\n" % escape(lang))
    w('      <std-ref type="dated">%s</std-ref>\n' % escape(ref))
    w('      <std-ref type="undated">%s</std-ref>\n' % escape(ref.split(":")[0]))
    w('      <release-date date-type="published">%s</release-date>\n' % year)
    w("      <permissions><copyright-statement>%s</copyright-statement></permissions>\n" % escape(source))
    w("    </std-meta>\n  </front>\n  <body>\n")

    def emit(s, ind):
        pad = "  " * ind
        w("%s<sec id=%s>\n" % (pad, quoteattr(s.id)))
        w("%s  <title>%s</title>\n" % (pad, escape(s.title or "")))
        for b in s.blocks:
            if b[0] == "p":
                w("%s  <p>%s</p>\n" % (pad, escape(b[1])))
            elif b[0] == "list":
                w('%s  <list list-type="bullet">\n' % pad)
                for item in b[1]:
                    w("%s    <list-item><p>%s</p></list-item>\n" % (pad, escape(item)))
                w("%s  </list>\n" % pad)
            elif b[0] == "pre":
                w('%s  <preformat preformat-type="code">%s</preformat>\n' % (pad, escape(b[1])))
            elif b[0] == "table":
                caption, rows = b[1], b[2]
                w("%s  <table-wrap>\n" % pad)
                if caption:
                    w("%s    <caption><title>%s</title></caption>\n" % (pad, escape(caption)))
                w("%s    <table>\n" % pad)
                head = [r for r in rows if all(t == "th" for t, _ in r)]
                body = [r for r in rows if not all(t == "th" for t, _ in r)]
                if head:
                    w("%s      <thead>\n" % pad)
                    for r in head:
                        w("%s        <tr>%s</tr>\n" % (pad, "".join("<th>%s</th>" % escape(c) for _, c in r)))
                    w("%s      </thead>\n" % pad)
                if body:
                    w("%s      <tbody>\n" % pad)
                    for r in body:
                        w("%s        <tr>%s</tr>\n" % (pad, "".join("<td>%s</td>" % escape(c) for _, c in r)))
                    w("%s      </tbody>\n" % pad)
                w("%s    </table>\n%s  </table-wrap>\n" % (pad, pad))
        for c in s.children:
            emit(c, ind + 1)
        w("%s</sec>\n" % pad)

    for s in roots:
        emit(s, 2)
    w("  </body>\n</standard>\n")
    return "".join(out)


EXTRACT = os.path.join(OUT, "extract")
IG_DOC = os.path.join(EXTRACT, "installation-guide-amd64", "usr/share/doc/installation-guide-amd64")
IG_LANGS = [(folder, folder.split("_")[0].lower()) for folder in sys.argv[4].split()]
available = sorted(d for d in os.listdir(IG_DOC) if os.path.isfile(os.path.join(IG_DOC, d, "index.html")))
print("installation-guide-amd64 %s ships: %s" % (package_version("installation-guide-amd64"), " ".join(available)))
missing = [d for d, _ in IG_LANGS if d not in available]
if "en" in missing:
    sys.exit("error: installation-guide-amd64 has no English edition under %s" % IG_DOC)
if missing:
    print("note: installation guide editions not shipped, left out: %s" % " ".join(missing))

manuals = []  # (manual, [(code, ref, path, roots)])
docs = []
ig_year = package_year("installation-guide-amd64", IG_DOC)
for folder, code in IG_LANGS:
    if folder in missing:
        continue
    title, roots = read_book(os.path.join(IG_DOC, folder), "index.html", INSTALL_CHAPTERS)
    ref = "DEBIAN-INSTALL-%s:%s" % (code.upper(), ig_year)
    docs.append(("debian-install", code, ref, title, ig_year,
                 "Debian GNU/Linux Installation Guide (%s), GPL-2+, from Debian package installation-guide-amd64 %s; "
                 "converted for stdalign" % (folder, package_version("installation-guide-amd64")), roots))

for pkg_lang, code in (("en", "en"), ("id", "id"), ("zh-cn", "zh")):
    pkg = "debian-reference-" + pkg_lang
    folder = os.path.join(EXTRACT, pkg, "usr/share/debian-reference")
    index = "index.%s.html" % pkg_lang
    if not os.path.isfile(os.path.join(folder, index)):
        sys.exit("error: %s has no %s under %s" % (pkg, index, folder))
    year = package_year(pkg, os.path.join(EXTRACT, pkg, "usr/share/doc", pkg))
    title, roots = read_book(folder, index, REFERENCE_CHAPTERS)
    ref = "DEBIAN-REFERENCE-%s:%s" % (code.upper(), year)
    docs.append(("debian-reference", code, ref, title, year,
                 "Debian Reference (%s), GPL-2+, from Debian package %s %s; converted for stdalign"
                 % (pkg_lang, pkg, package_version(pkg)), roots))

sts_dir = os.path.join(OUT, "sts")
gold_dir = os.path.join(OUT, "gold")
for f in os.listdir(sts_dir):
    if f.endswith(".xml"):
        os.remove(os.path.join(sts_dir, f))
for f in os.listdir(gold_dir):
    if f.endswith(".json"):
        os.remove(os.path.join(gold_dir, f))

print()
print("%-34s %8s %9s  %s" % ("document", "sections", "bytes", "file"))
by_manual = {}
for manual, code, ref, title, year, source, roots in docs:
    xml = sts(ref, code if code != "zh" else "zh-CN", title, year, source, roots)
    name = re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-") + ".xml"
    path = os.path.join(sts_dir, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml)
    secs = list(walk(roots))
    untitled = sum(1 for s in secs if not s.title)
    print("%-34s %8d %9d  sts/%s%s" % (ref, len(secs), len(xml.encode()), name,
                                        ("  (%d untitled)" % untitled) if untitled else ""))
    by_manual.setdefault(manual, {})[code] = (ref, secs)

print()
print("%-40s %6s %10s %11s" % ("gold", "pairs", "left_only", "right_only"))
for manual, eds in by_manual.items():
    left_ref, left_secs = eds["en"]
    for code, (right_ref, right_secs) in eds.items():
        if code == "en":
            continue
        right_ids = {s.id for s in right_secs}
        left_ids = {s.id for s in left_secs}
        gold = {
            "left": left_ref,
            "right": right_ref,
            "pairs": [{"left": [s.id], "right": [s.id], "relation": "equivalent", "differences": []}
                      for s in left_secs if s.id in right_ids],
            "left_only": [s.id for s in left_secs if s.id not in right_ids],
            "right_only": [s.id for s in right_secs if s.id not in left_ids],
            # Translations carry no planted differences: score the pairs only.
            "method": "pairs-only",
        }
        name = "%s-en-%s.json" % (manual, code)
        with open(os.path.join(gold_dir, name), "w", encoding="utf-8") as f:
            json.dump(gold, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print("%-40s %6d %10d %11d" % ("gold/" + name, len(gold["pairs"]), len(gold["left_only"]),
                                        len(gold["right_only"])))
PY

echo
echo "done in $(( $(date +%s) - START )) s; STS files in $OUT/sts, gold in $OUT/gold"
