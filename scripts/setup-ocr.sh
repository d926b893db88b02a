#!/usr/bin/env bash
# Installs what OCR of scanned PDF pages needs, from Debian's archive: pdftoppm
# (poppler-utils) to render pages and Tesseract with orientation/script detection (osd)
# and the corpus languages (Chinese, Thai, Vietnamese, Indonesian, Malay, English).
# Idempotent: nothing is installed when the tools and traineddata are all present.
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-osd
    tesseract-ocr-tha tesseract-ocr-vie tesseract-ocr-ind tesseract-ocr-msa
    tesseract-ocr-eng poppler-utils)
langs=(chi_sim chi_tra osd tha vie ind msa eng)

ready() {
    command -v tesseract >/dev/null && command -v pdftoppm >/dev/null || return 1
    local have
    have="$(tesseract --list-langs 2>/dev/null | tail -n +2)"
    for l in "${langs[@]}"; do
        grep -qx "$l" <<<"$have" || return 1
    done
}

if ready; then
    echo "OCR ready: $(tesseract --version 2>/dev/null | head -n 1), $(command -v pdftoppm)"
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "missing Tesseract (with ${langs[*]}) or pdftoppm; install ${packages[*]} with your package manager" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing ${packages[*]} with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
ready || { echo "Tesseract or its traineddata still missing after apt-get" >&2; exit 1; }
echo "OCR ready: $(tesseract --version 2>/dev/null | head -n 1), $(command -v pdftoppm)"
