"""Trains the embedded default model (build-time only; nothing at run time needs Python).

Usage (from the repository root; `npm run train:model` runs the corpus generator first):
  OPENBLAS_NUM_THREADS=1 python3 scripts/train/train.py [--steps N] [--resume]

Writes into .cache/train/: tokenizer files, the encoded corpus, checkpoints, loss.csv. Export to
the Hugging Face ONNX layout is scripts/train/export.py.
"""
import argparse
import csv
import json
import math
import os
import random
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import bpe  # noqa: E402
import heldout  # noqa: E402
from model import GPT, Config  # noqa: E402

WORK = ".cache/train"
# Written by scripts/corpus/generate.ts just before " label" in classification documents.
LABEL_MARK = "\x01"


def forced_words(lexicon):
    """Label words that must be single tokens (scored as " " + word)."""
    words = set(lexicon["labelPool"]) | set(lexicon["heldOutLabels"].values()) | set(lexicon["topics"])
    words |= {w.capitalize() for w in lexicon["topics"]}
    for pair in lexicon["naturalSentimentLabels"]:
        words |= set(pair)
    words |= set(lexicon["nonce"].keys())
    return sorted(" " + w for w in words)


def build_tokenizer(args, text, lexicon):
    tok_path = os.path.join(WORK, "tokenizer.json")
    if args.tokenizer_from:
        with open(args.tokenizer_from) as f:
            tj = json.load(f)
        with open(tok_path, "w") as f:
            json.dump(tj, f, ensure_ascii=False)
    if args.tokenizer_from or (os.path.exists(tok_path) and args.resume):
        return bpe.load_encoder(tok_path)
    t0 = time.time()
    counts = bpe.count_words(text.replace(LABEL_MARK, ""))
    vocab, merges = bpe.train_bpe(counts, args.vocab_size, forced_words(lexicon))
    print(f"bpe: {len(vocab)} tokens, {len(merges)} merges, {len(counts)} word types, {time.time() - t0:.1f}s", flush=True)
    with open(tok_path, "w") as f:
        json.dump(bpe.tokenizer_json(vocab, merges), f, ensure_ascii=False)
    return bpe.Encoder(vocab, merges)


def encode_corpus(args, encoder, text):
    """Token ids plus a 0/1 array marking label-word positions (from the generator's LABEL_MARK)."""
    path = os.path.join(WORK, "tokens.npz")
    if os.path.exists(path) and args.resume:
        z = np.load(path)
        return z["ids"], z["labels"]
    t0 = time.time()
    ids = []
    starts = []
    for k, segment in enumerate(text.split(LABEL_MARK)):
        if k > 0:
            starts.append(len(ids))
        ids.extend(encoder.encode(segment))
    ids = np.array(ids, dtype=np.int32)
    labels = np.zeros(len(ids), dtype=np.uint8)
    labels[np.array(starts, dtype=np.int64)] = 1
    np.savez(path, ids=ids, labels=labels)
    print(f"encode: {len(ids)} tokens ({len(starts)} label positions) in {time.time() - t0:.1f}s", flush=True)
    return ids, labels


def lr_at(step, args):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    progress = (step - args.warmup) / max(1, args.steps - args.warmup)
    return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def batch_at(data, rng, batch, block, labels=None):
    starts = rng.integers(0, len(data) - block - 1, size=batch)
    x = np.stack([data[s:s + block] for s in starts])
    y = np.stack([data[s + 1:s + block + 1] for s in starts])
    x, y = torch.from_numpy(x.astype(np.int64)), torch.from_numpy(y.astype(np.int64))
    if labels is None:
        return x, y
    m = np.stack([labels[s + 1:s + block + 1] for s in starts])
    return x, y, torch.from_numpy(m.astype(np.float32))


@torch.no_grad()
def val_loss(model, val, block, n_batches=8):
    model.eval()
    rng = np.random.default_rng(12345)
    losses = []
    for _ in range(n_batches):
        x, y = batch_at(val, rng, 8, block)
        losses.append(model(x, y)[1].item())
    model.train()
    return sum(losses) / len(losses)


