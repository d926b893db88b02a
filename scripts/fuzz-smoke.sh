#!/usr/bin/env bash
# Fuzz smoke run: installs cargo-fuzz when missing (setup-fuzz.sh), builds the seed
# corpora (fuzz/seed.sh), builds the targets and runs each for FUZZ_SECONDS (default
# 30). Fails on a crash, a hang (-timeout) or running out of memory (-rss_limit_mb);
# the input is left in fuzz/artifacts/<target>/ and the fuzzer's log tail printed.
# Longer runs: cargo +nightly fuzz run <target> -- -max_total_time=3600 (README).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
targets=(sts pdf cmap)
declare -A dict=([sts]=xml [pdf]=pdf [cmap]=cmap)

start=$SECONDS
scripts/setup-fuzz.sh
fuzz/seed.sh
echo "building the fuzz targets (first build compiles every dependency with coverage)"
build=$SECONDS
(cd fuzz && cargo +nightly fuzz build)
echo "fuzz targets built in $((SECONDS - build)) s"

mkdir -p fuzz/artifacts
for t in "${targets[@]}"; do
    log=fuzz/artifacts/smoke-$t.log
    if ! (cd fuzz && cargo +nightly fuzz run "$t" -- -max_total_time="$seconds" \
        -rss_limit_mb=2048 -timeout=10 -dict="dicts/${dict[$t]}.dict" -print_final_stats=1) \
        >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz target $t failed: see $log and fuzz/artifacts/$t/" >&2
        exit 1
    fi
    echo "fuzz $t: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -n 1)," \
        "corpus $(find "fuzz/corpus/$t" -type f | wc -l) inputs"
done
echo "fuzz smoke done in $((SECONDS - start)) s"
