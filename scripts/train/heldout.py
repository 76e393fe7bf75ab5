"""Few-shot evaluation on the held-out sentiment task (the model never saw its label words as labels).

Prompt format matches examples/heldout-sentiment.yaml and the Promptscope runner: demonstrations
"Review: {text}\nSentiment: {label}" joined by "\n\n", then the query cut before the label; each
label word is scored as the first token of " " + word (Zhao et al. 2021).
"""
import itertools
import json
import math
import random

import torch

LABEL_WORDS = {"0": "Negative", "1": "Positive"}
TEMPLATE_IN = "Review: {text}\nSentiment:"
SEPARATOR = "\n\n"
CONTENT_FREE = ["N/A", "", "[MASK]"]


def load_rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def render_demo(row):
    return TEMPLATE_IN.format(text=row["text"]) + " " + LABEL_WORDS[row["label"]]


def build_prompt(demos, query_text):
    parts = [render_demo(d) for d in demos] + [TEMPLATE_IN.format(text=query_text)]
    return SEPARATOR.join(parts)


class Scorer:
    def __init__(self, model, encoder):
        self.model = model
        self.encoder = encoder
        self.label_ids = {}
        for cls, word in LABEL_WORDS.items():
            ids = encoder.encode(" " + word)
            assert len(ids) == 1, f"label word {word!r} is not one token: {ids}"
            self.label_ids[cls] = ids[0]

    @torch.no_grad()
    def probs(self, prompts, batch=32):
        """Label probabilities renormalised over the labels, one dict per prompt."""
        out = []
        classes = sorted(self.label_ids)
        ids_idx = torch.tensor([self.label_ids[c] for c in classes])
        for s in range(0, len(prompts), batch):
            chunk = [self.encoder.encode(p) for p in prompts[s:s + batch]]
            width = max(len(c) for c in chunk)
            # Right-pad; causal attention means padding after the last real token changes nothing.
            x = torch.zeros((len(chunk), width), dtype=torch.long)
            for i, c in enumerate(chunk):
                x[i, :len(c)] = torch.tensor(c)
            logits = self.model(x)
            for i, c in enumerate(chunk):
                lp = torch.log_softmax(logits[i, len(c) - 1], dim=-1)[ids_idx]
                p = torch.softmax(lp, dim=-1).tolist()
                out.append(dict(zip(classes, p)))
        return out


def accuracy(probs, golds, cf=None):
    correct = 0
    for p, g in zip(probs, golds):
        if cf is not None:
            p = {c: p[c] / cf[c] for c in p}
        pred = max(sorted(p), key=lambda c: p[c])
        correct += pred == g
    return correct / len(golds)


def quick_eval(scorer, train_rows, test_rows, shots, n_queries=40, seed=0):
    """One random demonstration set per query: a cheap training-time progress signal."""
    rng = random.Random(seed)
    tests = test_rows[:n_queries]
    prompts = [build_prompt(rng.sample(train_rows, shots), r["text"]) for r in tests]
    return accuracy(scorer.probs(prompts), [r["label"] for r in tests])


def order_study(scorer, train_rows, test_rows, shots, seeds, max_orders=24, n_test=100):
    """Accuracy per (seed, order) with and without contextual calibration."""
    results = []
    tests = test_rows[:n_test]
    golds = [r["label"] for r in tests]
    for seed in seeds:
        rng = random.Random(seed)
        demos = rng.sample(train_rows, shots)
        orders = list(itertools.permutations(range(shots))) if shots > 0 else [()]
        if len(orders) > max_orders:
            orders = rng.sample(orders, max_orders)
        for oi, order in enumerate(orders):
            ordered = [demos[i] for i in order]
            probs = scorer.probs([build_prompt(ordered, r["text"]) for r in tests])
            cf_probs = scorer.probs([build_prompt(ordered, t) for t in CONTENT_FREE])
            cf = {c: sum(p[c] for p in cf_probs) / len(cf_probs) for c in cf_probs[0]}
            preds = [max(sorted(p), key=lambda c: p[c]) for p in probs]
            results.append({
                "seed": seed, "orderIndex": oi, "demoLabels": [d["label"] for d in ordered],
                "none": accuracy(probs, golds), "contextual": accuracy(probs, golds, cf),
                "positiveRate": sum(1 for q in preds if q == "1") / len(preds),
                "lastLabelRate": (sum(1 for q in preds if q == ordered[-1]["label"]) / len(preds)) if ordered else None,
            })
    return results


def summarize(values):
    n = len(values)
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
    return {"mean": mean, "std": std, "min": min(values), "max": max(values), "n": n}
