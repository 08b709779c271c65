#!/usr/bin/env bash
# Build KenLM's trainer (lmplz) and build_binary from the kenlm sdist on PyPI into
# build/kenlm/ (outside corpus/; never needed at run time). `pip install kenlm` ships only the
# query module. Needs cmake, a C++ compiler and the boost dev libraries (installed here).
# Usage: bash scripts/build_kenlm_tools.sh     → build/kenlm/bin/{lmplz,build_binary}
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/kenlm
if [ -x "$out/bin/lmplz" ] && [ -x "$out/bin/build_binary" ]; then
  echo "kenlm tools: already built in $out/bin"; exit 0
fi
missing=()
for pkg in libboost-program-options-dev libboost-system-dev libboost-thread-dev libboost-test-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
mkdir -p "$out/src"
.venv/bin/pip download -q --no-deps --no-binary kenlm --dest "$out/src" kenlm
sdist=$(ls "$out"/src/kenlm-*.tar.gz | head -1)
tar -xzf "$sdist" -C "$out/src"
srcdir=$(ls -d "$out"/src/kenlm-*/ | head -1)
cmake -S "$srcdir" -B "$out/cmake" -DCMAKE_BUILD_TYPE=Release -DKENLM_MAX_ORDER=6 >/dev/null
nice cmake --build "$out/cmake" --target lmplz build_binary -j "${JOBS:-1}"
mkdir -p "$out/bin"
cp "$out/cmake/bin/lmplz" "$out/cmake/bin/build_binary" "$out/bin/"
echo "kenlm tools: built $out/bin/lmplz $out/bin/build_binary"
