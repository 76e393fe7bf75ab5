import path from 'node:path';
import { EngineFailure } from './engine-failure.ts';
import type { ModelFolder } from './model-folder.ts';
import { keepLastLogits } from './onnx/rewrite.ts';
import { createRewrittenSession } from './rewritten-session.ts';
import { createSession, type OrtSession, type SessionRequest } from './runtime.ts';

type Kind = 'plain' | 'last';

/**
 * The model's logits session: the graph as exported (logits at every position) or the graph
 * rewritten by keepLastLogits (logits at one position per row, chosen by `last_index`).
 *
 * Why only one at a time: each holds a full copy of the weights, and two copies of a 124M model
 * plus the prefix cache would crowd a 124M-model study's 3 GB memory bound (bench/RESULTS.md). Scoring, next-token and generation only
 * need last-position logits, so the plain graph is built again only for the few uses that need
 * every position (the reuse-off baseline, full-sequence label scoring, tests).
 */
export class LogitsSessions {
  private kind: Kind = 'plain';
  private session: OrtSession;
  private releaseCurrent: () => Promise<void>;
  private lastUnavailable = false;

  constructor(
    private readonly folder: ModelFolder,
    private readonly request: SessionRequest,
    initial: OrtSession,
  ) {
    this.session = initial;
    this.releaseCurrent = () => initial.release();
  }

  /** The exported graph: logits at every position. */
  async plain(): Promise<OrtSession> {
    if (this.kind !== 'plain') {
      await this.releaseCurrent();
      const onnxPath = path.join(this.folder.dir, this.folder.onnxFile);
      const { session } = await createSession(onnxPath, this.request, onnxPath);
      this.set('plain', session, () => session.release());
    }
    return this.session;
  }

  /** The last-position graph and its index input, or undefined when the rewrite does not apply. */
  async last(): Promise<{ session: OrtSession; lastIndexInput: string } | undefined> {
    if (this.lastUnavailable) return undefined;
    if (this.kind !== 'last') {
      // Release the plain session first: while the rewritten graph is built, the file's bytes, the
      // decoded graph and the new session already hold the weights three times over, and a fourth
      // copy pushed a 124M model's study past its 3 GB bound. A rewrite that does not apply
      // (rare: a Gemm lm_head, say) reopens the plain graph.
      await this.releaseCurrent();
      this.releaseCurrent = async () => undefined;
      let created;
      try {
        created = await createRewrittenSession(this.folder, (bytes) => keepLastLogits(bytes).bytes, this.request, `${this.folder.onnxFile} (last-position logits)`);
      } catch (error) {
        this.kind = 'last';
        await this.plain();
        if (!(error instanceof EngineFailure)) throw error;
        this.lastUnavailable = true;
        return undefined;
      }
      this.set('last', created.session, created.release);
    }
    return { session: this.session, lastIndexInput: 'last_index' };
  }

  async dispose(): Promise<void> {
    await this.releaseCurrent();
    this.releaseCurrent = async () => undefined;
  }

  private set(kind: Kind, session: OrtSession, release: () => Promise<void>): void {
    this.kind = kind;
    this.session = session;
    this.releaseCurrent = release;
  }
}
