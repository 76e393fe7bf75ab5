#!/bin/sh
# Rebuilds the embedded default model from scratch: corpus -> tokenizer + training -> ONNX export
# -> checks in Node -> evaluation -> loss picture -> manifest. Build-time only (about an hour on a
# shared 2-core CPU). PYTHON must name a Python with torch (Debian's python3-torch), e.g.
#   PYTHON=/usr/bin/python3 npm run train:model
set -eu
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c "import torch, numpy, matplotlib" 2>/dev/null; then
  echo "train:model: $PYTHON cannot import torch, numpy and matplotlib; set PYTHON to one that can" >&2
  exit 1
fi
export OPENBLAS_NUM_THREADS=1
OUT=resources/models/default
npx tsx scripts/corpus/generate.ts --seed 1234 --docs 60000
"$PYTHON" scripts/train/train.py "$@"
"$PYTHON" scripts/train/export.py --out "$OUT"
node scripts/train/check_onnx.mjs "$OUT" .cache/train/reference.json
node scripts/train/check_tokenizer.mjs "$OUT" .cache/train/tokenizer-cases.jsonl
"$PYTHON" scripts/train/evaluate.py --out "$OUT/evaluation.json"
"$PYTHON" scripts/train/plot_loss.py --out "$OUT/loss-curve.png"
"$PYTHON" scripts/train/manifest.py
