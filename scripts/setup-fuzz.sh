#!/usr/bin/env bash
# Installs what the fuzz targets in fuzz/ need: a nightly toolchain (libFuzzer's
# sanitizer coverage) through rustup, and cargo-fuzz from crates.io.
# Idempotent: nothing is installed when both are present.
set -euo pipefail

version=0.13.2

if ! cargo +nightly --version >/dev/null 2>&1; then
    if ! command -v rustup >/dev/null; then
        echo "missing a nightly Rust toolchain; install one (rustup toolchain install nightly)" >&2
        exit 1
    fi
    echo "installing the nightly toolchain with rustup"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz $version from crates.io"
    cargo install cargo-fuzz --version "$version" --locked
fi
echo "fuzzing ready: $(cargo +nightly --version), $(cargo fuzz --version)"
