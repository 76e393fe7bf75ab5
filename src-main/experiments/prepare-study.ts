import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelInfo } from '../engine/protocol.ts';
import type { ConditionRecord, DemoSetRecord, RunExampleRecord } from '../storage/plan-queries.ts';
import { applyPermutation } from '../../src-shared/sampling/permutations.ts';
import { LABEL_FIELD, parseTemplate, validateTemplate } from '../../src-shared/prompt/template.ts';
import { demosToDrop, TokenCounter } from './context-fit.ts';
import { loadDataset } from './datasets/load-dataset.ts';
import type { DatasetRow } from './datasets/types.ts';
import { domainInputs } from './domain-inputs.ts';
import { drawDemonstrations, selectTest } from './draw-demonstrations.ts';
import { ExperimentInputError } from './errors.ts';
import { contextWarnings, fitTestExamples, type ContextReport } from './fit-examples.ts';
import { labelReserve, resolveLabelTokens, type LabelTokens } from './label-tokens.ts';
import { studyOrders } from './orders.ts';
import { checkClozeTemplate, clozeWarnings, isCloze } from './cloze.ts';
import { contentFreeSuffix, prefixParts, querySuffix } from './prompts.ts';
import type { DataFileSpec, ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';
import { studyLoadOptions, type StudyEngine } from './study-engine.ts';

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
  let test = selectTest(spec, readData(spec.data.test, spec.classes), fileLabel(spec.data.test));
  const model = await engine.load(spec.model, studyLoadOptions(spec));
  // Checked once the model is known: a cloze template names the mask slot, and may hold fields after it (LM-BFF's NLI templates).
  if (isCloze(model)) checkClozeTemplate(spec, model);
  checkProbing(spec, model);
  checkTemplate(spec, train, test, isCloze(model));
  const labelTokens = await resolveLabelTokens(engine, model, spec);

  checkDemonstrationIds(spec, train);
  const demoSets: DemoSetRecord[] = [];
  const demosBySeed = new Map<number, DatasetRow[]>();
  for (const seed of spec.seeds) {
    const demos = drawDemonstrations(spec, train, seed, fileLabel(spec.data.train));
    demosBySeed.set(seed, demos);
    demoSets.push({ seed, demoIds: demos.map((d) => d.id) });
  }

  const counter = new TokenCounter(engine, model);
  // Full-sequence label scoring runs all but the last label token after the prompt.
  const reserve = labelReserve(labelTokens);
  const fitsEach = spec.contextPolicy === 'skip-example' || spec.contextPolicy === 'truncate-input';
  const priorsQuery = await longestPriorTokens(spec, counter, model.maskToken);
  const fixed = counter.bosTokens + reserve + (await sumTokens(counter, prefixParts(spec, []).slice(0, spec.task.instruction ? 1 : 0)));
  const permutations = studyOrders(spec.orders, spec.shots);
  const conditions: ConditionRecord[] = [];
  let largestPrefix = { tokens: -1, text: '' };
  for (const seed of spec.seeds) {
    const demos = demosBySeed.get(seed)!;
    const domain = domainInputs(spec, test.map((t) => t.fields), seed);
    const domainQuery = await longestOf(counter, domain.map((row) => querySuffix(spec, row, model.maskToken)), 'a domain-context input');
    // With skip-example / truncate-input only the priors must fit as they are; test examples are fitted below.
    const testQuery: LongestQuery = fitsEach ? { tokens: -1, what: '' } : await longestQueryTokens(spec, counter, test, model.maskToken);
    const longest = [domainQuery, priorsQuery, testQuery].reduce((a, b) => (b.tokens > a.tokens ? b : a));
    for (const [orderIndex, permutation] of permutations.entries()) {
      const ordered = applyPermutation(demos, permutation);
      const parts = prefixParts(spec, ordered.map((d) => ({ fields: d.fields, gold: d.label }))).slice(spec.task.instruction ? 1 : 0);
      const demoTokens = await Promise.all(parts.map((p) => counter.count(p)));
      const where = `seed ${seed}, order ${orderIndex}`;
      let dropped = demosToDrop(spec, model.contextLength, fixed, demoTokens, longest, where);
      // Parts are counted apart; tokens can merge or split where they meet, so the whole prompt of
      // the longest query is counted once more and another demonstration goes while it is over.
      const prefixOf = (n: number) => prefixParts(spec, ordered.slice(n).map((d) => ({ fields: d.fields, gold: d.label }))).join('');
      while (longest.text !== undefined && (await wholeTokens(counter, prefixOf(dropped) + longest.text, reserve)) > model.contextLength) {
        if (spec.contextPolicy !== 'drop-oldest' || dropped >= ordered.length) {
          throw new ExperimentInputError(`contextPolicy: ${where}: the prompt for ${longest.what} is over the model's context of ${model.contextLength} tokens; use fewer shots or another contextPolicy`, 'CONTEXT_OVERFLOW');
        }
        dropped++;
      }
      const prefixTokens = fixed + demoTokens.slice(dropped).reduce((a, b) => a + b, 0);
      if (prefixTokens > largestPrefix.tokens) largestPrefix = { tokens: prefixTokens, text: prefixOf(dropped) };
      conditions.push({ seed, orderIndex, order: ordered.map((d) => d.id), droppedDemos: dropped });
    }
  }
  let contextReport: ContextReport | undefined;
  if (fitsEach) {
    const prefix = largestPrefix.text;
    const fitted = await fitTestExamples(spec, async (query) => (await wholeTokens(counter, prefix + query, reserve)) <= model.contextLength, test);
    test = fitted.test;
    contextReport = fitted.report;
  }

  const drawn = new Map<string, DatasetRow>();
  for (const demos of demosBySeed.values()) for (const d of demos) drawn.set(d.id, d);
  const examples: RunExampleRecord[] = [
    ...test.map((t, position) => ({ role: 'test' as const, exampleId: t.id, position, gold: t.label, fields: t.fields })),
    ...[...drawn.values()].map((d, position) => ({ role: 'train' as const, exampleId: d.id, position, gold: d.label, fields: d.fields })),
  ];
  const perCondition = test.length + spec.contentFree.length + (spec.calibration.includes('domain') ? spec.domain.count : 0);
  const warnings = [...labelTokens.warnings, ...contextWarnings(contextReport, conditions), ...(isCloze(model) ? clozeWarnings(spec, model) : [])];
  if (spec.calibration.includes('batch')) warnings.push(...batchWarning(spec, test));
  const stored: ExperimentSpec = contextReport ? { ...spec, contextReport } : spec;
  return { spec: stored, model, labelTokens, tokenizerHash: tokenizerHash(model), examples, demoSets, conditions, totalPrompts: conditions.length * perCondition, warnings };
}

