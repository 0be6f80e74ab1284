"""Reference chunks for owui's splitter, made with the splitters Open WebUI uses.

    python3 -m venv /tmp/lc && /tmp/lc/bin/pip install langchain-text-splitters tiktoken
    /tmp/lc/bin/python make_fixtures.py path/to/cl100k_base.tiktoken > fixtures.json

The pipeline is Open WebUI 0.12.4's `save_docs_to_vector_db`: optional
MarkdownHeaderTextSplitter (headers kept, parent metadata only), then
RecursiveCharacterTextSplitter or TokenTextSplitter with add_start_index.
The BPE file is read locally (tiktoken would otherwise download it).
"""

import json
import sys

import tiktoken
from tiktoken.load import load_tiktoken_bpe
from langchain_core.documents import Document
from langchain_text_splitters import (
    MarkdownHeaderTextSplitter,
    RecursiveCharacterTextSplitter,
    TokenTextSplitter,
)

ranks = load_tiktoken_bpe(sys.argv[1])
cl100k = tiktoken.Encoding(
    name="cl100k_base",
    pat_str=r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
    mergeable_ranks=ranks,
    special_tokens={
        "<|endoftext|>": 100257,
        "<|fim_prefix|>": 100258,
        "<|fim_middle|>": 100259,
        "<|fim_suffix|>": 100260,
        "<|endofprompt|>": 100276,
    },
)

# every encoding name resolves to the local one: nothing is downloaded
tiktoken.get_encoding = lambda name: cl100k

PROSE = "\n\n".join(
    " ".join(
        f"Sentence {p}.{s} of the report says the harvest of year {1990 + p} was "
        f"{'larger' if (p + s) % 2 else 'smaller'} than expected, and the committee "
        f"noted it."
        for s in range(1, 5)
    )
    for p in range(1, 10)
)

MARKDOWN = """# Guide

Intro paragraph with some words.
Second line of the intro.

## Install

Run the installer:

```sh
owui serve --port 8080

# not a header inside code
```

### Details
#### Deeper
Text under deeper.
####### seven hashes is not a header
#nospace is not a header

## Use

- item one
- item two\twith a tab
\u00a0Non-breaking space at the start and a zero\u200bwidth space.

# Second top

Closing words."""

UNICODE = (
    "Ünïcödé text with emoji 🎉🎉 and CJK 漢字かなカナ한국어 " * 12
    + "\n"
    + "x" * 150
    + "\n\n\n\nTail after blank lines.\x00 with a NUL."
)

CASES = [
    ("prose_default", PROSE, dict(size=1000, overlap=100, md=True, splitter="character")),
    ("prose_small", PROSE, dict(size=200, overlap=40, md=False, splitter="character")),
    ("markdown_default", MARKDOWN, dict(size=1000, overlap=100, md=True, splitter="character")),
    ("markdown_small", MARKDOWN, dict(size=60, overlap=20, md=True, splitter="character")),
    ("markdown_plain", MARKDOWN, dict(size=60, overlap=20, md=False, splitter="character")),
    ("unicode_small", UNICODE, dict(size=50, overlap=10, md=False, splitter="character")),
    ("unicode_md", UNICODE, dict(size=80, overlap=0, md=True, splitter="character")),
    ("prose_token", PROSE, dict(size=100, overlap=20, md=True, splitter="token")),
    ("unicode_token", UNICODE + " <|endoftext|> stays text", dict(size=17, overlap=5, md=False, splitter="token")),
]


def run(text, c):
    docs = [Document(page_content=text, metadata={"source": "x"})]
    if c["md"]:
        md = MarkdownHeaderTextSplitter(
            headers_to_split_on=[("#" * n, f"Header {n}") for n in range(1, 7)],
            strip_headers=False,
        )
        docs = [
            Document(page_content=s.page_content, metadata={**d.metadata})
            for d in docs
            for s in md.split_text(d.page_content)
        ]
    if c["splitter"] == "token":
        splitter = TokenTextSplitter(
            encoding_name="cl100k_base",
            chunk_size=c["size"], chunk_overlap=c["overlap"], add_start_index=True, disallowed_special=()
        )
    else:
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=c["size"], chunk_overlap=c["overlap"], add_start_index=True
        )
    return [
        {"text": d.page_content.replace("\x00", ""), "start_index": d.metadata["start_index"]}
        for d in splitter.split_documents(docs)
    ]


print(
    json.dumps(
        [
            {"name": name, "input": text, **c, "chunks": run(text, c)}
            for name, text, c in CASES
        ],
        ensure_ascii=False,
        indent=1,
    )
)
