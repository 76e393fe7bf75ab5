"""Draws .cache/train/loss.csv as the model card's loss-curve picture.

Usage: python3 scripts/train/plot_loss.py [--out resources/models/default/loss-curve.png]
"""
import argparse
import csv

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", nargs="+", default=[".cache/train/loss.csv"], help="one CSV per training phase")
    p.add_argument("--out", default="resources/models/default/loss-curve.png")
    args = p.parse_args()
    rows = []
    starts = []
    for path in args.csv:
        with open(path) as f:
            phase_rows = list(csv.DictReader(f))
        starts.append(int(phase_rows[0]["step"]) - (int(phase_rows[1]["step"]) - int(phase_rows[0]["step"])))
        rows.extend(phase_rows)
    step = [int(r["step"]) for r in rows]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax1.plot(step, [float(r["train_loss"]) for r in rows], label="train (EMA)")
    ax1.plot(step, [float(r["val_loss"]) for r in rows], label="held-out 2% of the phase's corpus")
    ax1.set_xlabel("step (2,048 tokens each)")
    ax1.set_ylabel("cross-entropy (nats/token)")
    ax1.set_title("Language-model loss")
    ax1.legend()
    ax2.plot(step, [float(r["heldout_acc_4shot"]) for r in rows], label="4-shot")
    ax2.plot(step, [float(r["heldout_acc_0shot"]) for r in rows], label="0-shot")
    ax2.axhline(0.5, color="gray", linestyle=":", label="chance")
    ax2.set_ylim(0, 1)
    ax2.set_xlabel("step")
    ax2.set_ylabel("accuracy (40 queries)")
    ax2.set_title("Held-out sentiment task during training")
    ax2.legend()
    for i, start in enumerate(starts[1:], start=2):
        for ax in (ax1, ax2):
            ax.axvline(start, color="black", linewidth=0.8, linestyle="--")
            ax.text(start, ax.get_ylim()[1], f" phase {i}", va="top", fontsize=8)
    fig.tight_layout()
    fig.savefig(args.out, dpi=90)


if __name__ == "__main__":
    main()