def main():
    global WORK
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=0)
    # One thread: on a shared 2-core machine two intra-op threads stall each other (measured 5x slower).
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--vocab-size", type=int, default=4096)
    p.add_argument("--n-embd", type=int, default=128)
    p.add_argument("--n-layer", type=int, default=4)
    p.add_argument("--n-head", type=int, default=4)
    p.add_argument("--n-positions", type=int, default=512)
    p.add_argument("--block", type=int, default=256)
    p.add_argument("--long-block", type=int, default=512, help="block length for the final --long-frac of steps")
    p.add_argument("--long-frac", type=float, default=0.1)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--steps", type=int, default=2200)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--eval-every", type=int, default=100)
    p.add_argument("--ckpt-every", type=int, default=100)
    p.add_argument("--label-weight", type=float, default=4.0)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--work", default=".cache/train", help="folder with corpus.txt and lexicon.json; outputs go here too")
    p.add_argument("--tokenizer-from", default="", help="reuse this tokenizer.json (continued training)")
    p.add_argument("--init", default="", help="start from this checkpoint's weights (continued training)")
    p.add_argument("--step-offset", type=int, default=0, help="added to logged steps (continued training)")
    p.add_argument("--max-steps-this-run", type=int, default=0, help="stop early (pilot runs)")
    args = p.parse_args()
    WORK = args.work

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    os.makedirs(WORK, exist_ok=True)

    with open(os.path.join(WORK, "corpus.txt")) as f:
        text = f.read()
    with open(os.path.join(WORK, "lexicon.json")) as f:
        lexicon = json.load(f)
    encoder = build_tokenizer(args, text, lexicon)
    with open(os.path.join(WORK, "tokenizer_config.json"), "w") as f:
        json.dump(bpe.tokenizer_config(args.n_positions), f, indent=2)
    ids, label_mask = encode_corpus(args, encoder, text)
    del text
    split = int(len(ids) * 0.98)
    train, val = ids[:split], ids[split:]
    train_labels = label_mask[:split]

    cfg = Config(len(encoder.vocab), args.n_positions, args.n_embd, args.n_layer, args.n_head)
    model = GPT(cfg)
    if args.init:
        model.load_state_dict(torch.load(args.init)["model"])
        print(f"initialised from {args.init}", flush=True)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: {n_params} parameters, config {cfg.to_dict()}", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95))
    data_rng = np.random.default_rng(args.seed)
    start_step = 0
    ckpt_path = os.path.join(WORK, "ckpt.pt")
    log_path = os.path.join(WORK, "loss.csv")
    if args.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        start_step = ck["step"]
        data_rng.bit_generator.state = ck["data_rng"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed at step {start_step}", flush=True)
    else:
        with open(log_path, "w", newline="") as f:
            csv.writer(f).writerow(["step", "tokens", "train_loss", "val_loss", "lr", "elapsed_s", "heldout_acc_0shot", "heldout_acc_4shot"])

    train_rows = heldout.load_rows("examples/data/heldout-sentiment.train.jsonl")
    test_rows = heldout.load_rows("examples/data/heldout-sentiment.test.jsonl")
    scorer = heldout.Scorer(model, encoder)

    long_from = int(args.steps * (1 - args.long_frac))
    tokens = 0
    t0 = time.time()
    running = None
    running_label = None
    step = start_step
    for step in range(start_step, args.steps):
        block = args.long_block if step >= long_from else args.block
        batch = max(1, args.batch * args.block // block)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args)
        x, y, is_label = batch_at(train, data_rng, batch, block, train_labels)
        logits = model(x)
        token_loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1), reduction="none")
        # Label positions weigh --label-weight times more: they carry the in-context-learning signal.
        w = 1.0 + (args.label_weight - 1.0) * is_label.view(-1)
        weighted = (token_loss * w).sum() / w.sum()
        loss = token_loss.mean().detach()
        opt.zero_grad(set_to_none=True)
        weighted.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        tokens += x.numel()
        running = loss.item() if running is None else 0.95 * running + 0.05 * loss.item()
        lab = ((token_loss * is_label.view(-1)).sum() / is_label.sum().clamp(min=1)).item()
        running_label = lab if running_label is None else 0.95 * running_label + 0.05 * lab
        done = step + 1
        if done % 20 == 0:
            el = time.time() - t0
            print(f"step {done} loss {running:.4f} label loss {running_label:.4f} lr {lr_at(step, args):.2e} {tokens / el:.0f} tok/s", flush=True)
        if done % args.eval_every == 0 or done == args.steps:
            model.eval()
            acc0 = heldout.quick_eval(scorer, train_rows, test_rows, 0)
            acc4 = heldout.quick_eval(scorer, train_rows, test_rows, 4)
            model.train()
            vl = val_loss(model, val, args.block)
            with open(log_path, "a", newline="") as f:
                csv.writer(f).writerow([args.step_offset + done, (args.step_offset + done) * args.batch * args.block, f"{running:.4f}", f"{vl:.4f}",
                                        f"{lr_at(step, args):.6f}", f"{time.time() - t0:.0f}", acc0, acc4])
            print(f"eval step {done}: val {vl:.4f} heldout acc 0-shot {acc0:.3f} 4-shot {acc4:.3f}", flush=True)
        if done % args.ckpt_every == 0 or done == args.steps:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": done, "config": cfg.to_dict(),
                        "data_rng": data_rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                        "args": vars(args)}, ckpt_path)
        if args.max_steps_this_run and done - start_step >= args.max_steps_this_run:
            break
    print(f"done at step {step + 1} in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
