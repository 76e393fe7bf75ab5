"""Writes resources/models/default/manifest.json: how the model was made and the files' SHA-256.

Usage: python3 scripts/train/manifest.py
"""
import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys

import numpy
import torch

OUT = "resources/models/default"
WORK = ".cache/train"
FILES = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx",
         "evaluation.json", "loss-curve.png"]


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def phase(ck):
    return {"args": {k: v for k, v in ck["args"].items() if k not in ("resume", "max_steps_this_run")},
            "stepsThisPhase": ck["step"]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--phases", nargs="+", default=[os.path.join(WORK, "phase1-final.pt"),
                   os.path.join(WORK, "phase2-final.pt"), os.path.join(WORK, "phase3-final.pt"),
                   os.path.join(WORK, "phase4", "ckpt.pt")])
    args = p.parse_args()
    cks = [torch.load(path) for path in args.phases]
    ck = cks[-1]
    steps = sum(c["step"] for c in cks)
    with open(os.path.join(WORK, "lexicon.json")) as f:
        lexicon = json.load(f)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    manifest = {
        "name": "promptscope-default",
        "command": "npm run train:model",
        "corpus": {"generator": "scripts/corpus/generate.ts", "seed": lexicon["seed"],
                   "phase1": {"documents": 60000, "sha256": sha256(os.path.join(WORK, "corpus.txt"))},
                   "phase2": {"documents": 40000, "sha256": sha256(os.path.join(WORK, "phase2", "corpus.txt"))},
                   "phase3": {"documents": 30000, "sha256": sha256(os.path.join(WORK, "phase3", "corpus.txt"))},
                   "phase4": {"documents": 30000, "sha256": sha256(os.path.join(WORK, "phase4", "corpus.txt"))}},
        "training": {f"phase{i + 1}": phase(c) for i, c in enumerate(cks)},
        "steps": steps,
        "tokensSeen": steps * 8 * 256,
        "config": ck["config"],
        "parameters": sum(v.numel() for k, v in ck["model"].items()),
        "versions": {"python": platform.python_version(), "torch": torch.__version__, "numpy": numpy.__version__,
                     "node": node, "blas": "OpenBLAS (OPENBLAS_NUM_THREADS=1)"},
        "threads": ck["args"]["threads"],
        "files": {f: sha256(os.path.join(OUT, f)) for f in FILES if os.path.exists(os.path.join(OUT, f))},
    }
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps(manifest["files"], indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
