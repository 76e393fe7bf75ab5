import type { ModelInfo } from '../engine/protocol.ts';
import { labelContinuation } from '../../src-shared/prompt/template.ts';
import { ExperimentInputError } from './errors.ts';
import type { ExperimentSpec } from './spec/experiment-schema.ts';
import { tokenIds, tokenTexts, type StudyEngine } from './study-engine.ts';

/** Per class (spec.classes order), the token id scored for each of its label words. */
export interface LabelTokens {
  perClass: number[][];
  /** Every distinct id, the `tokenIds` of each scoreNext call. */
  all: number[];
  warnings: string[];
}

/**
 * Resolve each label word to the token scored for it: the first token of " " + word (Zhao et al.
 * 2021). With labelMode single-token a word the tokenizer splits is an error naming the pieces;
 * with first-token it is a warning. A BOS the tokenizer adds is not part of the word.
 */
export async function resolveLabelTokens(engine: StudyEngine, model: ModelInfo, spec: ExperimentSpec): Promise<LabelTokens> {
  const warnings: string[] = [];
  const perClass: number[][] = [];
  for (const cls of spec.classes) {
    const ids: number[] = [];
    for (const word of spec.task.labels[cls]) {
      const tokens = await engine.tokenize(model.modelId, labelContinuation(word));
      let pieces = tokens;
      if (model.bosTokenId !== undefined && tokenIds(pieces)[0] === model.bosTokenId) pieces = pieces.slice(1);
      if (pieces.length === 0) throw new ExperimentInputError(`task.labels.${cls}: label word ${JSON.stringify(word)} gives no tokens`, 'LABEL_TOKENS');
      if (pieces.length > 1) {
        const named = tokenTexts(pieces).map((t) => JSON.stringify(t)).join(' + ');
        const message = `task.labels.${cls}: label word ${JSON.stringify(' ' + word)} is ${pieces.length} tokens for this tokenizer (${named})`;
        if (model.kind === 'encoder') throw new ExperimentInputError(`${message}; a cloze study scores one token at the mask: use a single-token word`, 'LABEL_TOKENS');
        if (spec.labelMode === 'single-token') throw new ExperimentInputError(`${message}; use a single-token word or labelMode: first-token`, 'LABEL_TOKENS');
        warnings.push(`${message}; scoring its first token`);
      }
      ids.push(tokenIds(pieces)[0]);
    }
    perClass.push(ids);
  }
  const seen = new Map<number, string>();
  spec.classes.forEach((cls, c) => {
    for (const id of perClass[c]) {
      const other = seen.get(id);
      if (other !== undefined && other !== cls) throw new ExperimentInputError(`task.labels: classes ${other} and ${cls} score the same token ${id}`, 'LABEL_TOKENS');
      seen.set(id, cls);
    }
  });
  return { perClass, all: [...seen.keys()], warnings };
}
