#!/usr/bin/env bash
# The README's test command: install the embedding runtime and model if missing
# (the semantic-search tests use the real model), then run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-models.sh
cargo test "$@"
