import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { ok } from '../../src-shared/api/result.ts';
import { fillHandlers } from './fill-handlers.ts';
import { attentionHandlers } from './attention-handlers.ts';
import { conditionHandlers } from './condition-handlers.ts';
import { datasetHandlers } from './dataset-handlers.ts';
import { finetuneHandlers } from './finetune-handlers.ts';
import { finetuneJobHandlers } from './finetune-job-handlers.ts';
import { insideHandlers } from './inside-handlers.ts';
import { modelHandlers } from './model-handlers.ts';
import { runEditHandlers } from './run-edit-handlers.ts';
import { runHandlers } from './run-handlers.ts';
import { studyAttentionHandlers } from './study-attention-handlers.ts';
import type { ApiServices } from './services.ts';
import { studyHandlers } from './study-handlers.ts';
import { tokenHandlers } from './token-handlers.ts';

/**
 * The one set of API handlers, served over Electron IPC and over browser mode's WebSocket alike.
 * Arguments arrive validated (dispatch.ts); each domain lives in its own file.
 */
export function createHandlers(services: ApiServices): ApiHandlers {
  return {
    async 'app.info'() {
      return ok({ version: services.version, mode: services.mode, home: services.home, engineReady: true });
    },
    ...modelHandlers(services),
    ...tokenHandlers(services),
    ...attentionHandlers(services),
    ...fillHandlers(services),
    ...datasetHandlers(services),
    ...studyHandlers(services),
    ...runHandlers(services),
    ...conditionHandlers(services),
    ...runEditHandlers(services),
    ...studyAttentionHandlers(services),
    ...finetuneHandlers(services),
    ...finetuneJobHandlers(services),
    ...insideHandlers(services),
  };
}
