#!/usr/bin/env bash
# Install everything chidao needs on Debian/Ubuntu: system packages (tesseract with the
# Vietnamese model, Vietnamese-complete fonts, a compiler for kenlm) and the Python
# environment in .venv. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  python3 python3-venv python3-dev build-essential cmake zlib1g-dev libbz2-dev liblzma-dev
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd
  fonts-liberation2 fonts-texgyre fonts-noto-core fonts-dejavu-core
  qpdf poppler-utils
  # the web tests' headless browser (Playwright drives it; never `playwright install`)
  chromium
  # KenLM's trainer (scripts/build_kenlm_tools.sh, only to rebuild corpus/restore/lm.bin)
)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install: apt packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.chidao-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip wheel
  .venv/bin/pip install -q -e '.[dev]'
  touch "$stamp"
fi
echo "install: ready (.venv/bin/chidao)"
