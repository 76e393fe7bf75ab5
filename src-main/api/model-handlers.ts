import fs from 'node:fs';
import path from 'node:path';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import type { ModelDetails, ModelEntry } from '../../src-shared/api/models.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { readModelFolder } from '../engine/model-folder.ts';
import type { ModelInfo } from '../engine/protocol.ts';
import { checkModelName, readRegistry, registerModel } from '../models/registry.ts';
import { downloadFromHub } from './hub-download.ts';
import type { ApiServices } from './services.ts';

/** Whether a folder is a loadable model, without loading it (config, tokenizer, ONNX file present). */
function checkFolder(dir: string): { available: boolean; problem?: string } {
  try {
    readModelFolder(dir);
    return { available: true };
  } catch (error) {
    return { available: false, problem: (error as Error).message.split('\n')[0] };
  }
}

export function toDetails(ref: string, info: ModelInfo): ModelDetails {
  const { modelId: _modelId, eosTokenId: _eos, bosTokenId: _bos, ...rest } = info;
  return { ref, ...rest };
}

/** Models: the embedded default, registered folders, model info (loads it), add, Hub download. */
export function modelHandlers(services: ApiServices): Pick<ApiHandlers, 'models.list' | 'models.add' | 'models.info' | 'models.download'> {
  return {
    async 'models.list'() {
      const models: ModelEntry[] = [];
      if (fs.existsSync(services.defaultModelDir)) {
        models.push({ ref: 'default', name: 'default', dir: services.defaultModelDir, kind: 'default', ...checkFolder(services.defaultModelDir) });
      }
      for (const m of readRegistry(services.env)) models.push({ ref: m.name, name: m.name, dir: m.dir, kind: 'registered', ...checkFolder(m.dir) });
      const firstDefault = models.find((m) => m.kind === 'default' && m.available);
      return ok({ models, defaultRef: firstDefault ? 'default' : (models.find((m) => m.available)?.ref ?? null) });
    },

    async 'models.add'({ dir, name }) {
      const abs = services.files.check(dir);
      if (!fs.existsSync(abs)) return fail('MODEL_FOLDER', `${abs}: no such folder`);
      if (!fs.statSync(abs).isDirectory()) return fail('MODEL_FOLDER', `${abs}: is a file, not a model folder`);
      try {
        readModelFolder(abs);
        // Loaded once, as `models add` does: only a graph that opens and runs is "available"
        // (a corrupt model.onnx passes every check of the folder's layout).
        await services.engine.load(abs);
      } catch (error) {
        const { code, message } = error as { code?: string; message: string };
        return fail(code === 'FILE_ACCESS' ? code : 'MODEL_FOLDER', message.split('\n')[0]);
      }
      const chosen = name ?? path.basename(abs).replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') ?? 'model';
      try {
        checkModelName(chosen);
        const entry = registerModel(chosen, abs, services.env);
        return ok({ ref: entry.name, name: entry.name, dir: entry.dir, kind: 'registered', available: true });
      } catch (error) {
        return fail('MODEL_NAME', (error as Error).message.split('\n')[0]);
      }
    },

    async 'models.info'({ model }) {
      const info = await services.engine.load(model);
      return ok(toDetails(model, info));
    },

    async 'models.download'(args, ctx) {
      return downloadFromHub(args, services, (event) => ctx.emit('models.download.progress', event));
    },
  };
}
