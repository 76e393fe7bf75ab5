import type { AttentionSpan } from '../../src-shared/api/attention.ts';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import type { StudyAttention } from '../../src-shared/api/conditions.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { prefixParts, querySuffix } from '../experiments/prompts.ts';
import { loadRunData } from '../experiments/run-data.ts';
import { spanMass } from '../../src-shared/analysis/attention-mass.ts';
import type { ApiServices } from './services.ts';
import { cellSpec, designCells, specAxes } from '../../src-shared/experiments/design.ts';

/** `count` indexes spread evenly over [0, n), always including the first and the last. */
function evenly(n: number, count: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  if (count === 1) return [0];
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round((i * (n - 1)) / (count - 1))))];
}

/**
 * `runs.attention`: attention by demonstration position over a study's prompts, each rebuilt by
 * the study runner's prompt code. Prompts are sampled (conditions evenly, the first test examples)
 * and the answer says how many of each were used.
 */
export function studyAttentionHandlers({ db, engine }: ApiServices): Pick<ApiHandlers, 'runs.attention'> {
  return {
    async 'runs.attention'({ runId, maxConditions, maxExamples }) {
      const data = loadRunData(db(), runId);
      const { spec } = data;
      const info = await engine.load(spec.model);
      if (!info.attentionAvailable) return fail('ATTENTION_UNAVAILABLE', `${info.name}: ${info.attentionUnavailableReason ?? 'attention weights cannot be extracted from this model'}`);
      const conditions = evenly(data.conditions.length, maxConditions).map((i) => data.conditions[i]);
      const tests = data.tests.slice(0, maxExamples);
      const byPosition: number[][] = [];
      let query = 0;
      let instruction = 0;
      let prompts = 0;
      const cells = designCells(specAxes(spec));
      for (const condition of conditions) {
        // Each condition's own prompt: its cell's template and label words, the labels its demonstrations showed.
        const cs = cellSpec(spec, cells[condition.cell]);
        const corrupted = new Map(condition.corrupted.map((c) => [c.exampleId, c.shown]));
        const shown = condition.order.slice(condition.droppedDemos);
        const parts = prefixParts(cs, shown.map((id) => ({ fields: data.demoFields[id], gold: corrupted.get(id) ?? data.demoGold[id] })));
        const spans: AttentionSpan[] = [];
        let at = 0;
        const demoStart = spec.task.instruction ? 1 : 0;
        parts.forEach((part, i) => {
          const body = part.length - spec.task.separator.length;
          spans.push(i < demoStart ? { name: 'instruction', kind: 'instruction', start: at, end: at + body } : { name: `demo ${i - demoStart + 1}`, kind: 'demonstration', start: at, end: at + body });
          at += part.length;
        });
        const prefix = parts.join('');
        for (const t of tests) {
          const text = prefix + querySuffix(cs, t.fields);
          const [result, pieces] = await Promise.all([engine.attention(info.modelId, text), engine.tokenize(info.modelId, text)]);
          const mass = spanMass(result, pieces.map((p) => ({ start: p.start, end: p.end })), [...spans, { name: 'query', kind: 'query', start: prefix.length, end: text.length }]);
          for (const m of mass) {
            if (m.kind === 'demonstration') {
              const position = Number(m.name.slice('demo '.length));
              (byPosition[position - 1] ??= []).push(m.mean);
            } else if (m.kind === 'query') query += m.mean;
            else if (m.kind === 'instruction') instruction += m.mean;
          }
          prompts++;
        }
      }
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
      const answer: StudyAttention = {
        runId,
        positions: byPosition.map((v, i) => ({ position: i + 1, mean: mean(v), min: Math.min(...v), max: Math.max(...v) })),
        query: query / Math.max(1, prompts),
        instruction: spec.task.instruction ? instruction / Math.max(1, prompts) : null,
        prompts,
        conditionsUsed: conditions.length,
        conditionsTotal: data.conditions.length,
        examplesPerCondition: tests.length,
        examplesTotal: data.tests.length,
      };
      return ok(answer);
    },
  };
}
