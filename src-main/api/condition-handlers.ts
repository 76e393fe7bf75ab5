import type { ApiHandlers } from '../../src-shared/api/client.ts';
import type { ConditionDetail } from '../../src-shared/api/conditions.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { fewShotSpans } from '../../src-shared/prompt/few-shot-prompt.ts';
import { contentFreeRow } from '../../src-shared/prompt/template.ts';
import { scoreConditions } from '../experiments/condition-scores.ts';
import { prefixParts, querySuffix } from '../experiments/prompts.ts';
import { loadRunData } from '../experiments/run-data.ts';
import type { ApiServices } from './services.ts';
import { cellLabels, cellSpec, designCells, specAxes } from '../../src-shared/experiments/design.ts';

/** The text a person reads for a row: the mapped field, else every field joined. */
function textOf(fields: Record<string, string>): string {
  return fields.input ?? Object.values(fields).join(' | ');
}

/**
 * `runs.condition`: one (seed, cell, order) of a stored run, its prompt rebuilt by the study runner's
 * `prefixParts` / `querySuffix` from the stored order and example fields.
 */
export function conditionHandlers(services: ApiServices): Pick<ApiHandlers, 'runs.condition'> {
  return {
    async 'runs.condition'({ runId, seed, orderIndex, cell = 0 }) {
      const data = loadRunData(services.db(), runId);
      const axes = specAxes(data.spec);
      const cells = designCells(axes);
      const where = axes.length > 0 ? `seed ${seed}, cell ${cell}, order ${orderIndex}` : `seed ${seed}, order ${orderIndex}`;
      const condition = data.conditions.find((c) => c.seed === seed && c.cell === cell && c.orderIndex === orderIndex);
      if (!condition || !cells[cell]) return fail('NOT_FOUND', `run ${runId}: no condition ${where}`);
      // The condition's own template and label words (design axes), and the labels its demonstrations showed.
      const spec = cellSpec(data.spec, cells[cell]);
      const scored = scoreConditions(data);
      const own = scored.find((c) => c.seed === seed && c.cell === cell && c.orderIndex === orderIndex);
      if (!own) return fail('NOT_FOUND', `run ${runId}: ${where} is not fully scored yet`);
      const classes = spec.classes;
      const methods = Object.keys(own.pred);
      const sameSeed = scored.filter((c) => c.seed === seed && c.cell === cell);
      const corrupted = new Map(condition.corrupted.map((c) => [c.exampleId, c.shown]));
      const labelOf = (id: string) => corrupted.get(id) ?? data.demoGold[id];
      const shown = condition.order.slice(condition.droppedDemos).map((id) => ({ fields: data.demoFields[id], gold: labelOf(id) }));
      const prefix = prefixParts(spec, shown).join('');
      const prefixSpans = fewShotSpans(spec.task, shown, contentFreeRow(spec.task.template, '')).filter((s) => s.kind !== 'query');
      const record = (v: readonly number[]) => Object.fromEntries(classes.map((c, i) => [c, v[i]]));
      const accuracy: Record<string, number> = {};
      for (const m of methods) accuracy[m] = own.pred[m].filter((p, i) => p === own.goldIdx[i]).length / Math.max(1, own.goldIdx.length);
      const detail: ConditionDetail = {
        runId,
        seed,
        orderIndex,
        cell,
        axes: axes.length > 0 ? cellLabels(axes, cells[cell]) : {},
        classes,
        methods,
        demonstrations: condition.order.map((id, i) => ({
          exampleId: id,
          gold: data.demoGold[id],
          labelWord: spec.task.labels[labelOf(id)][0],
          text: textOf(data.demoFields[id]),
          dropped: i < condition.droppedDemos,
          ...(corrupted.has(id) ? { shown: corrupted.get(id) } : {}),
        })),
        prefix,
        prefixSpans,
        contentFree: own.pcf ? record(own.pcf) : null,
        contentFreeInputs: own.pcfPerInput.map((r) => ({ input: r.input, probs: record(r.probs) })),
        accuracy,
        examples: data.tests.map((t, i) => ({
          exampleId: t.exampleId,
          gold: t.gold,
          text: textOf(t.fields),
          query: querySuffix(spec, t.fields),
          scores: record(own.p[i]),
          predicted: Object.fromEntries(methods.map((m) => [m, classes[own.pred[m][i]]])),
          flips: Object.fromEntries(methods.map((m) => [m, sameSeed.some((c) => c.pred[m][i] !== own.pred[m][i])])),
        })),
      };
      return ok(detail);
    },
  };
}
