import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelInfo } from '../engine/protocol.ts';
import type { ConditionRecord, DemoSetRecord, RunExampleRecord } from '../storage/plan-queries.ts';
import { applyPermutation } from '../../src-shared/sampling/permutations.ts';
import { sampleDemonstrations } from '../../src-shared/sampling/demonstrations.ts';
import { contentFreeRow, LABEL_FIELD, validateTemplate } from '../../src-shared/prompt/template.ts';
import { demosToDrop, TokenCounter } from './context-fit.ts';
import { loadDataset } from './datasets/load-dataset.ts';
import { sampleRows } from './datasets/sample-rows.ts';
import type { DatasetRow } from './datasets/types.ts';
import { domainInputs } from './domain-inputs.ts';
import { ExperimentInputError } from './errors.ts';
import { resolveLabelTokens, type LabelTokens } from './label-tokens.ts';
import { studyOrders } from './orders.ts';
import { checkClozeTemplate, clozeWarnings, isCloze } from './cloze.ts';
import { prefixParts, querySuffix } from './prompts.ts';
import type { DataFileSpec, ExperimentSpec } from './spec/experiment-schema.ts';
import type { StudyEngine } from './study-engine.ts';

/** A validated study, ready to be stored and run: nothing has been written yet. */
export interface PreparedStudy {
  spec: ExperimentSpec;
  model: ModelInfo;
  labelTokens: LabelTokens;
  tokenizerHash: string;
  examples: RunExampleRecord[];
  demoSets: DemoSetRecord[];
  conditions: ConditionRecord[];
  /** Prompts to score: conditions x (test examples + content-free + domain inputs). */
  totalPrompts: number;
  warnings: string[];
}

/**
 * Check everything about a study up front and draw its plan: data files, template, label words
 * against the tokenizer, demonstration draws, orders and context length.
 *
 * Every problem is an ExperimentInputError naming the file, field, line or token, raised before
 * anything is stored, so a bad input leaves the database as it was.
 */
export async function prepareStudy(spec: ExperimentSpec, engine: StudyEngine): Promise<PreparedStudy> {
  const train = readData(spec.data.train, spec.classes);
  const test = sampleRows(readData(spec.data.test, spec.classes), spec.data.test.sample, spec.data.test.seed ?? 0);
  const model = await engine.load(spec.model);
  // Checked once the model is known: a cloze template names the mask slot, and may hold fields after it (LM-BFF's NLI templates).
  if (isCloze(model)) checkClozeTemplate(spec, model);
  checkTemplate(spec, train, test, isCloze(model));
  const labelTokens = await resolveLabelTokens(engine, model, spec);

  const demoSets: DemoSetRecord[] = [];
  const demosBySeed = new Map<number, DatasetRow[]>();
  for (const seed of spec.seeds) {
    let demos: DatasetRow[];
    try {
      demos = sampleDemonstrations(train, {
        shots: spec.shotsPerClass ?? spec.shots,
        perClass: spec.shotsPerClass !== undefined,
        mode: spec.sampling,
        seed,
        classes: spec.classes,
      });
    } catch (error) {
      throw new ExperimentInputError(`${spec.shotsPerClass !== undefined ? 'shotsPerClass' : 'shots'}: ${(error as Error).message} (seed ${seed})`, 'DEMONSTRATIONS');
    }
    demosBySeed.set(seed, demos);
    demoSets.push({ seed, demoIds: demos.map((d) => d.id) });
  }

  const counter = new TokenCounter(engine, model);
  const longestQuery = await longestQueryTokens(spec, counter, test, model.maskToken);
  const fixed = counter.bosTokens + (await sumTokens(counter, prefixParts(spec, []).slice(0, spec.task.instruction ? 1 : 0)));
  const permutations = studyOrders(spec.orders, spec.shots);
  const conditions: ConditionRecord[] = [];
  for (const seed of spec.seeds) {
    const demos = demosBySeed.get(seed)!;
    const domain = domainInputs(spec, test.map((t) => t.fields), seed);
    const domainQuery = await longestOf(counter, domain.map((row) => querySuffix(spec, row, model.maskToken)), 'a domain-context input');
    const longest = domainQuery.tokens > longestQuery.tokens ? domainQuery : longestQuery;
    for (const [orderIndex, permutation] of permutations.entries()) {
      const ordered = applyPermutation(demos, permutation);
      const parts = prefixParts(spec, ordered.map((d) => ({ fields: d.fields, gold: d.label }))).slice(spec.task.instruction ? 1 : 0);
      const demoTokens = await Promise.all(parts.map((p) => counter.count(p)));
      const dropped = demosToDrop(spec, model.contextLength, fixed, demoTokens, longest, `seed ${seed}, order ${orderIndex}`);
      conditions.push({ seed, orderIndex, order: ordered.map((d) => d.id), droppedDemos: dropped });
    }
  }

  const drawn = new Map<string, DatasetRow>();
  for (const demos of demosBySeed.values()) for (const d of demos) drawn.set(d.id, d);
  const examples: RunExampleRecord[] = [
    ...test.map((t, position) => ({ role: 'test' as const, exampleId: t.id, position, gold: t.label, fields: t.fields })),
    ...[...drawn.values()].map((d, position) => ({ role: 'train' as const, exampleId: d.id, position, gold: d.label, fields: d.fields })),
  ];
  const perCondition = test.length + spec.contentFree.length + (spec.calibration.includes('domain') ? spec.domain.count : 0);
  const warnings = [...labelTokens.warnings, ...(isCloze(model) ? clozeWarnings(spec, model) : [])];
  if (spec.calibration.includes('batch')) warnings.push(...batchWarning(spec, test));
  return { spec, model, labelTokens, tokenizerHash: tokenizerHash(model), examples, demoSets, conditions, totalPrompts: conditions.length * perCondition, warnings };
}

