#!/usr/bin/env bash
# The README's first command: build stdalign, ingest the shipped sample corpus into
# index/ and run sample searches in Chinese, Vietnamese (typed without accents) and
# Thai. Safe to run again: unchanged files are not re-ingested.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "cargo not found: install Rust from https://rustup.rs first" >&2
    exit 1
fi
cargo build --release
bin=target/release/stdalign

"$bin" ingest standards-corpus/
"$bin" list
echo; echo '$ stdalign search "泄漏电流" -k 5'
"$bin" search "泄漏电流" -k 5
echo; echo '$ stdalign search "dong dien ro" -k 3'
"$bin" search "dong dien ro" -k 3
echo; echo '$ stdalign search "กระแสรั่ว" -k 3'
"$bin" search "กระแสรั่ว" -k 3
echo
echo "Index written to $(pwd)/index. Try: $bin show \"GB 4706.1-2005\" 13.2"
