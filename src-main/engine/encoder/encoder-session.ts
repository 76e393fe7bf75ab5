import path from 'node:path';
import { EngineFailure } from '../engine-failure.ts';
import { hashModelFiles } from '../model-folder.ts';
import { exposeAttention } from '../onnx/rewrite.ts';
import type { LoadOptions, ModelInfo } from '../protocol.ts';
import { createRewrittenSession, type RewrittenSession } from '../rewritten-session.ts';
import { createSession, int64Tensor, tensorFloats, type OrtFeeds, type OrtSession, type OrtTensor } from '../runtime.ts';
import { readEncoderFolder, type EncoderFolder } from './encoder-folder.ts';
import { EncoderTokenizer, type EncodedInput } from './encoder-tokenizer.ts';

export interface EncoderOutput {
  /** Row-major [batch, seq, vocab]. */
  logits: Float32Array;
  seq: number;
  vocab: number;
  outputs: Record<string, OrtTensor>;
}

/**
 * A loaded masked-LM encoder: folder, tokenizer, session and a forward pass with logits at every
 * position.
 *
 * Feeds follow the graph: input_ids and attention_mask always, token_type_ids when the graph has
 * that input (the segment ids from the tokenizer, zeros where it gives none, as transformers.js
 * does). Right-padded batches use the pad token id, which RoBERTa's position numbering relies on.
 */
export class EncoderSession {
  private attentionSession?: Promise<{ session: RewrittenSession; outputs: string[] }>;

  private constructor(
    readonly info: ModelInfo,
    readonly folder: EncoderFolder,
    readonly tokenizer: EncoderTokenizer,
    private readonly session: OrtSession,
    readonly hasTokenTypes: boolean,
    private readonly options: LoadOptions,
  ) {}

  static async load(modelId: string, name: string, dir: string, options: LoadOptions): Promise<EncoderSession> {
    const folder = readEncoderFolder(dir, options.variant ?? '');
    const tokenizer = new EncoderTokenizer(folder.tokenizerJson, folder.tokenizerConfig, path.join(folder.dir, 'tokenizer_config.json'), folder.config.padTokenId);
    const onnxPath = path.join(folder.dir, folder.onnxFile);
    const created = await createSession(onnxPath, options, onnxPath);
    try {
      const inputs = new Set(created.session.inputNames);
      for (const needed of ['input_ids', 'attention_mask']) {
        if (!inputs.has(needed)) throw new EngineFailure('MODEL_FILE', `${onnxPath} has no ${needed} input: not a fill-mask encoder export`);
      }
      if (!created.session.outputNames.includes('logits')) {
        throw new EngineFailure('MODEL_FILE', `${onnxPath} has no logits output: export it for the fill-mask task (Optimum --task fill-mask), not as a feature extractor`);
      }
      if ([...inputs].some((n) => n.startsWith('past_key_values'))) {
        throw new EngineFailure('MODEL_FILE', `${onnxPath} takes past_key_values: a decoder graph in a folder whose config.json says ${folder.config.modelType}`);
      }
      const cfg = folder.config;
      const info: ModelInfo = {
        modelId,
        name,
        dir: folder.dir,
        sha256: await hashModelFiles(folder.dir, folder.files),
        modelType: cfg.modelType,
        kind: 'encoder',
        vocabSize: cfg.vocabSize ?? tokenizer.size,
        nLayer: cfg.nLayer,
        nHead: cfg.nHead,
        hiddenSize: cfg.hiddenSize,
        // Text tokens that fit beside the special tokens the post-processor adds.
        contextLength: Math.min(cfg.maxPositions - (cfg.modelType === 'roberta' || cfg.modelType === 'xlm-roberta' || cfg.modelType === 'camembert' ? 2 : 0), Number(folder.tokenizerConfig.model_max_length ?? Infinity)) - tokenizer.specialsAdded,
        onnxFile: folder.onnxFile,
        provider: created.provider,
        ...(created.providerFallback ? { providerFallback: created.providerFallback } : {}),
        attentionAvailable: true,
        maskToken: tokenizer.maskToken,
        maskTokenId: tokenizer.maskTokenId,
        tokenTypeInput: inputs.has('token_type_ids'),
        ...(cfg.sharedLayers ? { sharedLayers: true } : {}),
        ...(cfg.embeddingSize !== cfg.hiddenSize ? { embeddingSize: cfg.embeddingSize } : {}),
      };
      const model = new EncoderSession(info, folder, tokenizer, created.session, inputs.has('token_type_ids'), options);
      await model.checkVocabulary();
      return model;
    } catch (error) {
      await created.session.release();
      throw error;
    }
  }

