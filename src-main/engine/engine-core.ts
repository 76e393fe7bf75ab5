import { attention } from './attention.ts';
import { scoreMasked } from './encoder/cloze-scores.ts';
import { encoderAttention } from './encoder/encoder-attention.ts';
import { folderIsEncoder } from './encoder/encoder-folder.ts';
import { EncoderSession } from './encoder/encoder-session.ts';
import { fillMask } from './encoder/fill-mask.ts';
import { mlmProbe } from './encoder/mlm-probe.ts';
import { EngineFailure } from './engine-failure.ts';
import { generate } from './generate.ts';
import { hiddenStates } from './hidden-states.ts';
import { scoreLabels } from './label-scores.ts';
import { ModelSession } from './model-session.ts';
import { nextToken } from './next-token.ts';
import { probe } from './probe.ts';
import type { EngineEvent, EngineRequest } from './protocol.ts';
import { scoreNext } from './score-next.ts';

/**
 * What the worker does with each request, independent of the thread plumbing.
 *
 * Requests run one at a time (a queue), because ORT runs block the thread anyway and a model's
 * caches must not be touched by two requests at once.
 */
export class EngineCore {
  private readonly models = new Map<string, ModelSession>();
  /** Masked-LM encoders, kept apart: decoder operations on them are refused by name. */
  private readonly encoders = new Map<string, EncoderSession>();
  private queue: Promise<unknown> = Promise.resolve();
  private nextModel = 1;

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  handle(req: EngineRequest): Promise<unknown> {
    const run = this.queue.then(() => this.dispatch(req));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private model(modelId: string): ModelSession {
    const encoder = this.encoders.get(modelId);
    if (encoder) {
      throw new EngineFailure('ENCODER_MODEL', `${encoder.info.name} is a ${encoder.info.modelType} encoder (masked LM): it predicts masked tokens, not the next one; use "promptscope fill" or a cloze study`);
    }
    const model = this.models.get(modelId);
    if (!model) throw new EngineFailure('NO_MODEL', `no model loaded with id ${modelId}`);
    return model;
  }

  private encoder(modelId: string): EncoderSession {
    const encoder = this.encoders.get(modelId);
    if (encoder) return encoder;
    const decoder = this.models.get(modelId);
    if (decoder) {
      throw new EngineFailure('DECODER_MODEL', `${decoder.info.name} is a ${decoder.info.modelType} decoder (causal LM) without a mask token: fill-mask needs an encoder such as BERT, RoBERTa or ALBERT`);
    }
    throw new EngineFailure('NO_MODEL', `no model loaded with id ${modelId}`);
  }

  private async dispatch(req: EngineRequest): Promise<unknown> {
    switch (req.op) {
      case 'load': {
        const modelId = req.modelId ?? `m${this.nextModel++}`;
        const existing = this.models.get(modelId) ?? this.encoders.get(modelId);
        if (existing) return existing.info;
        if (folderIsEncoder(req.dir)) {
          const encoder = await EncoderSession.load(modelId, req.name, req.dir, req.options);
          this.encoders.set(modelId, encoder);
          return encoder.info;
        }
        const model = await ModelSession.load(modelId, req.name, req.dir, req.options);
        this.models.set(modelId, model);
        return model.info;
      }
      case 'unload': {
        const model = this.models.get(req.modelId) ?? this.encoders.get(req.modelId);
        this.models.delete(req.modelId);
        this.encoders.delete(req.modelId);
        await model?.dispose();
        return true;
      }
      case 'tokenize':
        return this.encoders.has(req.modelId) ? this.encoders.get(req.modelId)!.tokenizer.pieces(req.text) : this.model(req.modelId).tokenizer.pieces(req.text);
      case 'decode':
        return (this.encoders.get(req.modelId) ?? this.model(req.modelId)).tokenizer.decode(req.ids);
      case 'next':
        return nextToken(this.model(req.modelId), req.text, req.top);
      case 'scoreLabels':
        return scoreLabels(this.model(req.modelId), req.prompt, req.labels, req.mode);
      case 'scoreNext': {
        const { op: _op, ...request } = req;
        return scoreNext(this.model(req.modelId), request);
      }
      case 'generate': {
        const text = await generate(this.model(req.modelId), req.prompt, req.options, (t) =>
          this.emit({ streamId: req.streamId, kind: 'token', tokenId: t.tokenId, text: t.text, logprob: t.logprob }),
        );
        this.emit({ streamId: req.streamId, kind: 'done', text });
        return text;
      }
      case 'attention':
        if (this.encoders.has(req.modelId)) return encoderAttention(this.encoders.get(req.modelId)!, req.text, req.pair);
        return attention(this.model(req.modelId), req.text);
      case 'fill':
        return fillMask(this.encoder(req.modelId), req.text, req.top, req.pair);
      case 'mlmProbe':
        return mlmProbe(this.encoder(req.modelId), req.text, req.options);
      case 'scoreMasked': {
        const { op: _op, ...request } = req;
        return scoreMasked(this.encoder(req.modelId), request);
      }
      case 'hiddenStates':
        return hiddenStates(this.model(req.modelId), req.texts, req.pooling);
      case 'probe': {
        const { op: _op, ...request } = req;
        return probe(this.model(req.modelId), request);
      }
      default:
        return assertNever(req);
    }
  }

  async dispose(): Promise<void> {
    for (const model of this.models.values()) await model.dispose();
    for (const encoder of this.encoders.values()) await encoder.dispose();
    this.models.clear();
    this.encoders.clear();
  }
}

function assertNever(value: never): never {
  throw new EngineFailure('BAD_REQUEST', `unknown engine request ${JSON.stringify(value)}`);
}
