"""Exports the trained checkpoint to the Hugging Face ONNX layout with a KV cache.

Usage: OPENBLAS_NUM_THREADS=1 python3 scripts/train/export.py [--out resources/models/default]

Writes config.json, generation_config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx,
plus reference logits (.cache/train/reference.json) and tokenizer cases
(.cache/train/tokenizer-cases.jsonl) that scripts/train/check_onnx.mjs and check_tokenizer.mjs
compare against onnxruntime-node and @huggingface/tokenizers.
"""
import argparse
import json
import os
import random
import shutil
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import bpe  # noqa: E402
from model import GPT, Config, ExportWrapper  # noqa: E402

WORK = ".cache/train"


load_encoder = bpe.load_encoder


def load_model(ckpt_path=os.path.join(WORK, "ckpt.pt")):
    ck = torch.load(ckpt_path)
    cfg = Config(**ck["config"])
    model = GPT(cfg)
    model.load_state_dict(ck["model"])
    model.eval()
    return model, ck


def hf_config(cfg, eot_id):
    return {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "vocab_size": cfg.vocab_size,
        "n_positions": cfg.n_positions,
        "n_ctx": cfg.n_positions,
        "n_embd": cfg.n_embd,
        "n_layer": cfg.n_layer,
        "n_head": cfg.n_head,
        "n_inner": None,
        "activation_function": "gelu_new",
        "layer_norm_epsilon": cfg.layer_norm_epsilon,
        "resid_pdrop": 0.0,
        "embd_pdrop": 0.0,
        "attn_pdrop": 0.0,
        "initializer_range": 0.02,
        "scale_attn_weights": True,
        "tie_word_embeddings": True,
        "use_cache": True,
        "bos_token_id": eot_id,
        "eos_token_id": eot_id,
        "torch_dtype": "float32",
        "transformers_version": "4.46.0",
    }


def export_onnx(model, path):
    cfg = model.cfg
    wrapper = ExportWrapper(model).eval()
    head_dim = cfg.n_embd // cfg.n_head
    b, t, past = 1, 3, 2
    input_ids = torch.randint(0, cfg.vocab_size, (b, t))
    attention_mask = torch.ones((b, past + t), dtype=torch.long)
    position_ids = torch.arange(past, past + t).unsqueeze(0)
    pasts = []
    input_names = ["input_ids", "attention_mask", "position_ids"]
    output_names = ["logits"]
    dynamic = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for i in range(cfg.n_layer):
        for kind in ("key", "value"):
            pasts.append(torch.randn(b, cfg.n_head, past, head_dim))
            name = f"past_key_values.{i}.{kind}"
            input_names.append(name)
            dynamic[name] = {0: "batch_size", 2: "past_sequence_length"}
            out = f"present.{i}.{kind}"
            output_names.append(out)
            dynamic[out] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(wrapper, (input_ids, attention_mask, position_ids, *pasts), path,
                      input_names=input_names, output_names=output_names, dynamic_axes=dynamic,
                      opset_version=17, do_constant_folding=True)


@torch.no_grad()
def reference_cases(model, encoder):
    """Inputs and torch logits for the Node-side equivalence check (full and cached decoding)."""
    texts = [
        "Review: the soup was wonderful\nSentiment: Positive\n\nReview: the storm was awful\nSentiment:",
        "The chef was great . We loved the bread and the",
    ]
    cases = []
    for text in texts:
        ids = encoder.encode(text)
        logits = model(torch.tensor([ids]))[0]
        cases.append({"text": text, "ids": ids, "lastLogits": logits[-1].tolist(),
                      "allLogitsHead": logits[:, :8].tolist()})
    return cases


def tokenizer_cases(encoder, n=300, seed=0):
    with open(os.path.join(WORK, "corpus.txt")) as f:
        docs = f.read().split(bpe.EOT)
    rng = random.Random(seed)
    texts = rng.sample(docs, n) + [
        "Review: the soup was wonderful\nSentiment: Positive",
        "  two  spaces and\ttabs\n\n\nnewlines 12345 it's we'll",
        "Negative Positive negative positive N/A [MASK]",
        "a<|endoftext|>b",
    ]
    return [{"text": t, "ids": encoder.encode(t)} for t in texts]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="resources/models/default")
    p.add_argument("--ckpt", default=os.path.join(WORK, "ckpt.pt"))
    args = p.parse_args()
    torch.set_num_threads(1)
    model, ck = load_model(args.ckpt)
    encoder = load_encoder(os.path.join(WORK, "tokenizer.json"))
    os.makedirs(args.out, exist_ok=True)
    shutil.copy(os.path.join(WORK, "tokenizer.json"), os.path.join(args.out, "tokenizer.json"))
    shutil.copy(os.path.join(WORK, "tokenizer_config.json"), os.path.join(args.out, "tokenizer_config.json"))
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(hf_config(model.cfg, encoder.eot_id), f, indent=2)
    with open(os.path.join(args.out, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": encoder.eot_id, "eos_token_id": encoder.eot_id,
                   "transformers_version": "4.46.0"}, f, indent=2)
    export_onnx(model, os.path.join(args.out, "onnx", "model.onnx"))
    with open(os.path.join(WORK, "reference.json"), "w") as f:
        json.dump(reference_cases(model, encoder), f)
    with open(os.path.join(WORK, "tokenizer-cases.jsonl"), "w") as f:
        for c in tokenizer_cases(encoder):
            f.write(json.dumps(c) + "\n")
    print(f"exported step {ck['step']} to {args.out}")


if __name__ == "__main__":
    main()
