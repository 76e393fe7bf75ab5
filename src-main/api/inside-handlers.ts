import type { AttentionSpan } from '../../src-shared/api/attention.ts';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { demoAttribution } from '../experiments/inside/demo-attribution.ts';
import { headAblation } from '../experiments/inside/head-ablation.ts';
import { lensPair, loadInsideSetup, pickCondition, type InsideSetup } from '../experiments/inside/inside-setup.ts';
import { labelKnockout } from '../experiments/inside/label-knockout.ts';
import { compareLens } from '../experiments/inside/label-lens.ts';
import { conditionPrompts, labelWordSpans } from '../experiments/inside/condition-prompts.ts';
import type { InsideCondition } from '../experiments/inside/inside-setup.ts';
import { spanMass } from '../../src-shared/analysis/attention-mass.ts';
import type { ApiServices } from './services.ts';

/** The inside-the-model analyses of a stored run, one handler each. */
export function insideHandlers({ engine, db }: ApiServices): Pick<ApiHandlers, 'inside.lens' | 'inside.heads' | 'inside.knockout' | 'inside.attribute'> {
  const setupOf = (runId: string, sample: number) => loadInsideSetup(db(), runId, engine, sample);
  const sampled = (setup: InsideSetup) => ({ examples: setup.tests.length, testCount: setup.testCount });
  /**
   * Attention mass per demonstration and label word for the condition's prompt with the first test
   * example, so the UI can show it beside the attribution; a model without attention weights says why.
   */
  const attentionMass = async (setup: InsideSetup, condition: InsideCondition) => {
    if (!setup.model.attentionAvailable) return { attentionNote: setup.model.attentionUnavailableReason ?? 'attention weights are not available for this model' };
    const { prefixParts, suffixes } = conditionPrompts(setup, condition);
    const text = prefixParts.join('') + suffixes[0];
    const first = prefixParts.length - condition.demos.length;
    const spans: AttentionSpan[] = [];
    let at = prefixParts.slice(0, first).reduce((n, p) => n + p.length, 0);
    condition.demos.forEach((_, j) => {
      const part = prefixParts[first + j];
      spans.push({ name: `demonstration ${j + 1}`, kind: 'demonstration', start: at, end: at + part.trimEnd().length });
      at += part.length;
    });
    for (const l of labelWordSpans(setup, condition)) spans.push({ name: `label ${l.demo + 1}: ${text.slice(l.start, l.end)}`, kind: 'label', start: l.start, end: l.end });
    spans.push({ name: 'query', kind: 'query', start: at, end: text.length });
    const [weights, pieces] = await Promise.all([engine.attention(setup.model.modelId, text), engine.tokenize(setup.model.modelId, text)]);
    return { attentionMass: spanMass(weights, pieces.map((p) => ({ start: p.start, end: p.end })), spans) };
  };
  return {
    async 'inside.lens'({ runId, condition, sample, compare }) {
      const setup = await setupOf(runId, sample);
      const [a, b] = lensPair(setup, compare, condition);
      return ok({ ...(await compareLens(engine, setup, a, b)), ...sampled(setup) });
    },
    async 'inside.heads'({ runId, condition, sample, scope }) {
      const setup = await setupOf(runId, sample);
      return ok({ ...(await headAblation(engine, setup, pickCondition(setup, condition), { scope })), ...sampled(setup) });
    },
    async 'inside.knockout'({ runId, condition, sample, layers, controlSeed }) {
      const setup = await setupOf(runId, sample);
      const outside = (layers ?? []).find((l) => l >= setup.model.nLayer);
      if (outside !== undefined) return fail('BAD_REQUEST', `layers: layer ${outside} is outside 0..${setup.model.nLayer - 1}`);
      return ok({ ...(await labelKnockout(engine, setup, pickCondition(setup, condition), { ...(layers ? { layers } : {}), controlSeed })), ...sampled(setup) });
    },
    async 'inside.attribute'({ runId, condition, sample, permutations, seed }) {
      const setup = await setupOf(runId, sample);
      const chosen = pickCondition(setup, condition);
      const result = await demoAttribution(engine, setup, chosen, { permutations, seed });
      return ok({ ...result, ...sampled(setup), ...(await attentionMass(setup, chosen)) });
    },
  };
}
