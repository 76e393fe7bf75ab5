import { InvalidArgumentError, type Command } from 'commander';
import { SCORE_LABEL_MODES, type ScoreLabelMode as LabelMode } from '../../../src-shared/models/label-scores.ts';
import { addModelOptions, printJson, withModel, type ModelOptions } from './engine-session.ts';

/** `promptscope score`: each label word's log-probability as the continuation of a prompt. */
export function registerScoreCommand(program: Command): void {
  addModelOptions(
    program
      .command('score')
      .description('log-probability of each label word (scored as " " + word) as the continuation of the prompt')
      .requiredOption('--prompt <text>', 'the prompt')
      .requiredOption('--labels <list>', 'comma-separated label words, e.g. Positive,Negative', parseLabels)
      .option('--mode <mode>', 'first-token (Zhao et al. 2021) or full-sequence (sum over all the word\'s tokens)', parseMode, 'first-token'),
  ).action(async (options: ModelOptions & { prompt: string; labels: string[]; mode: LabelMode }) => {
    await withModel(options, async (host, model) => {
      const result = await host.scoreLabels(model.modelId, options.prompt, options.labels, options.mode);
      for (const warning of result.warnings) process.stderr.write(`promptscope: warning: ${warning}\n`);
      if (options.json) return printJson({ labels: result.labels });
      for (const label of result.labels) {
        process.stdout.write(`${label.label.padEnd(20)}  logprob ${label.logprob.toFixed(4)}  tokens [${label.tokenIds.join(', ')}]\n`);
      }
    });
  });
}

function parseLabels(value: string): string[] {
  const labels = value.split(',').map((l) => l.trim());
  if (labels.some((l) => l.length === 0)) throw new InvalidArgumentError('empty label in the list');
  return labels;
}

function parseMode(value: string): LabelMode {
  const mode = SCORE_LABEL_MODES.find((m) => m === value);
  if (mode === undefined) throw new InvalidArgumentError(`expected ${SCORE_LABEL_MODES.join(' or ')}`);
  return mode;
}
