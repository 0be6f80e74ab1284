//! A BERT encoder (the sentence-transformers shape: transformer, pooling,
//! optional L2 normalisation) in plain Rust over `matrixmultiply`'s sgemm.
//!
//! Sequences are packed, not padded: every linear layer runs once over all
//! tokens of a batch, only attention works sequence by sequence, so a batch
//! of mixed lengths costs what its tokens cost. Batches go to one thread
//! per core.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, anyhow, bail};
use serde::Deserialize;
use tokenizers::{Tokenizer, TruncationParams};

/// Tokens per batch: the products work through 96 rows at a time
/// whatever the batch, so this only needs to be a few sequences long; it
/// bounds a thread's scratch space (about 19 MB for MiniLM).
const BATCH_TOKENS: usize = 1024;

#[derive(Debug, Deserialize)]
struct BertConfig {
    hidden_size: usize,
    num_attention_heads: usize,
    num_hidden_layers: usize,
    intermediate_size: usize,
    #[serde(default = "default_eps")]
    layer_norm_eps: f32,
    max_position_embeddings: usize,
    #[serde(default = "default_act")]
    hidden_act: String,
    #[serde(default)]
    model_type: Option<String>,
}

fn default_eps() -> f32 {
    1e-12
}
fn default_act() -> String {
    "gelu".into()
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pooling {
    Mean,
    Cls,
    Max,
}

/// How the matrix products run: f32 everywhere, or bf16 products with
/// f32 accumulation (about twice as fast where the CPU has AVX-512 BF16;
/// vectors stay within cosine 0.9999 of f32).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    F32,
    Bf16,
}

impl Precision {
    /// bf16 where the CPU has it, else f32.
    pub fn best() -> Precision {
        #[cfg(target_arch = "x86_64")]
        if super::bf16::supported() {
            return Precision::Bf16;
        }
        Precision::F32
    }
}

/// A linear layer's weight `[n, k]`, kept as the chosen precision needs.
enum Weight {
    F32(Vec<f32>),
    #[cfg(target_arch = "x86_64")]
    Bf16(super::bf16::Packed),
}

impl Weight {
    fn new(w: Vec<f32>, n: usize, k: usize, precision: Precision) -> Weight {
        match precision {
            #[cfg(target_arch = "x86_64")]
            Precision::Bf16 => Weight::Bf16(super::bf16::Packed::new(&w, n, k)),
            _ => Weight::F32(w),
        }
    }
}

struct Layer {
    /// Query, key and value stacked: `[3·hidden, hidden]`.
    qkv_w: Weight,
    qkv_b: Vec<f32>,
    out_w: Weight,
    out_b: Vec<f32>,
    ln1_w: Vec<f32>,
    ln1_b: Vec<f32>,
    up_w: Weight,
    up_b: Vec<f32>,
    down_w: Weight,
    down_b: Vec<f32>,
    ln2_w: Vec<f32>,
    ln2_b: Vec<f32>,
}

/// A loaded model: weights, tokenizer and the sentence-transformers
/// settings (sequence length, pooling, normalisation).
pub struct Model {
    hidden: usize,
    heads: usize,
    inter: usize,
    eps: f32,
    /// The word embeddings: mapped from the file where it stores them as
    /// f32, so only the rows of tokens actually seen take memory.
    word: Table,
    pos: Vec<f32>,
    /// Token type 0, the only one a single text uses.
    type0: Vec<f32>,
    emb_ln_w: Vec<f32>,
    emb_ln_b: Vec<f32>,
    layers: Vec<Layer>,
    tokenizer: Tokenizer,
    /// GELU and softmax sixteen lanes at a time (AVX-512F); off, the
    /// portable scalar code runs, as on CPUs without it.
    vector_math: bool,
    pub max_seq_length: usize,
    pub pooling: Pooling,
    pub normalize: bool,
}

#[derive(Deserialize)]
struct PoolingConfig {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
}

#[derive(Deserialize)]
struct ModuleEntry {
    #[serde(default)]
    path: String,
    #[serde(rename = "type", default)]
    kind: String,
}