  /** One short input through the graph at load: proves the feeds and gives the logits width. */
  private async checkVocabulary(): Promise<void> {
    let out: EncoderOutput;
    try {
      out = await this.forward([this.tokenizer.encode('')]);
    } catch (error) {
      throw new EngineFailure('MODEL_FILE', `${this.folder.onnxFile} failed its first run: ${(error as Error).message.split('\n')[0]}`);
    }
    if (this.tokenizer.size > out.vocab) {
      throw new EngineFailure('TOKENIZER_MISMATCH', `${path.join(this.folder.dir, 'tokenizer.json')} has ${this.tokenizer.size} token ids but the model's logits have ${out.vocab}: tokenizer and model do not belong together`);
    }
    this.info.vocabSize = out.vocab;
  }

  /** Refuses inputs longer than the position table. */
  checkLength(input: EncodedInput): void {
    const limit = this.info.contextLength + this.tokenizer.specialsAdded;
    if (input.ids.length > limit) throw new EngineFailure('CONTEXT_OVERFLOW', `input is ${input.ids.length} tokens, more than the model's ${limit} positions`);
  }

  /** Logits at every position of every row (rows right-padded with the pad token). */
  forward(rows: EncodedInput[], session: OrtSession = this.session, extraOutputs: string[] = []): Promise<EncoderOutput> {
    return runEncoder(session, rows, this.tokenizer.padTokenId, this.hasTokenTypes, extraOutputs);
  }

  /** The graph rewritten to expose each attention Softmax, built on first use. */
  async attentionGraph(): Promise<{ session: OrtSession; outputs: string[] }> {
    if (!this.attentionSession) {
      let outputs: string[] = [];
      const request = { ...this.options, provider: this.info.provider as LoadOptions['provider'] };
      this.attentionSession = createRewrittenSession(this.folder, (bytes) => {
        const exposed = exposeAttention(bytes);
        outputs = exposed.outputs;
        return exposed.bytes;
      }, request, `${this.folder.onnxFile} (attention)`).then((session) => ({ session, outputs }));
      this.attentionSession.catch(() => (this.attentionSession = undefined));
    }
    const { session, outputs } = await this.attentionSession;
    return { session: session.session, outputs };
  }

  async dispose(): Promise<void> {
    await this.attentionSession?.then((s) => s.session.release()).catch(() => undefined);
    await this.session.release();
  }
}

export async function runEncoder(session: OrtSession, rows: EncodedInput[], padId: number, tokenTypes: boolean, extraOutputs: string[] = []): Promise<EncoderOutput> {
  const batch = rows.length;
  const seq = Math.max(...rows.map((r) => r.ids.length));
  const ids = new BigInt64Array(batch * seq).fill(BigInt(padId));
  const mask = new BigInt64Array(batch * seq);
  const types = new BigInt64Array(batch * seq);
  rows.forEach((row, b) => {
    row.ids.forEach((id, j) => {
      ids[b * seq + j] = BigInt(id);
      mask[b * seq + j] = 1n;
      types[b * seq + j] = BigInt(row.typeIds[j] ?? 0);
    });
  });
  const feeds: OrtFeeds = { input_ids: int64Tensor(ids, [batch, seq]), attention_mask: int64Tensor(mask, [batch, seq]) };
  if (tokenTypes) feeds.token_type_ids = int64Tensor(types, [batch, seq]);
  const outputs = (await session.run(feeds, ['logits', ...extraOutputs])) as Record<string, OrtTensor>;
  const dims = outputs.logits.dims.map(Number);
  return { logits: tensorFloats(outputs.logits), seq, vocab: dims[2], outputs };
}
