"""A GPT-2-architecture decoder written out by hand.

Why by hand: the export must keep an explicit Softmax per attention layer (the engine taps it for
attention maps) and must take/return the KV cache in the Hugging Face ONNX layout
(past_key_values.{i}.key|value -> present.{i}.key|value, [batch, heads, seq, head_dim]).
Pre-LN blocks, fused QKV (c_attn), tanh-GELU MLP, learned positions, tied lm_head: GPT-2.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Config:
    def __init__(self, vocab_size, n_positions=512, n_embd=192, n_layer=4, n_head=6, layer_norm_epsilon=1e-5):
        self.vocab_size = vocab_size
        self.n_positions = n_positions
        self.n_embd = n_embd
        self.n_layer = n_layer
        self.n_head = n_head
        self.layer_norm_epsilon = layer_norm_epsilon

    def to_dict(self):
        return dict(self.__dict__)


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg.n_head
        self.head_dim = cfg.n_embd // cfg.n_head
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)

    def forward(self, x, bias, past_k=None, past_v=None):
        b, t, c = x.shape
        q, k, v = self.c_attn(x).split(c, dim=2)
        q = q.view(b, t, self.n_head, self.head_dim).transpose(1, 2)
        k = k.view(b, t, self.n_head, self.head_dim).transpose(1, 2)
        v = v.view(b, t, self.n_head, self.head_dim).transpose(1, 2)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        scores = scores + bias
        probs = torch.softmax(scores, dim=-1)
        y = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, c)
        return self.c_proj(y), k, v


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.attn = Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)

    def forward(self, x, bias, past_k=None, past_v=None):
        a, k, v = self.attn(self.ln_1(x), bias, past_k, past_v)
        x = x + a
        x = x + self.c_proj(gelu_new(self.c_fc(self.ln_2(x))))
        return x, k, v


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_positions, cfg.n_embd)
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.apply(self._init)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)

    def forward(self, input_ids, targets=None):
        """Training/eval path: full causal attention, no cache."""
        b, t = input_ids.shape
        pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.wte(input_ids) + self.wpe(pos)
        causal = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        for block in self.h:
            x, _, _ = block(x, causal)
        logits = F.linear(self.ln_f(x), self.wte.weight)
        if targets is None:
            return logits
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss


class ExportWrapper(nn.Module):
    """The Hugging Face decoder signature with KV cache, for torch.onnx.export."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past):
        m = self.model
        n_layer = m.cfg.n_layer
        x = m.wte(input_ids) + m.wpe(position_ids)
        t = input_ids.shape[1]
        past_len = past[0].shape[2]
        total = past_len + t
        # Key j is visible to query i when j <= past_len + i and attention_mask[b, j] == 1.
        q_pos = torch.arange(t).unsqueeze(1) + past_len
        k_pos = torch.arange(total).unsqueeze(0)
        causal_ok = (k_pos <= q_pos).unsqueeze(0).unsqueeze(0)
        pad_ok = (attention_mask > 0).unsqueeze(1).unsqueeze(2)
        min_value = torch.finfo(torch.float32).min
        bias = torch.where(causal_ok & pad_ok, torch.zeros(()), torch.full((), min_value))
        presents = []
        for i in range(n_layer):
            x, k, v = m.h[i](x, bias, past[2 * i], past[2 * i + 1])
            presents.extend([k, v])
        logits = F.linear(m.ln_f(x), m.wte.weight)
        return (logits, *presents)