/** A generated probing set needs a model that writes text, and a template it can be parsed with. */
function checkProbing(spec: ExperimentSpec, model: ModelInfo): void {
  if (spec.probing?.source !== 'generated') return;
  if (isCloze(model)) throw new ExperimentInputError(`probing.source: generated: ${model.name} is an encoder (masked LM) and cannot generate a probing set; use probing.source: test`, 'PROBING');
  if (!parseTemplate(spec.task.template).includes(LABEL_FIELD)) throw new ExperimentInputError('probing.source: generated: task.template has no {{label}}, so generated examples cannot be parsed', 'PROBING');
}

/** Tokens of a whole prompt as the engine runs it: a BOS the tokenizer adds, and the label tokens run after it. */
async function wholeTokens(counter: TokenCounter, prompt: string, reserve: number): Promise<number> {
  return counter.bosTokens + (await counter.count(prompt)) + reserve;
}

function fileLabel(file: DataFileSpec): string {
  return path.relative(process.cwd(), file.path) || file.path;
}

/** A pinned or excluded id the training file lacks is an error naming it, never silently ignored. */
function checkDemonstrationIds(spec: ExperimentSpec, train: DatasetRow[]): void {
  const known = new Set(train.map((row) => row.id));
  for (const field of ['pinned', 'excluded'] as const) {
    const unknown = (spec.demonstrations?.[field] ?? []).find((id) => !known.has(id));
    if (unknown !== undefined) throw new ExperimentInputError(`demonstrations.${field}: "${unknown}" is not an example of ${spec.data.train.path}`, 'DEMONSTRATIONS');
  }
}

function readData(file: DataFileSpec, classes: string[]): DatasetRow[] {
  return loadDataset({ path: file.path, format: file.format, columns: file.columns }, { labels: classes, fileLabel: fileLabel(file) });
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

/** The longest of some queries by their own token count, with its text (to count its whole prompt). */
interface LongestQuery {
  tokens: number;
  what: string;
  text?: string;
}

async function longestOf(counter: TokenCounter, queries: string[], what: string): Promise<LongestQuery> {
  let best: LongestQuery = { tokens: 0, what };
  for (const q of queries) {
    const tokens = await counter.count(q);
    if (tokens > best.tokens) best = { tokens, what, text: q };
  }
  return best;
}

async function longestQueryTokens(spec: ExperimentSpec, counter: TokenCounter, test: DatasetRow[], maskToken?: string): Promise<LongestQuery> {
  let best: LongestQuery = { tokens: 0, what: 'the query' };
  for (const row of test) {
    const text = querySuffix(spec, row.fields, maskToken);
    const tokens = await counter.count(text);
    if (tokens > best.tokens) best = { tokens, what: `test example ${row.id}`, text };
  }
  return best;
}

async function longestPriorTokens(spec: ExperimentSpec, counter: TokenCounter, maskToken?: string): Promise<LongestQuery> {
  let best: LongestQuery = { tokens: 0, what: 'a content-free input' };
  for (const cf of spec.contentFree) {
    const text = contentFreeSuffix(spec, cf, maskToken);
    const tokens = await counter.count(text);
    if (tokens > best.tokens || best.text === undefined) best = { tokens, what: `content-free input ${JSON.stringify(cf)}`, text };
  }
  return best;
}

/** Batch calibration assumes a roughly label-balanced test batch (Zhou et al. 2024, Batch Calibration). */
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
