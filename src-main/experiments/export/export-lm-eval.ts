import { demonstrationLabelWord } from '../../../src-shared/prompt/label-word.ts';
import crypto from 'node:crypto';
import { labelContinuation } from '../../../src-shared/prompt/template.ts';
import { scoreConditions } from '../condition-scores.ts';
import { prefixParts, querySuffix } from '../prompts.ts';
import { cellSpec, designCells, specAxes } from '../../../src-shared/experiments/design.ts';
import type { RunData } from '../run-data.ts';

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Per-sample rows in the style of EleutherAI lm-evaluation-harness's `--log_samples` output for a
 * multiple-choice task, one per (seed, order, test example).
 *
 * Fields as lm-eval writes them: `doc_id` (position in the test sample), `doc` (the row's fields
 * and its label), `target` (gold class index), `arguments` (`gen_args_i` = {arg_0: context,
 * arg_1: continuation} per class, its first label word), `resps` / `filtered_resps` (per class
 * [log-likelihood, is_greedy] as strings), `doc_hash`, `prompt_hash`, `target_hash`, and `acc`
 * (uncalibrated). Promptscope adds `seed`, `orderIndex`, `order` (and `cell` with design axes) and `acc_<method>` for each
 * calibration method. The log-likelihood is log of the class's summed first-token probability
 * (not renormalised); is_greedy is not computed and reported as "False".
 */
export function toLmEvalSamples(data: RunData): object[] {
  const { spec } = data;
  const classes = spec.classes;
  const raw = new Map(data.predictions.map((p) => [`${p.seed}/${p.cell ?? 0}/${p.orderIndex}/${p.exampleId}`, p.probs]));
  const cells = designCells(specAxes(spec));
  const stored = new Map(data.conditions.map((c) => [`${c.seed}/${c.cell ?? 0}/${c.orderIndex}`, c]));
  // Cloze runs (encoders) scored the label at a mask: their context is the whole query with the mask token in the slot.
  const info = data.run.modelInfo as { kind?: string; maskToken?: string } | null;
  const mask = info?.kind === 'encoder' ? info.maskToken : undefined;
  const samples: object[] = [];
  for (const c of scoreConditions(data)) {
    // c.order holds only the demonstrations really in the prompt (drop-oldest removed the rest); corrupted ones show their recorded label.
    const cs = cellSpec(spec, cells[c.cell]);
    const shown = new Map((stored.get(`${c.seed}/${c.cell}/${c.orderIndex}`)?.corrupted ?? []).map((d) => [d.exampleId, d.shown]));
    const demos = c.order.map((id) => ({ fields: data.demoFields[id], gold: shown.get(id) ?? data.demoGold[id] }));
    const prefix = prefixParts(cs, demos).join('');
    data.tests.forEach((t, i) => {
      const context = prefix + querySuffix(cs, t.fields, mask);
      const probs = raw.get(`${c.seed}/${c.cell}/${c.orderIndex}/${t.exampleId}`)!;
      const loglik = classes.map((cls) => [String(Math.log(probs[cls])), 'False']);
      const doc = { ...t.fields, label: t.gold };
      const sample: Record<string, unknown> = {
        doc_id: t.position,
        doc,
        target: c.goldIdx[i],
        arguments: Object.fromEntries(classes.map((cls, k) => [`gen_args_${k}`, { arg_0: context, arg_1: labelContinuation(demonstrationLabelWord(cs.task.labels, cls)) }])),
        resps: loglik.map((r) => [r]),
        filtered_resps: loglik,
        doc_hash: sha256(JSON.stringify(doc)),
        prompt_hash: sha256(context),
        target_hash: sha256(String(c.goldIdx[i])),
        acc: c.pred.none ? Number(c.pred.none[i] === c.goldIdx[i]) : Number(c.p[i].indexOf(Math.max(...c.p[i])) === c.goldIdx[i]),
        seed: c.seed,
        orderIndex: c.orderIndex,
        ...(cells.length > 1 ? { cell: c.cell } : {}),
        order: c.order,
      };
      for (const [method, preds] of Object.entries(c.pred)) if (method !== 'none') sample[`acc_${method}`] = Number(preds[i] === c.goldIdx[i]);
      samples.push(sample);
    });
  }
  return samples;
}
