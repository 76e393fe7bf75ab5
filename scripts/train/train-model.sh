#!/bin/sh
# Rebuilds the embedded default model from scratch: four corpus mixtures and training phases ->
# ONNX export -> checks in Node -> evaluation -> loss picture -> manifest. Build-time only (about
# 85 minutes on a shared 2-core CPU). PYTHON must name a Python with torch, numpy and matplotlib
# (Debian's python3-torch), e.g.   PYTHON=/usr/bin/python3 npm run train:model
set -eu
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c "import torch, numpy, matplotlib" 2>/dev/null; then
  echo "train:model: $PYTHON cannot import torch, numpy and matplotlib; set PYTHON to one that can" >&2
  exit 1
fi
export OPENBLAS_NUM_THREADS=1
OUT=resources/models/default
W=.cache/train
GEN="npx tsx scripts/corpus/generate.ts --seed 1234"
CONT="--tokenizer-from $W/tokenizer.json --warmup 30 --lr 1.5e-3 --label-weight 6"
# Phase 1: the language and the formats, labels from a fixed pool (2,200 steps; tokenizer trained here).
$GEN --docs 60000 --profile phase1 --out "$W"
"$PYTHON" scripts/train/train.py
cp "$W/ckpt.pt" "$W/phase1-final.pt"
# Phase 2: sentiment-heavy, label words from the whole vocabulary (1,000 of a 1,400-step schedule).
$GEN --docs 40000 --profile phase2 --out "$W/phase2" --examples "$W/phase2/examples"
"$PYTHON" scripts/train/train.py --work "$W/phase2" --init "$W/phase1-final.pt" --step-offset 2200 \
  --steps 1400 --max-steps-this-run 1000 --long-frac 0.15 --tokenizer-from "$W/tokenizer.json" --warmup 50 --lr 1.5e-3 --label-weight 6
cp "$W/phase2/ckpt.pt" "$W/phase2-final.pt"
# Phase 3: half natural label words, plain-text "..., a Positive sign ." sentences (1,000 steps).
$GEN --docs 30000 --profile phase3 --out "$W/phase3" --examples "$W/phase3/examples"
"$PYTHON" scripts/train/train.py --work "$W/phase3" --init "$W/phase2-final.pt" --step-offset 3200 --steps 1000 --long-frac 0.1 $CONT
cp "$W/phase3/ckpt.pt" "$W/phase3-final.pt"
# Phase 4: label semantics: most sentiment documents label with a good and a bad adjective (1,200 steps).
$GEN --docs 30000 --profile phase4 --out "$W/phase4" --examples "$W/phase4/examples"
"$PYTHON" scripts/train/train.py --work "$W/phase4" --init "$W/phase3-final.pt" --step-offset 4200 --steps 1200 --long-frac 0.1 $CONT
"$PYTHON" scripts/train/export.py --ckpt "$W/phase4/ckpt.pt" --out "$OUT"
node scripts/train/check_onnx.mjs "$OUT" "$W/reference.json"
node scripts/train/check_tokenizer.mjs "$OUT" "$W/tokenizer-cases.jsonl"
"$PYTHON" scripts/train/evaluate.py --ckpt "$W/phase4/ckpt.pt" --out "$OUT/evaluation.json"
"$PYTHON" scripts/train/plot_loss.py --csv "$W/loss.csv" "$W/phase2/loss.csv" "$W/phase3/loss.csv" "$W/phase4/loss.csv" --out "$OUT/loss-curve.png"
"$PYTHON" scripts/train/manifest.py