impl Model {
    /// Load a sentence-transformers model from a directory holding
    /// `config.json`, `tokenizer.json` and `model.safetensors` (and, when
    /// present, `modules.json`, `sentence_bert_config.json` and the
    /// pooling module's `config.json`).
    pub fn load(dir: &Path, precision: Precision) -> anyhow::Result<Model> {
        #[cfg(target_arch = "x86_64")]
        if precision == Precision::Bf16 && !super::bf16::supported() {
            bail!("this CPU has no AVX-512 BF16 for bf16 matrix products");
        }
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .with_context(|| format!("reading {}", dir.join(name).display()))
        };
        let cfg: BertConfig = serde_json::from_str(&read("config.json")?)
            .with_context(|| format!("{}: not a BERT config", dir.join("config.json").display()))?;
        if let Some(t) = &cfg.model_type
            && !matches!(t.as_str(), "bert" | "roberta" | "xlm-roberta")
        {
            bail!("model type {t:?} is not supported by the built-in engine (BERT models only)");
        }
        if cfg.hidden_act != "gelu" {
            bail!(
                "activation {:?} is not supported (gelu only)",
                cfg.hidden_act
            );
        }
        if cfg.num_attention_heads == 0 || !cfg.hidden_size.is_multiple_of(cfg.num_attention_heads)
        {
            bail!(
                "hidden size {} does not split into {} heads",
                cfg.hidden_size,
                cfg.num_attention_heads
            );
        }

