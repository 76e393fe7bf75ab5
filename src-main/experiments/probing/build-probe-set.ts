import type { GenerateOptions, ModelInfo } from '../../engine/protocol.ts';
import type { ProbeInputRecord, ProbeSetRecord } from '../../storage/probe-queries.ts';
import { createRng } from '../../../src-shared/rng/seeded.ts';
import { templateSegments } from '../../../src-shared/prompt/template.ts';
import { PROBING_DEFAULTS, type ExperimentSpec, type ProbingSpec } from '../../../src-shared/experiments/experiment-schema.ts';
import type { ProbeSetReport } from '../../../src-shared/experiments/summary-types.ts';
import { TokenCounter } from '../context-fit.ts';
import { ExperimentInputError } from '../errors.ts';
import { prefixParts, querySuffix, type DemoExample } from '../prompts.ts';
import { tokenIds, type StudyEngine } from '../study-engine.ts';
import { parseGenerated, templateOpening } from './parse-generated.ts';

/** What building a probing set needs from the engine: the study's calls and generation (EngineHost has both). */
export interface ProbingEngine extends Pick<StudyEngine, 'tokenize'> {
  generate(modelId: string, prompt: string, options: GenerateOptions, onToken: (token: { tokenId: number; text: string }) => void): Promise<string>;
}

/** One order of a demonstration set: its index and the demonstrations really in its prompt. */
export interface ProbingOrder {
  orderIndex: number;
  demos: readonly DemoExample[];
}

/** The probing settings of a spec; runs stored before `probing` existed used the test inputs. */
export function probingOf(spec: ExperimentSpec): ProbingSpec {
  return spec.probing ?? { ...PROBING_DEFAULTS, noRepeatNgram: [...PROBING_DEFAULTS.noRepeatNgram] };
}

/**
 * The generation prompt of one order (Lu et al.'s `generation_mode`): the instruction and the
 * demonstrations with their separators, as every study prompt starts, then the template's opening
 * text without its trailing space, so the model writes the next example's input.
 */
export function generationPrompt(spec: ExperimentSpec, demos: readonly DemoExample[]): string {
  return prefixParts(spec, demos).join('') + templateOpening(spec.task.template);
}

/**
 * The sampler's seed of one generation: fixed by the probing seed, the demonstration set, the
 * order and the n-gram setting (FNV-1a over them), so every generation of a run is reproducible
 * on its own and a resumed run could rebuild the same set.
 */
export function generationSeed(probingSeed: number, seed: number, orderIndex: number, noRepeatNgram: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${probingSeed}/${seed}/${orderIndex}/${noRepeatNgram}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

const words = (text: string) => text.split(/\s+/).filter((w) => w !== '').length;

/**
 * Build one demonstration set's probing set (Lu et al. 2022, section 4): each order's prompt is
 * continued once per `noRepeatNgram` value with their sampling (temperature, top-k, n-gram
 * blocking sparing the template's and label words' tokens), each continuation is parsed with the
 * template (parse-generated.ts), and the distinct inputs of all orders are kept, in generation
 * order, when every field has `minWords` words and the prompt fits the model under the seed's
 * longest demonstration prefix; over `size`, a seeded draw keeps `size` of them. Every input left
 * out is counted in the report under the first reason that applies.
 */
export async function buildProbeSet(
  engine: ProbingEngine,
  model: ModelInfo,
  spec: ExperimentSpec,
  seed: number,
  orders: readonly ProbingOrder[],
  labelReserve: number,
): Promise<ProbeSetRecord> {
  const probing = probingOf(spec);
  const counter = new TokenCounter(engine as StudyEngine, model);
  const exemptTokens = await templateTokens(engine, model, spec);
  const opening = templateOpening(spec.task.template);
  const generations: ProbeSetReport['generations'] = [];
  const candidates: Omit<ProbeInputRecord, 'probeIndex'>[] = [];
  let incomplete = 0;
  for (const order of orders) {
    for (const n of probing.noRepeatNgram) {
      let tokens = 0;
      const options: GenerateOptions = { maxNewTokens: probing.maxTokens, temperature: probing.temperature, topK: probing.topK, seed: generationSeed(probing.seed, seed, order.orderIndex, n), noRepeatNgram: n, exemptTokens };
      const text = await engine.generate(model.modelId, generationPrompt(spec, order.demos), options, () => tokens++);
      generations.push({ orderIndex: order.orderIndex, noRepeatNgram: n, text, tokens });
      const parsed = parseGenerated(spec.task.template, spec.task.separator, opening + text);
      incomplete += parsed.incomplete;
      for (const fields of parsed.rows) candidates.push({ seed, fields, sourceOrderIndex: order.orderIndex, noRepeatNgram: n });
    }
  }
  let tooShort = 0;
  let duplicates = 0;
  let overLength = 0;
  const seen = new Set<string>();
  const prefixes = orders.map((o) => prefixParts(spec, o.demos).join(''));
  let longest = '';
  let longestTokens = -1;
  for (const prefix of prefixes) {
    const tokens = await counter.count(prefix);
    if (tokens > longestTokens) [longest, longestTokens] = [prefix, tokens];
  }
  const kept: Omit<ProbeInputRecord, 'probeIndex'>[] = [];
  for (const c of candidates) {
    if (Object.values(c.fields).some((v) => words(v) < probing.minWords)) {
      tooShort++;
      continue;
    }
    const key = JSON.stringify(Object.entries(c.fields));
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    if (counter.bosTokens + (await counter.count(longest + querySuffix(spec, c.fields))) + labelReserve > model.contextLength) {
      overLength++;
      continue;
    }
    kept.push(c);
  }
  let chosen = kept;
  if (probing.size !== undefined && kept.length > probing.size) {
    const picked = new Set(createRng(probing.seed).sample([...kept.keys()], probing.size));
    chosen = kept.filter((_, i) => picked.has(i));
  }
  if (chosen.length === 0) {
    throw new ExperimentInputError(
      `probing: seed ${seed}: the model's ${generations.length} generations gave no usable probing input (${candidates.length} parsed, ${incomplete} incomplete, ${tooShort} under ${probing.minWords} words, ${overLength} too long); raise probing.maxTokens, lower probing.minWords, or use probing.source: test`,
      'PROBING_EMPTY',
    );
  }
  const inputs = chosen.map((c, probeIndex) => ({ ...c, probeIndex }));
  const report: ProbeSetReport = { seed, generations, parsed: candidates.length, incomplete, tooShort, duplicates, overLength, overSize: kept.length - chosen.length, size: inputs.length };
  return { seed, report, inputs };
}

/**
 * Lu et al.'s `allowed_tokens`: the tokens of the template's literal text (and the separator) and of
 * the label words, which n-gram blocking never bans, so the model can go on writing the template.
 */
async function templateTokens(engine: ProbingEngine, model: ModelInfo, spec: ExperimentSpec): Promise<number[]> {
  const literal = templateSegments(spec.task.template)
    .map((s) => (s.kind === 'text' ? s.text : ''))
    .join('');
  const labelWords = Object.values(spec.task.labels).flat().join(' ');
  const ids = tokenIds(await engine.tokenize(model.modelId, `${literal}${spec.task.separator} ${labelWords}`));
  return [...new Set(ids.filter((id) => id !== model.bosTokenId))];
}
