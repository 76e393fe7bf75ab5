import type { ApiHandlers } from '../../src-shared/api/client.ts';
import type { ModelDetails, ModelEntry } from '../../src-shared/api/models.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { listVariants } from '../engine/model-layout.ts';
import type { ModelInfo } from '../engine/protocol.ts';
import { downloadFromHub, HubDownloadError } from '../use-cases/hub-download.ts';
import { addModel, checkNewModelFolder, defaultModelName, listModels, ModelCatalogError } from '../use-cases/model-catalog.ts';
import type { ApiServices } from './services.ts';

export function toDetails(ref: string, info: ModelInfo): ModelDetails {
  const { modelId: _modelId, eosTokenId: _eos, bosTokenId: _bos, ...rest } = info;
  return { ref, ...rest };
}

/** The folder's graphs (a folder that can no longer be listed has none to offer, and says nothing). */
function folderVariants(dir: string): Pick<ModelDetails, 'variants'> {
  try {
    return { variants: listVariants(dir).map(({ dtype, file, layout, bytes }) => ({ dtype, file, layout, bytes })) };
  } catch {
    return {};
  }
}

/** Models: adapters over the catalog (use-cases/model-catalog.ts) and the Hub download (use-cases/hub-download.ts); model info loads the model. */
export function modelHandlers(services: ApiServices): Pick<ApiHandlers, 'models.list' | 'models.add' | 'models.info' | 'models.download'> {
  return {
    async 'models.list'() {
      const models: ModelEntry[] = listModels({ defaultModelDir: services.defaultModelDir, env: services.env }).map(({ addedAt: _addedAt, ...entry }) => entry);
      const firstDefault = models.find((m) => m.kind === 'default' && m.available);
      return ok({ models, defaultRef: firstDefault ? 'default' : (models.find((m) => m.available)?.ref ?? null) });
    },

    async 'models.add'({ dir, name, dtype }) {
      try {
        const abs = checkNewModelFolder(services.files.check(dir), dtype);
        try {
          // Loaded once, as `models add` does: only a graph that opens and runs is "available"
          // (a corrupt model.onnx passes every check of the folder's layout).
          await services.engine.load(abs, dtype ? { dtype } : {});
        } catch (error) {
          return fail('MODEL_FOLDER', (error as Error).message.split('\n')[0]);
        }
        const entry = addModel(abs, name ?? defaultModelName(abs), services.env, dtype);
        return ok({ ref: entry.name, name: entry.name, dir: entry.dir, kind: 'registered', available: true });
      } catch (error) {
        if (error instanceof ModelCatalogError) return fail(error.code, error.message);
        throw error;
      }
    },

    async 'models.info'({ model }) {
      const info = await services.engine.load(model);
      return ok({ ...toDetails(model, info), ...folderVariants(info.dir) });
    },

    async 'models.download'(args, ctx) {
      try {
        return ok(await downloadFromHub(args, services, (event) => ctx.emit('models.download.progress', event)));
      } catch (error) {
        if (error instanceof HubDownloadError) return fail(error.code, error.message);
        throw error;
      }
    },
  };
}
