import fs from 'node:fs';
import path from 'node:path';
import type { LogisticHead } from '../../src-shared/finetune/logistic-regression.ts';
import type { ScoreCalibration } from '../../src-shared/finetune/score-calibration.ts';
import { ExperimentInputError } from '../experiments/errors.ts';
import type { PromptTask } from './prompt-text.ts';

/**
 * A trained head saved as one self-contained JSON file: everything `classify` needs to apply it to
 * new text (the model it was trained on, by reference and SHA-256, the prompt, pooling, labels).
 */
export interface HeadFile {
  format: 'promptscope-head';
  version: 1;
  /** `dir` is the folder the model was loaded from; `classify` loads it unless given --model. */
  model: { ref: string; dir: string; name: string; sha256: string };
  task: PromptTask;
  labelMode: 'single-token' | 'first-token' | 'full-sequence' | 'length-normalized';
  pooling: 'last' | 'mean';
  head: LogisticHead | ScoreCalibration;
  trainedOn: { runId: string; budget: number; seed: number; method: string; trainIds: string[] };
}

export function writeHeadFile(file: string, head: HeadFile): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(head, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

export function readHeadFile(file: string): HeadFile {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExperimentInputError(`${file}: ${code === 'ENOENT' ? 'file not found' : `not a head file (${(error as Error).message.split('\n')[0]})`}`, 'HEAD_FILE');
  }
  const head = value as Partial<HeadFile>;
  if (head?.format !== 'promptscope-head' || head.version !== 1) throw new ExperimentInputError(`${file}: not a promptscope head file (format/version)`, 'HEAD_FILE');
  if (!head.model?.sha256 || !head.task || !head.head) throw new ExperimentInputError(`${file}: head file is missing model, task or head`, 'HEAD_FILE');
  return head as HeadFile;
}

/** The file name a condition's head is saved under in `--save-head DIR`. */
export function headFileName(method: string, budget: number, seed: number): string {
  return `${method}-k${budget}-seed${seed}.json`;
}