        // modules.json: which folder holds the pooling settings, and
        // whether the pipeline ends in Normalize.
        let (pool_dir, normalize) = match read("modules.json") {
            Ok(text) => {
                let mods: Vec<ModuleEntry> = serde_json::from_str(&text).context("modules.json")?;
                let pool = mods
                    .iter()
                    .find(|m| m.kind.ends_with("models.Pooling"))
                    .map(|m| m.path.clone());
                let norm = mods.iter().any(|m| m.kind.ends_with("models.Normalize"));
                (pool, norm)
            }
            // A bare model directory: the all-MiniLM layout.
            Err(_) => (Some("1_Pooling".to_string()), true),
        };
        let pooling = match pool_dir.and_then(|p| read(&format!("{p}/config.json")).ok()) {
            Some(text) => {
                let p: PoolingConfig = serde_json::from_str(&text).context("pooling config")?;
                if p.pooling_mode_cls_token {
                    Pooling::Cls
                } else if p.pooling_mode_max_tokens && !p.pooling_mode_mean_tokens {
                    Pooling::Max
                } else {
                    Pooling::Mean
                }
            }
            None => Pooling::Mean,
        };
        let max_seq_length = read("sentence_bert_config.json")
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("max_seq_length").and_then(|m| m.as_u64()))
            .map(|m| m as usize)
            .unwrap_or(256)
            .min(cfg.max_position_embeddings);

        let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
            .map_err(|e| anyhow!("{}: {e}", dir.join("tokenizer.json").display()))?;
        // tokenizer.json may carry fixed padding and a shorter truncation;
        // sentences are packed here, so no padding, and cut at the model's
        // sequence length as sentence-transformers does.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_seq_length,
                ..Default::default()
            }))
            .map_err(|e| anyhow!("tokenizer truncation: {e}"))?;

        // Tensors are read one at a time from the file and converted, so
        // loading never holds the file's bytes and the weights together.
        let st = TensorFile::open(&dir.join("model.safetensors"))?;
        let prefix = if st.names().any(|n| n.starts_with("bert.")) {
            "bert."
        } else {
            ""
        };
        let get = |name: &str, len: usize| -> anyhow::Result<Vec<f32>> {
            let full = format!("{prefix}{name}");
            // Old checkpoints name LayerNorm parameters gamma/beta.
            let alt = full
                .replace("LayerNorm.weight", "LayerNorm.gamma")
                .replace("LayerNorm.bias", "LayerNorm.beta");
            let v = st
                .read(&full)
                .or_else(|| st.read(&alt))
                .ok_or_else(|| anyhow!("model.safetensors has no tensor {full}"))?
                .with_context(|| full.clone())?;
            if v.len() != len {
                bail!("tensor {full} has {} values, expected {len}", v.len());
            }
            Ok(v)
        };
        let (h, i) = (cfg.hidden_size, cfg.intermediate_size);
        let whole = |name: &str| -> anyhow::Result<Vec<f32>> {
            let full = format!("{prefix}{name}");
            let v = st
                .read(&full)
                .ok_or_else(|| anyhow!("model.safetensors has no tensor {full}"))?
                .with_context(|| full.clone())?;
            if v.is_empty() || v.len() % h != 0 {
                bail!("tensor {full} is not a table of {h}-wide rows");
            }
            Ok(v)
        };
        let word_name = format!("{prefix}embeddings.word_embeddings.weight");
        let word = match st.map_f32(&word_name) {
            Some(m) => Table::Mapped(m.with_context(|| word_name.clone())?),
            None => Table::Owned(whole("embeddings.word_embeddings.weight")?),
        };
        if word.as_slice().is_empty() || !word.as_slice().len().is_multiple_of(h) {
            bail!("tensor {word_name} is not a table of {h}-wide rows");
        }
        let pos = get(
            "embeddings.position_embeddings.weight",
            cfg.max_position_embeddings * h,
        )?;
        let types = whole("embeddings.token_type_embeddings.weight")?;
        let mut layers = Vec::with_capacity(cfg.num_hidden_layers);
        for l in 0..cfg.num_hidden_layers {
            let p = |s: &str| format!("encoder.layer.{l}.{s}");
            let mut qkv_w = get(&p("attention.self.query.weight"), h * h)?;
            qkv_w.extend(get(&p("attention.self.key.weight"), h * h)?);
            qkv_w.extend(get(&p("attention.self.value.weight"), h * h)?);
            let mut qkv_b = get(&p("attention.self.query.bias"), h)?;
            qkv_b.extend(get(&p("attention.self.key.bias"), h)?);
            qkv_b.extend(get(&p("attention.self.value.bias"), h)?);
            layers.push(Layer {
                qkv_w: Weight::new(qkv_w, 3 * h, h, precision),
                qkv_b,
                out_w: Weight::new(
                    get(&p("attention.output.dense.weight"), h * h)?,
                    h,
                    h,
                    precision,
                ),
                out_b: get(&p("attention.output.dense.bias"), h)?,
                ln1_w: get(&p("attention.output.LayerNorm.weight"), h)?,
                ln1_b: get(&p("attention.output.LayerNorm.bias"), h)?,
                up_w: Weight::new(
                    get(&p("intermediate.dense.weight"), i * h)?,
                    i,
                    h,
                    precision,
                ),
                up_b: get(&p("intermediate.dense.bias"), i)?,
                down_w: Weight::new(get(&p("output.dense.weight"), h * i)?, h, i, precision),
                down_b: get(&p("output.dense.bias"), h)?,
                ln2_w: get(&p("output.LayerNorm.weight"), h)?,
                ln2_b: get(&p("output.LayerNorm.bias"), h)?,
            });
        }
        Ok(Model {
            hidden: h,
            heads: cfg.num_attention_heads,
            inter: i,
            eps: cfg.layer_norm_eps,
            type0: types[..h].to_vec(),
            word,
            pos,
            emb_ln_w: get("embeddings.LayerNorm.weight", h)?,
            emb_ln_b: get("embeddings.LayerNorm.bias", h)?,
            layers,
            tokenizer,
            vector_math: vector_math_supported(),
            max_seq_length,
            pooling,
            normalize,
        })
    }

    /// Run GELU and softmax with the portable scalar code, as a CPU
    /// without AVX-512 does, so tests cover that path on any machine.
    #[cfg(test)]
    pub(crate) fn use_portable_math(&mut self) {
        self.vector_math = false;
    }

    pub fn dimensions(&self) -> usize {
        self.hidden
    }

    /// Token ids of `text`, with the special tokens, cut at the sequence length.
    pub fn tokenize(&self, text: &str) -> anyhow::Result<Vec<u32>> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| anyhow!("tokenizing: {e}"))?;
        Ok(enc.get_ids().to_vec())
    }

    /// Vectors for `texts`, in order. `done(n)` is called with the number
    /// of texts finished so far (from worker threads, in no fixed order of
    /// texts but with growing `n`).
    pub fn embed(
        &self,
        texts: &[String],
        threads: usize,
        done: &(dyn Fn(usize) + Sync),
    ) -> anyhow::Result<Vec<Vec<f32>>> {
        let encs = self
            .tokenizer
            .encode_batch(texts.iter().map(|t| t.as_str()).collect::<Vec<_>>(), true)
            .map_err(|e| anyhow!("tokenizing: {e}"))?;
        let ids: Vec<&[u32]> = encs.iter().map(|e| e.get_ids()).collect();
        // Longest first, so the big batches start early and the tail is short.
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(ids[i].len()));
        let mut batches: Vec<Vec<usize>> = Vec::new();
        let mut cur = Vec::new();
        let mut cur_tokens = 0;
        for i in order {
            let n = ids[i].len();
            if !cur.is_empty() && cur_tokens + n > BATCH_TOKENS {
                batches.push(std::mem::take(&mut cur));
                cur_tokens = 0;
            }
            cur.push(i);
            cur_tokens += n;
        }
        if !cur.is_empty() {
            batches.push(cur);
        }

        let next = AtomicUsize::new(0);
        let finished = AtomicUsize::new(0);
        let threads = threads.clamp(1, batches.len().max(1));
        let work = || -> Vec<(usize, Vec<f32>)> {
            let mut out = Vec::new();
            let mut scratch = Scratch::default();
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                let Some(batch) = batches.get(b) else { break };
                let seqs: Vec<&[u32]> = batch.iter().map(|&i| ids[i]).collect();
                let vecs = self.forward(&seqs, &mut scratch);
                out.extend(batch.iter().copied().zip(vecs));
                let n = finished.fetch_add(batch.len(), Ordering::Relaxed) + batch.len();
                done(n);
            }
            out
        };
        let mut results: Vec<Option<Vec<f32>>> = vec![None; texts.len()];
        let parts: Vec<Vec<(usize, Vec<f32>)>> = if threads == 1 {
            vec![work()]
        } else {
            std::thread::scope(|s| {
                let hs: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
                hs.into_iter()
                    .map(|h| {
                        h.join()
                            .map_err(|_| anyhow!("an embedding thread panicked"))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })?
        };
        for (i, v) in parts.into_iter().flatten() {
            results[i] = Some(v);
        }
        results
            .into_iter()
            .map(|v| v.ok_or_else(|| anyhow!("a text got no vector")))
            .collect()
    }

    /// One batch of packed sequences through the encoder and the pooling.
    fn forward(&self, seqs: &[&[u32]], s: &mut Scratch) -> Vec<Vec<f32>> {
        let h = self.hidden;
        let total: usize = seqs.iter().map(|q| q.len()).sum();
        let word = self.word.as_slice();
        let vocab = word.len() / h;
        let pos_max = self.pos.len() / h;
        s.x.resize(total * h, 0.0);
        let mut row = 0;
        for q in seqs {
            for (p, &id) in q.iter().enumerate() {
                let id = (id as usize).min(vocab - 1);
                let w = &word[id * h..(id + 1) * h];
                let pe = &self.pos[p.min(pos_max - 1) * h..(p.min(pos_max - 1) + 1) * h];
                let dst = &mut s.x[row * h..(row + 1) * h];
                for j in 0..h {
                    dst[j] = w[j] + pe[j] + self.type0[j];
                }
                layer_norm(dst, &self.emb_ln_w, &self.emb_ln_b, self.eps);
                row += 1;
            }
        }
        for layer in &self.layers {
            self.layer(layer, seqs, total, s);
        }
        // Pooling.
        let mut out = Vec::with_capacity(seqs.len());
        let mut row = 0;
        for q in seqs {
            let n = q.len();
            let rows = &s.x[row * h..(row + n) * h];
            let mut v = vec![0f32; h];
            match self.pooling {
                Pooling::Mean => {
                    for r in rows.chunks_exact(h) {
                        for (a, b) in v.iter_mut().zip(r) {
                            *a += b;
                        }
                    }
                    let inv = 1.0 / n.max(1) as f32;
                    v.iter_mut().for_each(|a| *a *= inv);
                }
                Pooling::Cls => v.copy_from_slice(&rows[..h]),
                Pooling::Max => {
                    v.fill(f32::NEG_INFINITY);
                    for r in rows.chunks_exact(h) {
                        for (a, b) in v.iter_mut().zip(r) {
                            *a = a.max(*b);
                        }
                    }
                }
            }
            if self.normalize {
                let norm = v.iter().map(|a| a * a).sum::<f32>().sqrt().max(1e-12);
                v.iter_mut().for_each(|a| *a /= norm);
            }
            out.push(v);
            row += n;
        }
        out
    }

    fn layer(&self, l: &Layer, seqs: &[&[u32]], t: usize, s: &mut Scratch) {
        let h = self.hidden;
        // qkv = x · Wqkvᵀ + b
        linear(
            &s.x,
            t,
            h,
            &l.qkv_w,
            &l.qkv_b,
            3 * h,
            &mut s.qkv,
            &mut s.packed,
        );
        // Attention, sequence by sequence, head by head.
        #[cfg(target_arch = "x86_64")]
        if matches!(l.qkv_w, Weight::Bf16(_)) {
            self.attention_bf16(seqs, t, s);
        } else {
            self.attention_f32(seqs, t, s);
        }
        #[cfg(not(target_arch = "x86_64"))]
        self.attention_f32(seqs, t, s);
        // x = LN(x + ctx · Woᵀ + b)
        linear(
            &s.ctx,
            t,
            h,
            &l.out_w,
            &l.out_b,
            h,
            &mut s.tmp,
            &mut s.packed,
        );
        add_norm(&mut s.x, &s.tmp, h, &l.ln1_w, &l.ln1_b, self.eps);
        // x = LN(x + gelu(x · W1ᵀ + b1) · W2ᵀ + b2)
        linear(
            &s.x,
            t,
            h,
            &l.up_w,
            &l.up_b,
            self.inter,
            &mut s.up,
            &mut s.packed,
        );
        gelu_all(&mut s.up, self.vector_math);
        linear(
            &s.up,
            t,
            self.inter,
            &l.down_w,
            &l.down_b,
            h,
            &mut s.tmp,
            &mut s.packed,
        );
        add_norm(&mut s.x, &s.tmp, h, &l.ln2_w, &l.ln2_b, self.eps);
    }

    /// `ctx = softmax(Q Kᵀ / √d) V` per sequence and head, in f32.
    fn attention_f32(&self, seqs: &[&[u32]], t: usize, s: &mut Scratch) {
        let h = self.hidden;
        let heads = self.heads;
        let d = h / heads;
        let scale = 1.0 / (d as f32).sqrt();
        s.ctx.resize(t * h, 0.0);
        let mut off = 0;
        for q in seqs {
            let n = q.len();
            s.scores.resize(n * n, 0.0);
            for hd in 0..heads {
                let base = off * 3 * h + hd * d;
                // scores = Q Kᵀ · scale
                unsafe {
                    matrixmultiply::sgemm(
                        n,
                        d,
                        n,
                        scale,
                        s.qkv.as_ptr().add(base),
                        (3 * h) as isize,
                        1,
                        s.qkv.as_ptr().add(base + h),
                        1,
                        (3 * h) as isize,
                        0.0,
                        s.scores.as_mut_ptr(),
                        n as isize,
                        1,
                    );
                }
                for r in s.scores.chunks_exact_mut(n) {
                    softmax_row(r, self.vector_math);
                }
                // ctx = P V
                unsafe {
                    matrixmultiply::sgemm(
                        n,
                        n,
                        d,
                        1.0,
                        s.scores.as_ptr(),
                        n as isize,
                        1,
                        s.qkv.as_ptr().add(base + 2 * h),
                        (3 * h) as isize,
                        1,
                        0.0,
                        s.ctx.as_mut_ptr().add(off * h + hd * d),
                        h as isize,
                        1,
                    );
                }
            }
            off += n;
        }
    }

    /// The same in bf16 products with f32 accumulation: the queries and
    /// the probabilities rounded like the activations of a linear layer,
    /// the keys and the values packed as its weights.
    #[cfg(target_arch = "x86_64")]
    fn attention_bf16(&self, seqs: &[&[u32]], t: usize, s: &mut Scratch) {
        use super::bf16;
        let h = self.hidden;
        let heads = self.heads;
        let d = h / heads;
        let scale = 1.0 / (d as f32).sqrt();
        s.ctx.resize(t * h, 0.0);
        let mut off = 0;
        for q in seqs {
            let n = q.len();
            s.scores.resize(n * n, 0.0);
            for hd in 0..heads {
                let qkv = &s.qkv[off * 3 * h + hd * d..];
                // scores = Q Kᵀ · scale: K's rows are the weight's rows.
                bf16::pack_rows(qkv, 3 * h, n, d, 1.0, &mut s.packed);
                s.weight.fill(&qkv[h..], n, d, 3 * h, 1);
                // SAFETY: `scores` holds n rows of n.
                unsafe {
                    bf16::product(
                        &s.packed,
                        n,
                        &s.weight,
                        scale,
                        None,
                        s.scores.as_mut_ptr(),
                        n,
                    )
                };
                for r in s.scores.chunks_exact_mut(n) {
                    softmax_row(r, self.vector_math);
                }
                // ctx = P V: the weight is Vᵀ, `d` rows of `n`.
                bf16::pack_rows(&s.scores, n, n, n, 1.0, &mut s.packed);
                s.weight.fill(&qkv[2 * h..], d, n, 1, 3 * h);
                // SAFETY: `ctx` holds `t` rows of `h`; this head's `d`
                // columns of rows `off..off + n` lie inside it.
                unsafe {
                    bf16::product(
                        &s.packed,
                        n,
                        &s.weight,
                        1.0,
                        None,
                        s.ctx.as_mut_ptr().add(off * h + hd * d),
                        h,
                    )
                };
            }
            off += n;
        }
    }
}

