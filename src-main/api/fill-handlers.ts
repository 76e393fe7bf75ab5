import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import type { ApiServices } from './services.ts';

/** Fill-mask and masked-LM probes: thin calls into the engine host, refused for decoders by name. */
export function fillHandlers({ engine }: ApiServices): Pick<ApiHandlers, 'fill.compute' | 'fill.probe'> {
  return {
    async 'fill.compute'({ model, text, pair, top }) {
      const info = await engine.load(model);
      if (info.kind !== 'encoder') return fail('DECODER_MODEL', `${info.name} is a ${info.modelType} decoder (causal LM) without a mask token: fill-mask needs an encoder such as BERT, RoBERTa or ALBERT`);
      return ok(await engine.fill(info.modelId, text, top, pair));
    },

    async 'fill.probe'({ model, text, seed, rate, top }) {
      const info = await engine.load(model);
      if (info.kind !== 'encoder') return fail('DECODER_MODEL', `${info.name} is a ${info.modelType} decoder (causal LM): masked-LM probes need an encoder such as BERT, RoBERTa or ALBERT`);
      return ok(await engine.mlmProbe(info.modelId, text, { seed, rate, top }));
    },
  };
}
