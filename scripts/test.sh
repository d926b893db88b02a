#!/usr/bin/env bash
# The README's test command: install the embedding runtime and model (the semantic
# tests use the real model), headless Chromium (the browser tests drive it) and
# Tesseract with poppler (the OCR test reads a scanned standard) if missing, and the
# unlabelled Debian manuals of the alignment benchmark (from Debian's packages), then
# run the test suite. The browser, OCR and Debian tests may not skip here.
# The suite runs optimised (--release): it aligns real manuals and their perturbed
# copies, and unoptimised that one test ran over 25 minutes on two cores (CI's limit
# is 90 for everything); the quickstart's release build then reuses the compiled
# dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-models.sh
scripts/setup-browser.sh
scripts/setup-ocr.sh
scripts/debian-parallel.sh
STDALIGN_REQUIRE_BROWSER=1 STDALIGN_REQUIRE_OCR=1 STDALIGN_REQUIRE_DEBIAN=1 cargo test --release "$@"
