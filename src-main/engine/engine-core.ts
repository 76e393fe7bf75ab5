import { attention } from './attention.ts';
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
  private queue: Promise<unknown> = Promise.resolve();
  private nextModel = 1;

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  handle(req: EngineRequest): Promise<unknown> {
    const run = this.queue.then(() => this.dispatch(req));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private model(modelId: string): ModelSession {
    const model = this.models.get(modelId);
    if (!model) throw new EngineFailure('NO_MODEL', `no model loaded with id ${modelId}`);
    return model;
  }

  private async dispatch(req: EngineRequest): Promise<unknown> {
    switch (req.op) {
      case 'load': {
        const modelId = req.modelId ?? `m${this.nextModel++}`;
        const existing = this.models.get(modelId);
        if (existing) return existing.info;
        const model = await ModelSession.load(modelId, req.name, req.dir, req.options);
        this.models.set(modelId, model);
        return model.info;
      }
      case 'unload': {
        const model = this.models.get(req.modelId);
        this.models.delete(req.modelId);
        await model?.dispose();
        return true;
      }
      case 'tokenize':
        return this.model(req.modelId).tokenizer.pieces(req.text);
      case 'decode':
        return this.model(req.modelId).tokenizer.decode(req.ids);
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
        return attention(this.model(req.modelId), req.text);
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
    this.models.clear();
  }
}

function assertNever(value: never): never {
  throw new EngineFailure('BAD_REQUEST', `unknown engine request ${JSON.stringify(value)}`);
}
