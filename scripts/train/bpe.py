"""Byte-level BPE: training, encoding and a Hugging Face tokenizer.json writer.

Why hand-written: the Python `tokenizers` package is not available on the build machines. The
algorithm and the files follow GPT-2 (byte-to-unicode map, GPT-2 pre-tokenizer regex, ranked
merges), so `@huggingface/tokenizers` and transformers.js load tokenizer.json and give the same ids;
scripts/train/check_tokenizer.mjs verifies that on the corpus.
"""
import collections
import json
import re

EOT = "<|endoftext|>"

# GPT-2's pre-tokenizer regex restricted to ASCII letters/digits (the corpus is ASCII; for ASCII
# text it splits exactly like the \p{L}/\p{N} original used by the ByteLevel pre-tokenizer).
PRETOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode character map."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_MAP = bytes_to_unicode()


def to_symbols(chunk):
    return tuple(BYTE_MAP[b] for b in chunk.encode("utf-8"))


def train_bpe(word_counts, vocab_size, forced_words=()):
    """Learns merges until the vocabulary (256 bytes + merges + EOT) reaches vocab_size.

    forced_words are pre-tokenized chunks (e.g. " Positive") that must end up as single tokens:
    after the frequency-driven merges, extra merges are appended for any that are still split.
    """
    words = {to_symbols(w): c for w, c in word_counts.items()}
    forced = [to_symbols(w) for w in forced_words]
    vocab = [BYTE_MAP[b] for b in range(256)]
    merges = []
    budget = vocab_size - 256 - 1

    # Reserve room for the forced merges: count how many each forced word needs at worst.
    reserve = sum(len(f) - 1 for f in forced)
    learned_budget = budget - reserve

    # Incremental pair counting over word types.
    word_list = [list(w) for w in words]
    counts = [words[w] for w in words]
    pair_counts = collections.Counter()
    pair_where = collections.defaultdict(set)
    for i, w in enumerate(word_list):
        for j in range(len(w) - 1):
            p = (w[j], w[j + 1])
            pair_counts[p] += counts[i]
            pair_where[p].add(i)

    while len(merges) < learned_budget and pair_counts:
        best = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0]))
        pair, cnt = best
        if cnt < 2:
            break
        merges.append(pair)
        new_sym = pair[0] + pair[1]
        vocab.append(new_sym)
        for i in list(pair_where[pair]):
            w = word_list[i]
            c = counts[i]
            # Remove old pair counts for this word.
            for j in range(len(w) - 1):
                p = (w[j], w[j + 1])
                pair_counts[p] -= c
                if pair_counts[p] <= 0:
                    del pair_counts[p]
                pair_where[p].discard(i)
            merged = []
            j = 0
            while j < len(w):
                if j < len(w) - 1 and w[j] == pair[0] and w[j + 1] == pair[1]:
                    merged.append(new_sym)
                    j += 2
                else:
                    merged.append(w[j])
                    j += 1
            word_list[i] = merged
            for j in range(len(merged) - 1):
                p = (merged[j], merged[j + 1])
                pair_counts[p] += c
                pair_where[p].add(i)
        pair_where.pop(pair, None)

    ranks = {m: r for r, m in enumerate(merges)}
    for f in forced:
        syms = apply_merges(list(f), ranks)
        while len(syms) > 1:
            pair = (syms[0], syms[1])
            merges.append(pair)
            ranks[pair] = len(merges) - 1
            vocab.append(pair[0] + pair[1])
            syms = apply_merges(list(f), ranks)
    return vocab + [EOT], merges


def apply_merges(syms, ranks):
    """GPT-2 BPE: repeatedly merge the lowest-ranked adjacent pair (all its occurrences)."""
    while len(syms) > 1:
        best = None
        best_rank = None
        for j in range(len(syms) - 1):
            r = ranks.get((syms[j], syms[j + 1]))
            if r is not None and (best_rank is None or r < best_rank):
                best_rank = r
                best = (syms[j], syms[j + 1])
        if best is None:
            break
        merged = []
        j = 0
        while j < len(syms):
            if j < len(syms) - 1 and syms[j] == best[0] and syms[j + 1] == best[1]:
                merged.append(best[0] + best[1])
                j += 2
            else:
                merged.append(syms[j])
                j += 1
        syms = merged
    return syms


class Encoder:
    def __init__(self, vocab, merges):
        self.vocab = vocab
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.ranks = {tuple(m): r for r, m in enumerate(merges)}
        self.cache = {}
        self.eot_id = self.ids[EOT]
        self.byte_decoder = {v: k for k, v in BYTE_MAP.items()}

    def encode_chunk(self, chunk):
        ids = self.cache.get(chunk)
        if ids is None:
            ids = [self.ids[s] for s in apply_merges(list(to_symbols(chunk)), self.ranks)]
            self.cache[chunk] = ids
        return ids

    def encode(self, text):
        """Encodes text; the literal EOT string becomes the special token, as in tokenizer.json."""
        out = []
        parts = text.split(EOT)
        for k, part in enumerate(parts):
            if k > 0:
                out.append(self.eot_id)
            for chunk in PRETOKENIZE.findall(part):
                out.extend(self.encode_chunk(chunk))
        return out

    def decode(self, ids):
        text = "".join(self.vocab[i] for i in ids)
        if text == EOT:
            return text
        return bytearray(self.byte_decoder[c] for c in text).decode("utf-8", errors="replace")


def load_encoder(path):
    """An Encoder from a Hugging Face tokenizer.json written by this trainer."""
    with open(path) as f:
        tj = json.load(f)
    vocab = [None] * len(tj["model"]["vocab"])
    for t, i in tj["model"]["vocab"].items():
        vocab[i] = t
    merges = [tuple(m.split(" ")) for m in tj["model"]["merges"]]
    return Encoder(vocab, merges)


def count_words(text):
    counts = collections.Counter()
    for part in text.split(EOT):
        counts.update(PRETOKENIZE.findall(part))
    return counts


def tokenizer_json(vocab, merges):
    eot_id = vocab.index(EOT)
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{
            "id": eot_id, "content": EOT, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": True, "special": True,
        }],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
            "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
            "vocab": {t: i for i, t in enumerate(vocab)},
            "merges": [f"{a} {b}" for a, b in merges],
        },
    }


def tokenizer_config(max_length):
    return {
        "add_prefix_space": False,
        "bos_token": EOT,
        "eos_token": EOT,
        "unk_token": EOT,
        "model_max_length": max_length,
        "tokenizer_class": "GPT2Tokenizer",
        "clean_up_tokenization_spaces": False,
    }
