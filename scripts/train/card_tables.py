"""Prints the model card's result tables (markdown) from evaluation.json.

Usage: python3 scripts/train/card_tables.py [resources/models/default/evaluation.json]
"""
import json
import sys


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "resources/models/default/evaluation.json"
    with open(path) as f:
        ev = json.load(f)
    ppl = ev["perplexity"]
    print(f"Held-out corpus perplexity ({ppl['tokens']} tokens): model {ppl['model']:.2f}, unigram {ppl['unigram']:.2f}\n")
    print("| shots | conditions | accuracy mean ± std (min-max) | + contextual calibration | P(predict Positive) | P(predict last demo's label) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for k, e in ev["shots"].items():
        n, c = e["none"], e["contextual"]
        last = e.get("lastLabelRate")
        print(f"| {k} | {e['conditions']} | {n['mean']:.3f} ± {n['std']:.3f} ({n['min']:.2f}-{n['max']:.2f}) | "
              f"{c['mean']:.3f} ± {c['std']:.3f} ({c['min']:.2f}-{c['max']:.2f}) | {e['positiveRate']['mean']:.2f} | "
              f"{'' if last is None else format(last['mean'], '.2f')} |")
    four = ev["shots"].get("4")
    if four:
        print("\n4-shot spread over the 24 orders of each demonstration set:\n")
        print("| seed | mean | std | min | max |")
        print("| --- | --- | --- | --- | --- |")
        for s, v in four["orderSpreadPerSeed"].items():
            print(f"| {s} | {v['mean']:.3f} | {v['std']:.3f} | {v['min']:.2f} | {v['max']:.2f} |")


if __name__ == "__main__":
    main()