#[derive(Default)]
struct Scratch {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    scores: Vec<f32>,
    tmp: Vec<f32>,
    up: Vec<f32>,
    /// Activations as bf16 pairs for the bf16 products.
    packed: Vec<u32>,
    /// One head's keys or values packed for the bf16 products.
    #[cfg(target_arch = "x86_64")]
    weight: super::bf16::Packed,
}

/// `out[t, n] = a[t, k] · w[n, k]ᵀ + b[n]`.
#[allow(clippy::too_many_arguments)]
fn linear(
    a: &[f32],
    t: usize,
    k: usize,
    w: &Weight,
    b: &[f32],
    n: usize,
    out: &mut Vec<f32>,
    #[allow(unused_variables)] packed: &mut Vec<u32>,
) {
    out.resize(t * n, 0.0);
    match w {
        Weight::F32(w) => unsafe {
            for r in out.chunks_exact_mut(n) {
                r.copy_from_slice(b);
            }
            // SAFETY: a is [t, k], w is [n, k], out is [t, n], all row-major.
            matrixmultiply::sgemm(
                t,
                k,
                n,
                1.0,
                a.as_ptr(),
                k as isize,
                1,
                w.as_ptr(),
                1,
                k as isize,
                1.0,
                out.as_mut_ptr(),
                n as isize,
                1,
            );
        },
        #[cfg(target_arch = "x86_64")]
        Weight::Bf16(w) => super::bf16::matmul(a, t, k, w, b, out, packed),
    }
}

