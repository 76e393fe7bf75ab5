import path from 'node:path';
import { checkGraphAgainstConfig, readDecoderIo, type DecoderIo } from './decoder-io.ts';
import { EngineFailure } from './engine-failure.ts';
import { runDecoder, type ForwardInput, type ForwardOutput } from './forward.ts';
import { hashModelFiles, readModelFolder, type ModelFolder } from './model-folder.ts';
import type { LoadOptions, ModelInfo } from './protocol.ts';
import { createSession, type OrtSession } from './runtime.ts';
import { TextTokenizer } from './tokenizer.ts';
import type { KvCache } from './kv-cache.ts';
import { PrefixCache } from './prefix-cache.ts';
import { LogitsSessions } from './logits-sessions.ts';
import { createRewrittenSession, type RewrittenSession } from './rewritten-session.ts';
import { fileMentions } from './onnx/op-scan.ts';

/** Default byte budget of cached prefix states: a few hundred prefixes of a 124M model. */
export const DEFAULT_PREFIX_CACHE_BYTES = 512 * 1024 * 1024;

/**
 * A loaded model: its folder, tokenizer, ONNX session and graph I/O, and one forward pass.
 *
 * The operations (next, scoring, generation, attention) are functions over a ModelSession in their
 * own files; this class only owns resources and checks, and `dispose()` releases them.
 */
export class ModelSession {
  private readonly extraSessions = new Map<string, Promise<RewrittenSession>>();
  /** Prefix states for scoreNext, bounded in bytes. */
  readonly prefixCache: PrefixCache;
  /** The plain or last-position logits graph (one at a time). */
  private readonly logits: LogitsSessions;
  /** One prefix state tiled for batched suffix runs, reused while requests keep using that state. */
  private tiled?: { source: KvCache; tiled: KvCache };

  private constructor(
    readonly info: ModelInfo,
    readonly folder: ModelFolder,
    readonly tokenizer: TextTokenizer,
    session: OrtSession,
    readonly io: DecoderIo,
    readonly options: LoadOptions,
  ) {
    this.logits = new LogitsSessions(folder, { ...options, provider: info.provider as LoadOptions['provider'] }, session);
    this.prefixCache = new PrefixCache(options.prefixCacheBytes ?? DEFAULT_PREFIX_CACHE_BYTES);
  }

  static async load(modelId: string, name: string, dir: string, options: LoadOptions): Promise<ModelSession> {
    const folder = readModelFolder(dir, { ...(options.dtype ? { dtype: options.dtype } : {}), ...(options.variant ? { variant: options.variant } : {}) });
    if (folder.kind !== 'decoder') {
      throw new EngineFailure('MODEL_KIND', `${path.join(folder.dir, 'config.json')}: model_type "${folder.config.modelType}" is an ${folder.kind} model; the decoder engine runs causal language models`);
    }
    const tokenizer = new TextTokenizer(folder.tokenizerJson, folder.tokenizerConfig, path.join(folder.dir, 'tokenizer.json'));
    const onnxPath = path.join(folder.dir, folder.onnxFile);
    const created = await createSession(onnxPath, options, onnxPath);
    try {
      const io = readDecoderIo(created.session, folder.config, onnxPath);
      if (fileMentions(onnxPath, 'GroupQueryAttention')) io.alignRowsWithPast = true;
      const cfg = folder.config;
      checkGraphAgainstConfig(io, cfg, path.join(folder.dir, 'config.json'), onnxPath);
      const sha256 = await hashModelFiles(folder.dir, folder.files);
      const info: ModelInfo = {
        modelId,
        name,
        dir: folder.dir,
        sha256,
        modelType: cfg.modelType,
        vocabSize: cfg.vocabSize ?? tokenizer.size,
        nLayer: cfg.nLayer,
        nHead: cfg.nHead,
        hiddenSize: cfg.hiddenSize,
        contextLength: cfg.contextLength,
        onnxFile: folder.onnxFile,
        dtype: folder.dtype,
        layout: folder.layout,
        provider: created.provider,
        ...(created.providerFallback ? { providerFallback: created.providerFallback } : {}),
        attentionAvailable: true,
        ...(cfg.eosTokenId !== undefined ? { eosTokenId: cfg.eosTokenId } : {}),
        ...(cfg.bosTokenId !== undefined ? { bosTokenId: cfg.bosTokenId } : {}),
      };
      const model = new ModelSession(info, folder, tokenizer, created.session, io, options);
      await model.checkVocabulary();
      return model;
    } catch (error) {
      await created.session.release();
      throw error;
    }
  }

