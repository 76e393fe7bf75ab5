import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { ok } from '../../src-shared/api/result.ts';
import type { ApiServices } from './services.ts';

/** Tokenize, next-token, label scores and streamed generation: thin calls into the engine host. */
export function tokenHandlers({ engine }: ApiServices): Pick<ApiHandlers, 'tokenize' | 'next' | 'scoreLabels' | 'generate'> {
  return {
    async tokenize({ model, text }) {
      const info = await engine.load(model);
      const pieces = await engine.tokenize(info.modelId, text);
      return ok({ pieces: pieces.map(({ id, text: t, start, end }) => ({ id, text: t, start, end })), count: pieces.length, contextLength: info.contextLength });
    },

    async next({ model, text, top }) {
      const info = await engine.load(model);
      return ok(await engine.next(info.modelId, text, top));
    },

    async scoreLabels({ model, prompt, labels, mode }) {
      const info = await engine.load(model);
      return ok(await engine.scoreLabels(info.modelId, prompt, labels, mode));
    },

    async generate({ model, prompt, maxNewTokens, temperature, topK, seed, streamId }, ctx) {
      const info = await engine.load(model);
      const tokens: { tokenId: number; text: string; logprob: number | null }[] = [];
      try {
        const text = await engine.generate(info.modelId, prompt, { maxNewTokens, temperature, topK, seed }, ({ tokenId, text: piece, logprob }) => {
          tokens.push({ tokenId, text: piece, logprob: logprob ?? null });
          ctx.emit('generate.token', { streamId, tokenId, text: piece, ...(logprob !== undefined ? { logprob } : {}), done: false });
        });
        return ok({ text, tokenIds: tokens.map((t) => t.tokenId), tokens });
      } finally {
        ctx.emit('generate.token', { streamId, done: true });
      }
    },
  };
}