fn add_norm(x: &mut [f32], y: &[f32], h: usize, w: &[f32], b: &[f32], eps: f32) {
    for (xr, yr) in x.chunks_exact_mut(h).zip(y.chunks_exact(h)) {
        for (a, c) in xr.iter_mut().zip(yr) {
            *a += c;
        }
        layer_norm(xr, w, b, eps);
    }
}

fn layer_norm(x: &mut [f32], w: &[f32], b: &[f32], eps: f32) {
    let n = x.len() as f32;
    let mean = x.iter().sum::<f32>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, g), c) in x.iter_mut().zip(w).zip(b) {
        *v = (*v - mean) * inv * g + c;
    }
}

fn vector_math_supported() -> bool {
    #[cfg(target_arch = "x86_64")]
    if super::fast::supported() {
        return true;
    }
    false
}

/// GELU over a whole buffer, sixteen lanes at a time when `vector` (set
/// only where [`vector_math_supported`]).
fn gelu_all(v: &mut [f32], vector: bool) {
    #[cfg(target_arch = "x86_64")]
    if vector {
        // SAFETY: `vector` is only set on CPUs with AVX-512F.
        unsafe { super::fast::gelu(v) };
        return;
    }
    let _ = vector;
    v.iter_mut().for_each(|x| *x = gelu(*x));
}

