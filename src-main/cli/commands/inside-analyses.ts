import type { Command } from 'commander';
import { demoAttribution } from '../../experiments/inside/demo-attribution.ts';
import { headAblation } from '../../experiments/inside/head-ablation.ts';
import { pickCondition } from '../../experiments/inside/inside-setup.ts';
import { labelKnockout } from '../../experiments/inside/label-knockout.ts';
import { CliError } from '../errors.ts';
import { intOption, printJson } from './engine-session.ts';
import { DEFAULT_INSIDE_SAMPLE, fixed, withInsideRun, type InsideRunOptions } from './inside-session.ts';

type Options = InsideRunOptions & { condition: string };

function runCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .requiredOption('--run <runId>', 'a stored run')
    .option('--db <path>', 'database file (default: promptscope.db in the application-data folder)')
    .option('--condition <c>', 'best, worst (stored uncalibrated accuracy) or SEED/ORDER', 'best')
    .option('--sample <n>', 'test examples to use (the first N of the run)', intOption(1), DEFAULT_INSIDE_SAMPLE)
    .option('--json', 'print one JSON document on stdout');
}

/** "2-5" or "0,3" as layer indices. */
function parseLayers(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const out: number[] = [];
  for (const piece of text.split(',')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(piece.trim());
    if (!range) throw new CliError(`--layers: expected layers such as 0-5 or 1,3, got ${JSON.stringify(text)}`);
    for (let l = Number(range[1]); l <= Number(range[2] ?? range[1]); l++) out.push(l);
  }
  return out;
}

/** `heads`, `knockout`, `attribute`: forward-only interventions and demonstration attribution on a stored run. */
export function registerInsideCommands(program: Command): void {
  runCommand(program, 'heads', 'ablate one attention head at a time and report its effect on label accuracy and gold margin (layer x head)')
    .option('--scope <scope>', 'all (the head is removed at every token) or suffix (only at the query tokens; reuses the clean prefix state)', 'all')
    .action(async (options: Options & { scope: string }) => {
      if (options.scope !== 'all' && options.scope !== 'suffix') throw new CliError(`heads: --scope must be all or suffix, got ${JSON.stringify(options.scope)}`);
      await withInsideRun(options, async (host, setup) => {
        const condition = pickCondition(setup, options.condition);
        const result = await headAblation(host, setup, condition, {
          scope: options.scope as 'all' | 'suffix',
          onProgress: (done, total) => !options.json && process.stderr.write(`\rpromptscope: head ${done}/${total}`),
        });
        if (!options.json) process.stderr.write('\n');
        if (options.json) return printJson({ runId: setup.runId, ...result });
        process.stdout.write(`${result.condition}, ${result.examples} examples, scope ${result.scope}: clean accuracy ${fixed(result.clean.accuracy)}, margin ${fixed(result.clean.margin)}\n`);
        process.stdout.write('change in gold margin when the head is removed (rows: layers, columns: heads)\n');
        process.stdout.write(`${'layer'.padEnd(7)}${Array.from({ length: result.heads }, (_, h) => `h${h}`.padStart(8)).join('')}\n`);
        for (let l = 0; l < result.layers; l++) {
          const row = result.cells.filter((c) => c.layer === l).map((c) => fixed(c.deltaMargin).padStart(8)).join('');
          process.stdout.write(`${String(l).padEnd(7)}${row}\n`);
        }
        const worst = [...result.cells].sort((a, b) => a.deltaMargin - b.deltaMargin).slice(0, 3);
        process.stdout.write(`largest drops: ${worst.map((c) => `L${c.layer}H${c.head} ${fixed(c.deltaMargin)} (accuracy ${fixed(c.deltaAccuracy)})`).join(', ')}\n`);
        process.stdout.write(`tokens run ${result.computedTokens}, reused ${result.reusedTokens}\n`);
      });
    });

  runCommand(program, 'knockout', 'block the final position from the demonstrations\' label-word tokens and report the effect (against as many other demonstration tokens)')
    .option('--layers <layers>', 'layers where the knockout applies, e.g. 0-1 or 0,2 (default: all)')
    .option('--seed <n>', 'seed of the control tokens', intOption(0), 0)
    .action(async (options: Options & { layers?: string; seed: number }) => {
      const layers = parseLayers(options.layers);
      await withInsideRun(options, async (host, setup) => {
        for (const l of layers ?? []) if (l >= setup.model.nLayer) throw new CliError(`--layers: layer ${l} is outside 0..${setup.model.nLayer - 1}`);
        const result = await labelKnockout(host, setup, pickCondition(setup, options.condition), { ...(layers ? { layers } : {}), controlSeed: options.seed });
        if (options.json) return printJson({ runId: setup.runId, ...result });
        process.stdout.write(`${result.condition}, ${result.examples} examples, layers ${result.layers.join(',')}, ${result.labelTokens} label-word tokens blocked\n`);
        process.stdout.write(`${''.padEnd(22)}${'accuracy'.padStart(10)}${'margin'.padStart(10)}${'Δacc'.padStart(9)}${'Δmargin'.padStart(9)}\n`);
        const line = (name: string, o: { accuracy: number; margin: number; deltaAccuracy?: number; deltaMargin?: number }) =>
          `${name.padEnd(22)}${fixed(o.accuracy).padStart(10)}${fixed(o.margin).padStart(10)}${(o.deltaAccuracy === undefined ? '' : fixed(o.deltaAccuracy)).padStart(9)}${(o.deltaMargin === undefined ? '' : fixed(o.deltaMargin)).padStart(9)}\n`;
        process.stdout.write(line('clean', result.clean) + line('label words blocked', result.labelWords) + line(`control (seed ${result.controlSeed})`, result.control));
      });
    });

  runCommand(program, 'attribute', 'each demonstration\'s effect on the gold margin: leave-one-out and sampled Shapley values')
    .option('--permutations <n>', 'random joining orders for the Shapley estimate', intOption(1), 20)
    .option('--seed <n>', 'seed of the permutations', intOption(0), 0)
    .action(async (options: Options & { permutations: number; seed: number }) => {
      await withInsideRun(options, async (host, setup) => {
        const result = await demoAttribution(host, setup, pickCondition(setup, options.condition), { permutations: options.permutations, seed: options.seed });
        if (options.json) return printJson({ runId: setup.runId, ...result });
        process.stdout.write(`${result.condition}, ${result.examples} examples: mean gold margin ${fixed(result.full)} with all demonstrations, ${fixed(result.empty)} with none\n`);
        process.stdout.write(`${'#'.padEnd(4)}${'shows'.padEnd(8)}${'leave-one-out'.padStart(15)}${'Shapley'.padStart(10)}${'±se'.padStart(8)}  example\n`);
        for (const d of result.demos) {
          process.stdout.write(`${String(d.index).padEnd(4)}${d.shownWord.padEnd(8)}${fixed(d.leaveOneOut).padStart(15)}${fixed(d.shapley).padStart(10)}${fixed(d.shapleyStandardError).padStart(8)}  ${d.exampleId}\n`);
        }
        process.stdout.write(`${result.permutations} permutations (seed ${result.seed}), ${result.subsetsScored} demonstration subsets scored\n`);
      });
    });
}
