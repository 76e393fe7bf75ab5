import { LABEL_FIELD, parseTemplate } from '../../src-shared/prompt/template.ts';
import type { DatasetRow } from './datasets/types.ts';
import { ExperimentInputError } from './errors.ts';
import { querySuffix } from './prompts.ts';
import type { ContextReport, ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';

export type { ContextReport } from '../../src-shared/experiments/experiment-schema.ts';

/**
 * Make every test query fit under the largest demonstration prefix of any condition (`fits` counts
 * that whole prompt), so one test set serves every condition and aggregates compare like with like.
 *
 * skip-example leaves an over-long example out; truncate-input cuts its input field (`input`, or the
 * template's first field) from the left or the right, keeping the longest part that fits (a binary
 * search over characters, each candidate counted by the model's tokenizer).
 */
export async function fitTestExamples(spec: ExperimentSpec, fitsQuery: (query: string) => Promise<boolean>, test: readonly DatasetRow[]): Promise<{ test: DatasetRow[]; report: ContextReport }> {
  const report: ContextReport = { policy: spec.contextPolicy, side: spec.truncateSide, skipped: [], truncated: [] };
  const fields = parseTemplate(spec.task.template).filter((f) => f !== LABEL_FIELD);
  const field = fields.includes('input') ? 'input' : fields[0];
  const kept: DatasetRow[] = [];
  for (const row of test) {
    if (await fitsQuery(querySuffix(spec, row.fields))) {
      kept.push(row);
      continue;
    }
    if (spec.contextPolicy === 'skip-example') {
      report.skipped.push(row.id);
      continue;
    }
    const text = row.fields[field] ?? '';
    const cut = (k: number) => (spec.truncateSide === 'left' ? text.slice(text.length - k) : text.slice(0, k));
    const fits = (k: number) => fitsQuery(querySuffix(spec, { ...row.fields, [field]: cut(k) }));
    if (!(await fits(0))) {
      throw new ExperimentInputError(`contextPolicy: test example ${row.id} does not fit the model's context even with its ${field} field empty`, 'CONTEXT_OVERFLOW');
    }
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (await fits(mid)) lo = mid;
      else hi = mid - 1;
    }
    report.truncated.push({ exampleId: row.id, field, removedChars: text.length - lo });
    kept.push({ ...row, fields: { ...row.fields, [field]: cut(lo) } });
  }
  if (kept.length === 0) throw new ExperimentInputError(`contextPolicy: skip-example: no test example fits the model's context`, 'CONTEXT_OVERFLOW');
  return { test: kept, report };
}

/** One line per thing the policy changed, for stderr and the summary. */
export function contextWarnings(report: ContextReport | undefined, conditions: { droppedDemos: number }[]): string[] {
  const out: string[] = [];
  const dropping = conditions.filter((c) => c.droppedDemos > 0);
  if (dropping.length > 0) {
    const total = dropping.reduce((s, c) => s + c.droppedDemos, 0);
    out.push(`contextPolicy drop-oldest: ${total} demonstrations left out of ${dropping.length} of ${conditions.length} conditions to fit the context; each condition's export and analyses use only the demonstrations in its prompt`);
  }
  if (report && report.skipped.length > 0) out.push(`contextPolicy skip-example: ${report.skipped.length} test examples left out because their prompt does not fit the context (${report.skipped.slice(0, 3).join(', ')}${report.skipped.length > 3 ? ', ...' : ''})`);
  if (report && report.truncated.length > 0) {
    const chars = report.truncated.reduce((s, t) => s + t.removedChars, 0);
    out.push(`contextPolicy truncate-input: ${report.truncated.length} test examples had their ${report.truncated[0].field} field cut from the ${report.side} (${chars} characters in all) to fit the context`);
  }
  return out;
}
