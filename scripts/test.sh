#!/usr/bin/env bash
# The README's test command: install the embedding runtime and model (the semantic
# tests use the real model) and headless Chromium (the browser tests drive it) if
# missing, then run the test suite. The browser test may not skip here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-models.sh
scripts/setup-browser.sh
STDALIGN_REQUIRE_BROWSER=1 cargo test "$@"
