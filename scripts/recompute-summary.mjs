#!/usr/bin/env node
// Independent check of a Promptscope run summary: recomputes every (seed, order, method) accuracy
// and macro-F1, and the per-method mean / population std / min / max, from the exported JSONL rows
// alone. Plain JavaScript with no imports from the project, so it cannot share a bug with it.
//
//   node scripts/recompute-summary.mjs SUMMARY.json EXPORT.jsonl
//
// Prints a JSON report on stdout; exits 1 when any number differs (accuracies must match exactly).
// Rules (docs/CONTRACT.md): none = argmax of `scores`; contextual = argmax of
// scores[c] / contentFree[c]; batch = argmax of scores[c] - mean over the (seed, order)'s rows of
// scores[c]. Ties go to the first class in label order. Other methods (domain) need a prior the rows
// do not carry: their stored `predicted` labels are used and reported as not recomputed.
import fs from 'node:fs';

const [summaryFile, rowsFile] = process.argv.slice(2);
if (!summaryFile || !rowsFile) {
  process.stderr.write('usage: recompute-summary.mjs SUMMARY.json EXPORT.jsonl\n');
  process.exit(2);
}
const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
const rows = fs
  .readFileSync(rowsFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

const argmax = (values) => {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
};

const groups = new Map();
for (const row of rows) {
  const key = `${row.seed}/${row.orderIndex}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(row);
}

const mismatches = [];
const notRecomputed = new Set();
let checked = 0;
const recomputed = new Map();

for (const [key, group] of groups) {
  const classes = Object.keys(group[0].scores);
  const mean = classes.map((c) => group.reduce((s, r) => s + r.scores[c], 0) / group.length);
  for (const method of Object.keys(group[0].predicted)) {
    const predicted = group.map((row) => {
      const p = classes.map((c) => row.scores[c]);
      if (method === 'none') return classes[argmax(p)];
      if (method === 'contextual') return classes[argmax(p.map((x, i) => x / row.contentFree[classes[i]]))];
      if (method === 'batch') return classes[argmax(p.map((x, i) => x - mean[i]))];
      notRecomputed.add(method);
      return row.predicted[method];
    });
    group.forEach((row, i) => {
      if (row.predicted[method] !== predicted[i]) mismatches.push({ key, method, exampleId: row.exampleId, exported: row.predicted[method], recomputed: predicted[i] });
    });
    const gold = group.map((r) => r.gold);
    const correct = predicted.filter((p, i) => p === gold[i]).length;
    const f1s = classes.map((c) => {
      const tp = predicted.filter((p, i) => p === c && gold[i] === c).length;
      const fp = predicted.filter((p, i) => p === c && gold[i] !== c).length;
      const fn = predicted.filter((p, i) => p !== c && gold[i] === c).length;
      return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    });
    recomputed.set(`${key}/${method}`, { accuracy: correct / group.length, macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length });
  }
}

for (const c of summary.conditions) {
  const mine = recomputed.get(`${c.seed}/${c.orderIndex}/${c.method}`);
  checked++;
  if (!mine) {
    mismatches.push({ key: `${c.seed}/${c.orderIndex}`, method: c.method, problem: 'no exported rows for this condition' });
    continue;
  }
  if (mine.accuracy !== c.accuracy) mismatches.push({ key: `${c.seed}/${c.orderIndex}`, method: c.method, field: 'accuracy', summary: c.accuracy, recomputed: mine.accuracy });
  if (Math.abs(mine.macroF1 - c.macroF1) > 1e-12) mismatches.push({ key: `${c.seed}/${c.orderIndex}`, method: c.method, field: 'macroF1', summary: c.macroF1, recomputed: mine.macroF1 });
}
if (recomputed.size !== summary.conditions.length) mismatches.push({ problem: `${recomputed.size} (seed, order, method) groups in the rows, ${summary.conditions.length} conditions in the summary` });

for (const [method, stats] of Object.entries(summary.aggregate)) {
  const values = summary.conditions.filter((c) => c.method === method).map((c) => recomputed.get(`${c.seed}/${c.orderIndex}/${method}`)?.accuracy ?? NaN);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  const mine = { mean, std, min: Math.min(...values), max: Math.max(...values) };
  for (const field of ['mean', 'std', 'min', 'max']) {
    if (!(Math.abs(mine[field] - stats[field]) <= 1e-12)) mismatches.push({ method, field: `aggregate.${field}`, summary: stats[field], recomputed: mine[field] });
  }
}

process.stdout.write(`${JSON.stringify({ rows: rows.length, conditionsChecked: checked, notRecomputed: [...notRecomputed], mismatches })}\n`);
process.exit(mismatches.length === 0 ? 0 : 1);
