#!/usr/bin/env bash
# Regenerates every PDF in standards-corpus/pdf/ from its NISO STS source:
#
#   scripts/pdf/render-all.sh            # render all six PDFs
#   scripts/pdf/render-all.sh --check    # and check each against its source text
#
# Four PDFs are renditions of corpus XML documents (same clause text); two exist in
# the corpus only as PDF and are rendered from scripts/pdf/sources/ (see the README
# there). Idempotent: each run overwrites the PDFs, and an unchanged source gives a
# byte-identical file (render.py pins the PDF timestamps to the publication date).
#
# Needs: the stdalign binary ($STDALIGN_BIN, default target/release/stdalign: build it
# with `cargo build --release`), headless Chromium ($CHROMIUM, default
# /usr/bin/chromium; scripts/setup-browser.sh installs it with the Noto CJK and Thai
# fonts), fonts-wqy-microhei (Chinese), fonts-dejavu-core and fonts-liberation; --check also needs pdftotext
# (poppler-utils). Python 3 standard library only.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
check=0
for arg in "$@"; do
    case "$arg" in
        --check) check=1 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
done

export STDALIGN_BIN="${STDALIGN_BIN:-$root/target/release/stdalign}"
if [ ! -x "$STDALIGN_BIN" ]; then
    echo "stdalign binary not found at $STDALIGN_BIN: run 'cargo build --release' or set STDALIGN_BIN" >&2
    exit 1
fi
if command -v fc-list >/dev/null; then
    for font in "WenQuanYi Micro Hei" "Norasi" "DejaVu Serif" "DejaVu Sans" "Liberation Sans"; do
        fc-list ":family=$font" family | grep -q . || echo "warning: font '$font' not installed: the PDFs will not match the committed ones" >&2
    done
fi

out=standards-corpus/pdf
src=scripts/pdf/sources
mkdir -p "$out"

# source XML | PDF | extra render.py options
jobs=(
    "standards-corpus/gb-4706-1-2005.xml|gb-4706-1-2005.pdf|"
    "standards-corpus/tcvn-5699-1-2010.xml|tcvn-5699-1-2010.pdf|"
    "standards-corpus/tis-60335-1-2563.xml|tis-60335-1-2563.pdf|"
    "standards-corpus/pns-iec-62368-1-2021.xml|pns-iec-62368-1-2021.pdf|--columns 2"
    "$src/gb-8898-2011.xml|gb-8898-2011.pdf|"
    "$src/pns-iec-60335-1-2013.xml|pns-iec-60335-1-2013.pdf|"
)

failed=0
for job in "${jobs[@]}"; do
    IFS='|' read -r xml pdf opts <<<"$job"
    # shellcheck disable=SC2086
    python3 scripts/pdf/render.py "$xml" "$out/$pdf" $opts
    if [ "$check" -eq 1 ]; then
        python3 scripts/pdf/check.py "$xml" "$out/$pdf" || failed=1
    fi
done
exit "$failed"