fn softmax_row(r: &mut [f32], vector: bool) {
    #[cfg(target_arch = "x86_64")]
    if vector {
        // SAFETY: `vector` is only set on CPUs with AVX-512F.
        unsafe { super::fast::softmax(r) };
        return;
    }
    let _ = vector;
    softmax(r);
}

fn softmax(r: &mut [f32]) {
    let max = r.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in r.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    let inv = 1.0 / sum;
    r.iter_mut().for_each(|v| *v *= inv);
}

/// BERT's exact GELU: x·Φ(x) = ½x(1 + erf(x/√2)).
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// erf to within ~1.2e-7 (Numerical Recipes' erfc with Chebyshev fit).
fn erf(x: f32) -> f32 {
    let z = x.abs() as f64;
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.26551223
            + t * (1.00002368
                + t * (0.37409196
                    + t * (0.09678418
                        + t * (-0.18628806
                            + t * (0.27886807
                                + t * (-1.13520398
                                    + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
            .exp();
    let e = 1.0 - r;
    (if x >= 0.0 { e } else { -e }) as f32
}

/// A table of f32 values, owned or mapped read-only from a file.
enum Table {
    Owned(Vec<f32>),
    Mapped(Mapped),
}

impl Table {
    fn as_slice(&self) -> &[f32] {
        match self {
            Table::Owned(v) => v,
            Table::Mapped(m) => m.as_slice(),
        }
    }
}

/// f32 values mapped read-only from a file (unmapped on drop).
struct Mapped {
    base: *mut libc::c_void,
    map_len: usize,
    /// Where the values start within the mapping, in bytes.
    skip: usize,
    len: usize,
}

// SAFETY: the mapping is private and read-only, so sharing it between
// threads is sharing immutable memory.
unsafe impl Send for Mapped {}
unsafe impl Sync for Mapped {}

impl Mapped {
    fn as_slice(&self) -> &[f32] {
        // SAFETY: `skip` is a multiple of 4 from a page-aligned base, and
        // the mapping covers `skip + 4·len` bytes (see `TensorFile::map_f32`).
        unsafe {
            std::slice::from_raw_parts(self.base.cast::<u8>().add(self.skip).cast(), self.len)
        }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: `base`/`map_len` are what mmap returned and nothing
        // borrows the mapping once its owner is dropped.
        unsafe { libc::munmap(self.base, self.map_len) };
    }
}

/// A safetensors file's header, with the tensors left on disk until read.
struct TensorFile {
    file: std::fs::File,
    path: std::path::PathBuf,
    /// Where the data starts (after the length and the header).
    data_start: u64,
    tensors: std::collections::HashMap<String, TensorInfo>,
}

#[derive(Deserialize)]
struct TensorInfo {
    dtype: safetensors::Dtype,
    data_offsets: (u64, u64),
}

impl TensorFile {
    fn open(path: &Path) -> anyhow::Result<TensorFile> {
        use std::io::Read;
        let name = path.display().to_string();
        let mut file = std::fs::File::open(path).with_context(|| format!("reading {name}"))?;
        let size = file
            .metadata()
            .with_context(|| format!("reading {name}"))?
            .len();
        let mut len = [0u8; 8];
        file.read_exact(&mut len)
            .with_context(|| format!("{name}: not a safetensors file"))?;
        let n = u64::from_le_bytes(len);
        if n > 100 << 20 || 8 + n > size {
            bail!("{name}: not a safetensors file (header length {n})");
        }
        let mut header = vec![0u8; n as usize];
        file.read_exact(&mut header)
            .with_context(|| format!("reading {name}"))?;
        let mut raw: std::collections::HashMap<String, serde_json::Value> =
            serde_json::from_slice(&header)
                .with_context(|| format!("{name}: not a safetensors header"))?;
        raw.remove("__metadata__");
        let data_start = 8 + n;
        let mut tensors = std::collections::HashMap::with_capacity(raw.len());
        for (k, v) in raw {
            let info: TensorInfo = serde_json::from_value(v)
                .with_context(|| format!("{name}: bad header entry for {k}"))?;
            let (a, b) = info.data_offsets;
            if a > b || data_start + b > size {
                bail!("{name}: tensor {k} lies outside the file");
            }
            tensors.insert(k, info);
        }
        Ok(TensorFile {
            file,
            path: path.to_path_buf(),
            data_start,
            tensors,
        })
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.tensors.keys().map(|k| k.as_str())
    }

    /// The tensor `name` mapped in place, when the file stores it as f32
    /// at a 4-byte-aligned offset on a little-endian machine; `None` when
    /// it does not (or there is no such tensor): read it instead.
    fn map_f32(&self, name: &str) -> Option<anyhow::Result<Mapped>> {
        use std::os::fd::AsRawFd;
        let info = self.tensors.get(name)?;
        let start = self.data_start + info.data_offsets.0;
        let bytes = (info.data_offsets.1 - info.data_offsets.0) as usize;
        if info.dtype != safetensors::Dtype::F32
            || !start.is_multiple_of(4)
            || !bytes.is_multiple_of(4)
            || bytes == 0
            || cfg!(target_endian = "big")
        {
            return None;
        }
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as u64;
        let off = start / page * page;
        let skip = (start - off) as usize;
        let map_len = skip + bytes;
        // SAFETY: a fresh private read-only mapping of a range that lies
        // inside the file (checked in `open`).
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                map_len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                self.file.as_raw_fd(),
                off as libc::off_t,
            )
        };
        if base == libc::MAP_FAILED {
            return Some(
                Err(std::io::Error::last_os_error())
                    .with_context(|| format!("mapping {}", self.path.display())),
            );
        }
        Some(Ok(Mapped {
            base,
            map_len,
            skip,
            len: bytes / 4,
        }))
    }

    /// The tensor `name` as f32 values, `None` when the file has no such tensor.
    fn read(&self, name: &str) -> Option<anyhow::Result<Vec<f32>>> {
        use std::os::unix::fs::FileExt;
        let info = self.tensors.get(name)?;
        let (a, b) = info.data_offsets;
        let mut bytes = vec![0u8; (b - a) as usize];
        Some(
            self.file
                .read_exact_at(&mut bytes, self.data_start + a)
                .with_context(|| format!("reading {}", self.path.display()))
                .and_then(|()| to_f32(info.dtype, &bytes)),
        )
    }
}

fn to_f32(dtype: safetensors::Dtype, data: &[u8]) -> anyhow::Result<Vec<f32>> {
    use safetensors::Dtype;
    Ok(match dtype {
        Dtype::F32 => data
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
        Dtype::BF16 => data
            .chunks_exact(2)
            .map(|b| f32::from_bits((u16::from_le_bytes([b[0], b[1]]) as u32) << 16))
            .collect(),
        Dtype::F16 => data
            .chunks_exact(2)
            .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
            .collect(),
        other => bail!("tensor type {other:?} is not supported (f32, f16, bf16)"),
    })
}

fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h >> 15) as u32) << 31;
    let exp = ((h >> 10) & 0x1f) as u32;
    let frac = (h & 0x3ff) as u32;
    let bits = match exp {
        0 if frac == 0 => sign,
        0 => {
            // subnormal: normalise
            let mut e = 127 - 15 + 1;
            let mut f = frac;
            while f & 0x400 == 0 {
                f <<= 1;
                e -= 1;
            }
            sign | (e << 23) | ((f & 0x3ff) << 13)
        }
        0x1f => sign | 0x7f80_0000 | (frac << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (frac << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
pub(crate) fn erf_for_test(x: f32) -> f32 {
    erf(x)
}

#[cfg(test)]
pub(crate) fn gelu_for_test(x: f32) -> f32 {
    gelu(x)
}

#[cfg(test)]
pub(crate) fn softmax_for_test(r: &mut [f32]) {
    softmax(r)
}

#[cfg(test)]
pub(crate) fn f16_for_test(h: u16) -> f32 {
    f16_to_f32(h)
}