function readData(file: DataFileSpec, classes: string[]): DatasetRow[] {
  const fileLabel = path.relative(process.cwd(), file.path) || file.path;
  return loadDataset({ path: file.path, format: file.format, columns: file.columns }, { labels: classes, fileLabel });
}

function checkTemplate(spec: ExperimentSpec, train: DatasetRow[], test: DatasetRow[], cloze: boolean): void {
  const trainFields = new Set(Object.keys(train[0].fields));
  const fields = Object.keys(test[0].fields).filter((f) => trainFields.has(f) && f !== LABEL_FIELD);
  const problems = validateTemplate(spec.task.template, fields).filter((p) => !(cloze && p.includes('comes after {{label}}')));
  if (problems.length > 0) throw new ExperimentInputError(`task.template: ${problems[0]}`, 'TEMPLATE');
}

async function sumTokens(counter: TokenCounter, parts: string[]): Promise<number> {
  let total = 0;
  for (const p of parts) total += await counter.count(p);
  return total;
}

async function longestOf(counter: TokenCounter, queries: string[], what: string): Promise<{ tokens: number; what: string }> {
  let best = { tokens: 0, what };
  for (const q of queries) {
    const tokens = await counter.count(q);
    if (tokens > best.tokens) best = { tokens, what };
  }
  return best;
}

async function longestQueryTokens(spec: ExperimentSpec, counter: TokenCounter, test: DatasetRow[], maskToken?: string): Promise<{ tokens: number; what: string }> {
  let best = { tokens: 0, what: 'the query' };
  for (const row of test) {
    const tokens = await counter.count(querySuffix(spec, row.fields, maskToken));
    if (tokens > best.tokens) best = { tokens, what: `test example ${row.id}` };
  }
  for (const text of spec.contentFree) {
    const tokens = await counter.count(querySuffix(spec, contentFreeRow(spec.task.template, text), maskToken));
    if (tokens > best.tokens) best = { tokens, what: `content-free input ${JSON.stringify(text)}` };
  }
  return best;
}

/** Batch calibration assumes a roughly label-balanced test batch (RESEARCH.md §3.1). */
function batchWarning(spec: ExperimentSpec, test: DatasetRow[]): string[] {
  const share = Math.max(...spec.classes.map((c) => test.filter((t) => t.label === c).length / test.length));
  return share > 1.5 / spec.classes.length
    ? [`batch calibration: the test set is ${Math.round(share * 100)}% one class; BC assumes a roughly balanced batch`]
    : [];
}

/** SHA-256 over the tokenizer files, so runs can be grouped by tokenizer across model variants. */
function tokenizerHash(model: ModelInfo): string {
  const hash = crypto.createHash('sha256');
  let found = false;
  for (const name of ['tokenizer.json', 'tokenizer_config.json']) {
    const file = path.join(model.dir, name);
    if (!fs.existsSync(file)) continue;
    hash.update(name).update(fs.readFileSync(file));
    found = true;
  }
  return found ? hash.digest('hex') : model.sha256;
}
