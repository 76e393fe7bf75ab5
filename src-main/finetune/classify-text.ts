import type { ModelInfo } from '../engine/protocol.ts';
import { resolveLabelTokens } from '../experiments/label-tokens.ts';
import { ExperimentInputError } from '../experiments/errors.ts';
import { predictLogistic } from '../../src-shared/finetune/logistic-regression.ts';
import { applyScoreCalibration } from '../../src-shared/finetune/score-calibration.ts';
import { argmax } from '../../src-shared/finetune/softmax.ts';
import { renderQuery } from '../../src-shared/prompt/template.ts';
import type { FinetuneEngine } from './finetune-engine.ts';
import type { HeadFile } from './head-file.ts';
import { scoreQueries } from './label-probabilities.ts';
import { featureText, zeroShotPrefix } from './prompt-text.ts';

export interface Classification {
  text: string;
  label: string;
  probabilities: Record<string, number>;
}

/**
 * Apply a saved head to new texts with the model it was trained on.
 *
 * The model's current SHA-256 must equal the one stored in the head: features (or label scores)
 * from changed model files would feed the head inputs it was never fitted on.
 */
export async function classifyTexts(engine: FinetuneEngine, model: ModelInfo, headFile: HeadFile, texts: readonly string[], where: string): Promise<Classification[]> {
  if (model.sha256 !== headFile.model.sha256) {
    throw new ExperimentInputError(
      `${where}: the head was trained on model "${headFile.model.name}" with files hashing to ${headFile.model.sha256.slice(0, 12)}…, but ${model.dir} now hashes to ${model.sha256.slice(0, 12)}… (the model changed; retrain the head)`,
      'HEAD_MODEL_CHANGED',
    );
  }
  const rows = texts.map((text) => ({ input: text, text }));
  const head = headFile.head;
  let probs: number[][];
  if (head.kind === 'logistic-regression') {
    const { vectors } = await engine.hiddenStates({ modelId: model.modelId, texts: rows.map((r) => featureText(headFile.task, r)), pooling: headFile.pooling });
    probs = vectors.map((v) => predictLogistic(head, v));
  } else {
    const classes = head.classes;
    const labelTokens = await resolveLabelTokens(engine, model, { classes, task: headFile.task, labelMode: headFile.labelMode });
    const raw = await scoreQueries(engine, model.modelId, zeroShotPrefix(headFile.task), rows.map((r) => renderQuery(headFile.task.template, r)), labelTokens, 16);
    probs = raw.map((p) => applyScoreCalibration(head, p));
  }
  return texts.map((text, i) => ({ text, label: head.classes[argmax(probs[i])], probabilities: Object.fromEntries(head.classes.map((c, j) => [c, probs[i][j]])) }));
}
