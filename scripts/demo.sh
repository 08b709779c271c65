#!/usr/bin/env bash
# Install everything, then run the main job on the bundled sample documents with the
# embedded default store: ingest samples/ into ./.chidao-home (archived and indexed), then
# show what a secretary and a tracker get: a search without diacritics, one document's
# record, and the tasks overdue or due soon as of the samples' time.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export CHIDAO_HOME=${CHIDAO_HOME:-$PWD/.chidao-home}
export CHIDAO_TODAY=${CHIDAO_TODAY:-2024-06-01}
.venv/bin/chidao ingest samples/
.venv/bin/chidao search chinh quyen than thien --limit 3
.venv/bin/chidao extract samples/004_bf85b1cdd7b62294.txt
.venv/bin/chidao tasks --due-before 2024-06-30 --limit 10
echo "demo: the web app is one command away: .venv/bin/chidao user add admin --role admin && .venv/bin/chidao serve"
