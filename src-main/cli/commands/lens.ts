import type { Command } from 'commander';
import { classProbs } from '../../../src-shared/inside/label-math.ts';
import { lensPair } from '../../experiments/inside/inside-setup.ts';
import { compareLens, type LensComparison } from '../../experiments/inside/label-lens.ts';
import { CliError } from '../errors.ts';
import { intOption, printJson, withModel } from './engine-session.ts';
import { DEFAULT_INSIDE_SAMPLE, fixed, withInsideRun } from './inside-session.ts';

interface LensOptions {
  model?: string;
  prompt?: string;
  labels?: string;
  run?: string;
  db?: string;
  compare: string;
  condition: string;
  sample: number;
  provider?: string;
  json?: boolean;
}

/** `promptscope lens`: label-word probabilities read at every layer (the logit lens on label words). */
export function registerLensCommand(program: Command): void {
  const command = program
    .command('lens')
    .description('label lens: label-word probabilities at the final position read at every layer (final norm + unembedding), for a prompt or a stored run')
    .option('--model <ref>', 'model for --prompt: "default", a registered name, or a model folder')
    .option('--prompt <text>', 'the prompt; its next token is read')
    .option('--labels <words>', 'comma-separated label words, scored as " " + word (first token)')
    .option('--run <runId>', 'a stored run: compare two of its conditions')
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .option('--compare <what>', 'with --run: orders (best vs worst stored order) or flip (a condition vs its demonstrations with flipped labels)', 'orders')
    .option('--condition <c>', 'with --compare flip: best, worst or SEED/ORDER', 'best')
    .option('--sample <n>', 'with --run: test examples to read (the first N)', intOption(1), DEFAULT_INSIDE_SAMPLE)
    .option('--provider <name>', 'execution provider: auto, cpu, cuda, dml, coreml, webgpu', 'auto')
    .option('--json', 'print one JSON document on stdout');
  command.action(async (options: LensOptions) => {
    if (options.run) return runLens(options);
    if (!options.model || options.prompt === undefined || !options.labels) throw new CliError('lens: give --model, --prompt and --labels, or --run RUN_ID');
    const labels = options.labels.split(',').map((w) => w.trim()).filter(Boolean);
    if (labels.length < 2) throw new CliError('lens: --labels needs at least two comma-separated words');
    await withModel({ model: options.model, provider: options.provider, json: options.json }, async (host, model) => {
      const ids: number[] = [];
      for (const word of labels) {
        let pieces = await host.tokenize(model.modelId, ` ${word}`);
        if (model.bosTokenId !== undefined && pieces[0]?.id === model.bosTokenId) pieces = pieces.slice(1);
        if (pieces.length === 0) throw new CliError(`lens: label ${JSON.stringify(word)} gives no tokens`);
        if (pieces.length > 1) process.stderr.write(`promptscope: warning: label ${JSON.stringify(' ' + word)} is ${pieces.length} tokens; reading its first, ${JSON.stringify(pieces[0].text)}\n`);
        ids.push(pieces[0].id);
      }
      const out = await host.probe({ modelId: model.modelId, prefixParts: [], suffixes: [options.prompt as string], tokenIds: ids, lens: true });
      const perClass = labels.map((_, c) => [c]);
      const rows = (out.lens?.[0] ?? []).map((logprobs, layer) => ({ layer, probs: classProbs(logprobs, perClass), logprobs }));
      if (options.json) return printJson({ labels, tokenIds: ids, layers: rows.length - 1, rows });
      process.stdout.write(`read point 0 = embeddings, ${rows.length - 1} = the model's output; p renormalised over the labels (log p over the whole vocabulary)\n`);
      process.stdout.write(`${'layer'.padEnd(7)}${labels.map((l) => l.padStart(18)).join('')}\n`);
      for (const r of rows) process.stdout.write(`${String(r.layer).padEnd(7)}${r.probs.map((p, c) => `${fixed(p)} (${fixed(r.logprobs[c], 2)})`.padStart(18)).join('')}\n`);
    });
  });
}

async function runLens(options: LensOptions): Promise<void> {
  if (options.compare !== 'orders' && options.compare !== 'flip') throw new CliError(`lens: --compare must be orders or flip, got ${JSON.stringify(options.compare)}`);
  await withInsideRun({ run: options.run as string, db: options.db, sample: options.sample, json: options.json }, async (host, setup) => {
    const [a, b] = lensPair(setup, options.compare as 'orders' | 'flip', options.condition);
    const result = await compareLens(host, setup, a, b);
    if (options.json) return printJson({ runId: setup.runId, compare: options.compare, examples: setup.tests.length, ...result });
    process.stdout.write(formatComparison(result));
  });
}

export function formatComparison({ curves: [a, b], parting }: LensComparison): string {
  let text = `A: ${a.condition}\nB: ${b.condition}\nmean p(gold) and lens accuracy per read point (0 = embeddings, ${a.layers} = the model's output)\n`;
  text += `${'layer'.padEnd(7)}${'A p(gold)'.padStart(11)}${'B p(gold)'.padStart(11)}${'A-B'.padStart(9)}${'±2se'.padStart(8)}${'A acc'.padStart(8)}${'B acc'.padStart(8)}\n`;
  a.meanGold.forEach((_, k) => {
    text += `${String(k).padEnd(7)}${fixed(a.meanGold[k]).padStart(11)}${fixed(b.meanGold[k]).padStart(11)}${fixed(parting.difference[k]).padStart(9)}${fixed(2 * parting.standardError[k]).padStart(8)}${fixed(a.accuracy[k]).padStart(8)}${fixed(b.accuracy[k]).padStart(8)}\n`;
  });
  text += parting.layer === null ? 'the curves do not part (no layer from which every later one differs by more than 2 standard errors)\n' : `the curves part at layer ${parting.layer}\n`;
  return text;
}
