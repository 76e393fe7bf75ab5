import { randomDomainRows } from '../../src-shared/calibration/domain-context.ts';
import { LABEL_FIELD, parseTemplate } from '../../src-shared/prompt/template.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';

/**
 * The random in-domain inputs of domain-context calibration for one seed (Fei et al. 2023):
 * for each field the template names, words drawn from the test texts' word pool.
 *
 * Deterministic from the stored test examples and the seed, so a resumed run regenerates exactly
 * the texts the first session scored. Empty when the study does not use `domain`.
 */
export function domainInputs(spec: ExperimentSpec, testFields: readonly Record<string, string>[], seed: number): Record<string, string>[] {
  if (!spec.calibration.includes('domain')) return [];
  const names = parseTemplate(spec.task.template).filter((n) => n !== LABEL_FIELD);
  const columns: Record<string, string[]> = {};
  for (const name of names) columns[name] = testFields.map((f) => f[name] ?? '');
  return randomDomainRows(columns, spec.domain.count, spec.domain.seed ?? seed);
}

/** How a domain row is stored: its text for one-field templates, else its fields as JSON. */
export function domainInputText(row: Record<string, string>): string {
  const values = Object.values(row);
  return values.length === 1 ? values[0] : JSON.stringify(row);
}
