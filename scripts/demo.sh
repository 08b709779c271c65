#!/usr/bin/env bash
# Install everything, then run the main job on the bundled sample documents with the
# embedded default store: ingest samples/ into ./.chidao-home and show what was extracted.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export CHIDAO_HOME=${CHIDAO_HOME:-$PWD/.chidao-home}
.venv/bin/chidao ingest samples/
.venv/bin/chidao extract samples/004_bf85b1cdd7b62294.txt
