"""Measures the numbers in MODEL_CARD.md on the trained checkpoint (torch; the ONNX export matches
it within 1e-4, checked by scripts/train/check_onnx.mjs).

Usage: OPENBLAS_NUM_THREADS=1 python3 scripts/train/evaluate.py [--out resources/models/default/evaluation.json]

- held-out perplexity (last 2% of the corpus tokens) against a unigram model fitted on the rest;
- few-shot accuracy on the held-out sentiment task by number of shots (0, 1, 2, 4, 8), over
  demonstration seeds and orders (all k! orders up to 24), with and without contextual calibration.
"""
import argparse
import json
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import heldout  # noqa: E402
from export import load_encoder, load_model  # noqa: E402

WORK = ".cache/train"


@torch.no_grad()
def perplexities(model, block=256, n_blocks=64):
    ids = np.load(os.path.join(WORK, "tokens.npz"))["ids"]
    split = int(len(ids) * 0.98)
    train, val = ids[:split], ids[split:]
    counts = np.bincount(train, minlength=model.cfg.vocab_size).astype(np.float64) + 0.5
    unigram_logp = np.log(counts / counts.sum())
    n_blocks = min(n_blocks, (len(val) - 1) // block)
    total, n = 0.0, 0
    uni_total = 0.0
    for b in range(n_blocks):
        chunk = val[b * block:(b + 1) * block + 1].astype(np.int64)
        x = torch.from_numpy(chunk[:-1]).unsqueeze(0)
        y = torch.from_numpy(chunk[1:]).unsqueeze(0)
        _, loss = model(x, y)
        total += loss.item() * block
        uni_total += -unigram_logp[chunk[1:]].sum()
        n += block
    return {"tokens": n, "model": math.exp(total / n), "unigram": math.exp(uni_total / n)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="resources/models/default/evaluation.json")
    p.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--n-test", type=int, default=50)
    args = p.parse_args()
    torch.set_num_threads(1)
    model, ck = load_model(args.ckpt)
    encoder = load_encoder(os.path.join(WORK, "tokenizer.json"))
    scorer = heldout.Scorer(model, encoder)
    train_rows = heldout.load_rows("examples/data/heldout-sentiment.train.jsonl")
    test_rows = heldout.load_rows("examples/data/heldout-sentiment.test.jsonl")
    report = {"step": ck["step"], "perplexity": perplexities(model), "nTest": args.n_test,
              "seeds": args.seeds, "shots": {}}
    print(json.dumps(report["perplexity"]), flush=True)
    for shots, max_orders in [(0, 1), (1, 1), (2, 2), (4, 24), (8, 2)]:
        seeds = [0] if shots == 0 else args.seeds
        conds = heldout.order_study(scorer, train_rows, test_rows, shots, seeds, max_orders, args.n_test)
        entry = {
            "conditions": len(conds),
            "none": heldout.summarize([c["none"] for c in conds]),
            "contextual": heldout.summarize([c["contextual"] for c in conds]),
            "positiveRate": heldout.summarize([c["positiveRate"] for c in conds]),
        }
        if shots > 0:
            entry["lastLabelRate"] = heldout.summarize([c["lastLabelRate"] for c in conds])
            per_seed = {}
            for c in conds:
                per_seed.setdefault(c["seed"], []).append(c["none"])
            entry["orderSpreadPerSeed"] = {str(s): heldout.summarize(v) for s, v in per_seed.items()}
        report["shots"][str(shots)] = entry
        print(shots, json.dumps({k: entry[k] for k in ("none", "contextual")}), flush=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
