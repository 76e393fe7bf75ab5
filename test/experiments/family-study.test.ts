import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logitsRow, logSoftmax } from '../../src-main/engine/forward.ts';
import { ModelSession } from '../../src-main/engine/model-session.ts';
import type { ScoreNextRequest, ScoreNextResult } from '../../src-main/engine/protocol.ts';
import { scoreNext } from '../../src-main/engine/score-next.ts';
import { synthModel } from '../../src-main/engine/synth/synth-model.ts';
import { loadExperimentFile } from '../../src-main/experiments/spec/load-experiment.ts';
import type { StudyEngine } from '../../src-main/experiments/study-engine.ts';
import { runStudy } from '../support/run-study.ts';
import { openDatabase } from '../../src-main/storage/database.ts';
import { writeStudyFile } from './study-fixtures.ts';

/**
 * A 4-shot study with contextual calibration through the study runner and SQLite on families whose
 * tokenizers add a BOS (Llama: the SentencePiece-style post-processor puts <s> first) or not
 * (Phi-3, here in the fused style): every label log-prob the runner stored equals scoring the
 * whole prompt, BOS and all. The engine runs in-process (the same ModelSession the worker runs),
 * so each scoreNext call can be replayed against a whole-prompt forward pass.
 */

let root: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-family-study-'));
  await synthModel({ outDir: path.join(root, 'llama'), arch: 'llama', seed: 4, ctx: 512 });
  await synthModel({ outDir: path.join(root, 'phi3'), arch: 'phi3', style: 'fused', hidden: 64, seed: 4, ctx: 512 });
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe.each([
  { family: 'llama', addsBos: true },
  { family: 'phi3', addsBos: false },
])('a study on $family', ({ family, addsBos }) => {
  it('stores label log-probs equal to whole-prompt scoring, with the BOS where the tokenizer adds it', async () => {
    const model = await ModelSession.load('m1', family, path.join(root, family), { provider: 'cpu', prefixCacheBytes: 8 * 2 ** 20 });
    const calls: { request: ScoreNextRequest; result: ScoreNextResult }[] = [];
    const engine: StudyEngine = {
      load: async () => model.info,
      tokenize: async (_id, text) => model.tokenizer.pieces(text),
      scoreNext: async (request) => {
        const result = await scoreNext(model, request);
        calls.push({ request, result });
        return result;
      },
    };
    const file = writeStudyFile(root, `${family}-study`, {
      model: path.join(root, family),
      shots: 4,
      seeds: [0],
      orders: { sample: 2, seed: 0 },
      sample: 6,
      calibration: ['none', 'contextual'],
      task: { labels: { '0': ['no'], '1': ['great'] } },
    });
    const db = openDatabase(path.join(root, `${family}.db`));
    try {
      const { summary } = await runStudy(loadExperimentFile(file).spec, { db, engine });
      expect(Object.keys(summary.aggregate)).toEqual(['none', 'contextual']);
      expect(summary.conditions).toHaveLength(2 * 2);
      let prompts = 0;
      for (const { request, result } of calls) {
        for (const [i, suffix] of request.suffixes.entries()) {
          const ids = model.encodePrompt(request.prefixParts.join('') + suffix);
          expect(ids[0] === model.info.bosTokenId).toBe(addsBos);
          expect(result.promptTokens[i]).toBe(ids.length);
          const expected = logSoftmax(logitsRow(await model.forward({ rows: [ids] }), 0, ids.length - 1));
          request.tokenIds.forEach((id, j) => expect(Math.abs(result.logprobs[i][j] - expected[id])).toBeLessThan(1e-4));
          prompts++;
        }
      }
      expect(prompts).toBe(2 * (6 + 3));
    } finally {
      db.close();
      await model.dispose();
    }
  });
});