  /**
   * One token through the model at load time: proves the graph runs with the fed inputs and gives
   * the logits width, which the tokenizer must fit into. Padded vocabularies (logits wider than the
   * tokenizer, as in Qwen) are fine; a tokenizer with ids the model cannot score is not.
   */
  private async checkVocabulary(): Promise<void> {
    const probe = this.info.bosTokenId ?? this.info.eosTokenId ?? 0;
    let out: ForwardOutput;
    try {
      out = await this.forward({ rows: [[Math.min(probe, this.tokenizer.size - 1)]] });
    } catch (error) {
      throw new EngineFailure('MODEL_FILE', `${this.folder.onnxFile} failed its first run: ${(error as Error).message.split('\n')[0]}`);
    }
    const tokenizerFile = path.join(this.folder.dir, 'tokenizer.json');
    if (this.tokenizer.size > out.vocab) {
      throw new EngineFailure(
        'TOKENIZER_MISMATCH',
        `${tokenizerFile} has ${this.tokenizer.size} token ids but the model's logits have ${out.vocab}: tokenizer and model do not belong together`,
      );
    }
    if (this.folder.config.vocabSize !== undefined && this.folder.config.vocabSize !== out.vocab) {
      throw new EngineFailure('TOKENIZER_MISMATCH', `${path.join(this.folder.dir, 'config.json')} says vocab_size ${this.folder.config.vocabSize} but the model's logits have ${out.vocab}`);
    }
    this.info.vocabSize = out.vocab;
  }

  /** Token ids of a whole prompt, refused when longer than the context (minus `reserve` new tokens). */
  encodePrompt(text: string, reserve = 0): number[] {
    const ids = this.tokenizer.encode(text, true);
    this.checkContext(ids.length + reserve, ids.length);
    return ids;
  }

  checkContext(total: number, promptTokens = total): void {
    const limit = this.info.contextLength;
    if (total > limit) {
      const extra = total > promptTokens ? ` plus ${total - promptTokens} new tokens` : '';
      throw new EngineFailure('CONTEXT_OVERFLOW', `prompt is ${promptTokens} tokens${extra}, more than the model's context of ${limit} tokens`);
    }
    if (promptTokens === 0) throw new EngineFailure('EMPTY_PROMPT', 'the text has no tokens: give a non-empty prompt');
  }

  /** A run with logits at every position (the exported graph). */
  async forward(input: ForwardInput): Promise<ForwardOutput> {
    return runDecoder(await this.logits.plain(), this.io, input);
  }

  /**
   * Logits at the last real position of each row, as separate rows.
   *
   * Only these are needed for scoring, so the graph is rewritten (keepLastLogits) to apply the
   * lm_head at one position per row and the [batch, seq, vocab] tensor is never built (bench/RESULTS.md).
   * Graphs with their own num_logits_to_keep use it; graphs the rewrite cannot handle fall
   * back to slicing the full logits.
   */
  async forwardLast(input: ForwardInput): Promise<Float32Array[]> {
    const out = await this.forwardLastOnly(input);
    return input.rows.map((row, b) => {
      const p = out.positions === 1 ? 0 : row.length - 1;
      return out.logits.slice((b * out.positions + p) * out.vocab, (b * out.positions + p + 1) * out.vocab);
    });
  }

  /**
   * A batch-1 state repeated for `rows` rows, as the past of a batched run.
   *
   * Tiling copies the state once per row (150 MB for 8 rows of a 124M model's 250-token prefix), and
   * allocating and filling fresh arrays for every batch cost more than batching saved (measured:
   * 354 tokens/s against 488 with the tile kept; bench/RESULTS.md). So the last state's tile is kept,
   * with room for the most rows asked of it, and smaller batches take views of its first rows.
   * Memory: one tile (rows x the state), released when another state is tiled or on dispose.
   */
  tiledPast(past: KvCache, rows: number): KvCache {
    if (rows === 1) return past;
    if (this.tiled?.source !== past || this.tiled.tiled.batch < rows) {
      this.tiled = undefined;
      this.tiled = { source: past, tiled: past.tile(rows) };
    }
    return this.tiled.tiled.firstRows(rows);
  }

  /** The state after running `tokens` on top of `past` (batch 1), computing only the last logits. */
  async extendState(tokens: number[], past?: KvCache): Promise<KvCache> {
    const out = await this.forwardLastOnly({ rows: [tokens], ...(past ? { past } : {}), wantPresent: true });
    return out.present as KvCache;
  }

  /**
   * A run whose logits cover only each row's last real position when the graph allows it
   * (`positions` is then 1); use `lastLogits` to read them either way.
   */
  async forwardLastOnly(input: ForwardInput): Promise<ForwardOutput> {
    if (this.io.logitsToKeepInput) {
      const same = input.rows.every((r) => r.length === input.rows[0].length);
      return this.forward({ ...input, logitsToKeep: same ? 1 : 0 });
    }
    const last = await this.logits.last();
    if (!last) return this.forward(input);
    return runDecoder(last.session, this.io, { ...input, lastIndexInput: last.lastIndexInput });
  }

  /**
   * A second session over a rewritten graph (attention, hidden states, last-only logits), built the
   * first time it is asked for and kept until dispose.
   */
  async extraSession(key: string, rewrite: (bytes: Uint8Array) => Uint8Array): Promise<OrtSession> {
    let pending = this.extraSessions.get(key);
    if (!pending) {
      const request = { ...this.options, provider: this.info.provider as LoadOptions['provider'] };
      pending = createRewrittenSession(this.folder, rewrite, request, `${this.folder.onnxFile} (${key})`);
      this.extraSessions.set(key, pending);
      pending.catch(() => this.extraSessions.delete(key));
    }
    return (await pending).session;
  }

  async dispose(): Promise<void> {
    for (const pending of this.extraSessions.values()) await pending.then((s) => s.release()).catch(() => undefined);
    this.extraSessions.clear();
    this.prefixCache.clear();
    this.tiled = undefined;
    await this.logits.dispose();
  }
}
