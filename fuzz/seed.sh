#!/usr/bin/env bash
# Builds the fuzzers' seed corpora in fuzz/corpus/<target>/ from what is on disk:
# the repository's corpus and test fixtures and, when present, the shared fixtures in
# ../shared (never committed here: they are copied at run time only). Files are named
# by their SHA-1, as libFuzzer names what it finds, so running this again adds
# nothing twice. Files over SEED_MAX_KB (default 1024: libFuzzer's default maximum
# input length) are left out, and so are the hostile bfrange-*.pdf files: their
# ToUnicode ranges expand to 65,536 codes each, which the reader bounds (0.4 s in a
# release build) but which takes 20 s per run under AddressSanitizer's allocator, past
# the fuzzers' -timeout; tests/bad_input.rs and the bench cover them. CMap seeds are the hand-written ones in fuzz/seeds/cmap/
# plus the CMap streams found in the seed PDFs (python3 inflates them).
set -euo pipefail
cd "$(dirname "$0")"
repo=..
shared=../../shared/fixtures
max_kb=${SEED_MAX_KB:-1024}

mkdir -p corpus/sts corpus/pdf corpus/cmap

# add <target> <file>: copies the file into the target's corpus under its SHA-1.
added=0
skipped=0
pdf_seeds=$(mktemp)
trap 'rm -f "$pdf_seeds"' EXIT
add() {
    local size
    size=$(wc -c <"$2")
    if [ "$size" -gt $((max_kb * 1024)) ]; then
        skipped=$((skipped + 1))
        return
    fi
    cp "$2" "corpus/$1/$(sha1sum "$2" | cut -d' ' -f1)"
    if [ "$1" = pdf ]; then printf '%s\0' "$2" >>"$pdf_seeds"; fi
    added=$((added + 1))
}

# from <target> <dir> <extensions...>: every such file under dir, or says it is absent.
from() {
    local target=$1 dir=$2
    shift 2
    if [ ! -d "$dir" ]; then
        echo "seeds: $dir absent, skipped"
        return
    fi
    local pattern=() ext
    for ext in "$@"; do
        [ ${#pattern[@]} -gt 0 ] && pattern+=(-o)
        pattern+=(-iname "*.$ext")
    done
    local before=$added
    while IFS= read -r -d '' f; do
        case "$(basename "$f")" in bfrange-*.pdf) skipped=$((skipped + 1)); continue ;; esac
        add "$target" "$f"
    done < <(find "$dir" -type f \( "${pattern[@]}" \) -print0)
    echo "seeds: $((added - before)) from $dir for $target"
}

from sts "$repo/standards-corpus" xml
from sts "$repo/tests/fixtures" xml bin
from sts "$shared/hostile" xml
from sts "$shared/sts" xml
from pdf "$repo/standards-corpus/pdf" pdf
from pdf "$repo/tests/fixtures" pdf
from pdf "$shared/hostile" pdf
from pdf "$shared/real-pdf" pdf
from cmap seeds/cmap txt

# The CMap streams (ToUnicode maps and embedded encodings) inside the seed PDFs.
if command -v python3 >/dev/null; then
    python3 - "$pdf_seeds" corpus/cmap <<'PY'
import hashlib, os, re, sys, zlib
seeds, out = sys.argv[1], sys.argv[2]
found = 0
for name in sorted(set(open(seeds, "rb").read().split(b"\0")) - {b""}):
    data = open(name, "rb").read()
    for m in re.finditer(rb"stream\r?\n", data):
        chunk = data[m.end():m.end() + (1 << 20)]
        end = chunk.find(b"endstream")
        if end < 0:
            continue
        raw = chunk[:end]
        for text in (raw, None):
            if text is None:
                try:
                    text = zlib.decompressobj().decompress(raw, 1 << 20)
                except zlib.error:
                    continue
            if b"begincmap" in text or b"begincodespacerange" in text:
                text = text[:64 << 10]
                path = os.path.join(out, hashlib.sha1(text).hexdigest())
                if not os.path.exists(path):
                    open(path, "wb").write(text)
                    found += 1
                break
print(f"seeds: {found} new CMap streams from the seed PDFs for cmap")
PY
else
    echo "seeds: python3 absent, no CMap streams extracted from the PDFs"
fi

[ "$skipped" -gt 0 ] && echo "seeds: $skipped files left out (over ${max_kb} KB, SEED_MAX_KB, or bfrange-*.pdf)"
for t in sts pdf cmap; do
    echo "corpus/$t: $(find "corpus/$t" -type f | wc -l) inputs"
done
