#!/usr/bin/env bash
# Installs what the browser tests need, from Debian's archive: headless Chromium, its
# WebDriver (chromedriver), and CJK and Thai fonts so pages and screenshots render
# Chinese and Thai text. Idempotent: nothing is installed when all are present.
set -euo pipefail

packages=(chromium chromium-driver fonts-noto-cjk fonts-thai-tlwg)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "browser ready: $(command -v chromium) and $(command -v chromedriver)"
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "missing ${missing[*]}; install Chromium and chromedriver with your package manager" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing ${missing[*]} with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "browser ready: $(command -v chromium) and $(command -v chromedriver)"
