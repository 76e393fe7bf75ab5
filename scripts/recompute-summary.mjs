#!/usr/bin/env node
// Independent check of a Promptscope run summary: recomputes every (seed, order, method) accuracy
// and macro-F1, and the per-method mean / population std / min / max, from the exported JSONL rows
// alone. Plain JavaScript with no imports from the project, so it cannot share a bug with it.
//
//   node scripts/recompute-summary.mjs SUMMARY.json EXPORT.jsonl
//
// Prints a JSON report on stdout; exits 1 when any number differs (accuracies must match exactly).
// Rules (docs/CONTRACT.md): none = argmax of `scores`; contextual = argmax of
// scores[c] / contentFree[c] (domain: / domainPrior[c]); batch = argmax of scores[c] - mean over the
// (seed, order)'s rows of scores[c]. Ties go to the first class in label order. The calibrated
// distributions are rebuilt in the form the summary names (details.protocol.calibratedProbabilities:
// softmax(scores / prior) or the renormalised ratio) and compared with the exported `calibrated`
// vectors; ECE (10 equal-width bins), Brier and NLL are recomputed from them per condition; `scores`
// must be the renormalised exp(logprobs); `shots` must be the length of `order`. Rows without
// `domainPrior` (older exports) leave domain as not recomputed.
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

const form = summary.details?.protocol?.calibratedProbabilities ?? 'ratio';
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
const normalise = (v) => {
  const sum = v.reduce((a, b) => a + b, 0);
  return v.map((x) => x / sum);
};
const calibrateDivided = (p, prior) => {
  const ratio = p.map((x, i) => x / Math.max(prior[i], 1e-12));
  if (form === 'ratio') return normalise(ratio);
  const max = Math.max(...ratio);
  return normalise(ratio.map((x) => Math.exp(x - max)));
};
const distributionMetrics = new Map();

for (const [key, group] of groups) {
  const classes = Object.keys(group[0].scores);
  const mean = classes.map((c) => group.reduce((s, r) => s + r.scores[c], 0) / group.length);
  for (const row of group) {
    if (row.shots !== undefined && row.shots !== row.order.length) mismatches.push({ key, exampleId: row.exampleId, field: 'shots', exported: row.shots, recomputed: row.order.length });
    if (row.logprobs) {
      const fromLogs = normalise(classes.map((c) => Math.exp(row.logprobs[c])));
      classes.forEach((c, i) => {
        if (!close(fromLogs[i], row.scores[c])) mismatches.push({ key, exampleId: row.exampleId, field: `scores.${c}`, exported: row.scores[c], recomputed: fromLogs[i] });
      });
    }
  }
  for (const method of Object.keys(group[0].predicted)) {
    const outputs = group.map((row) => {
      const p = classes.map((c) => row.scores[c]);
      if (method === 'none') return p;
      if (method === 'contextual') return calibrateDivided(p, classes.map((c) => row.contentFree[c]));
      if (method === 'domain' && row.domainPrior) return calibrateDivided(p, classes.map((c) => row.domainPrior[c]));
      if (method === 'batch') return p.map((x, i) => x - mean[i]);
      notRecomputed.add(method);
      return null;
    });
    const predicted = group.map((row, i) => (outputs[i] ? classes[argmax(outputs[i])] : row.predicted[method]));
    group.forEach((row, i) => {
      const exported = row.calibrated?.[method];
      if (!exported || !outputs[i]) return;
      classes.forEach((c, k) => {
        if (!close(exported[c], outputs[i][k])) mismatches.push({ key, method, exampleId: row.exampleId, field: `calibrated.${c}`, exported: exported[c], recomputed: outputs[i][k] });
      });
    });
    if (method !== 'batch' && outputs.every((o) => o)) {
      const goldIdx = group.map((r) => classes.indexOf(r.gold));
      const bins = Array.from({ length: 10 }, () => ({ n: 0, hits: 0, conf: 0 }));
      let brierSum = 0;
      let nllSum = 0;
      outputs.forEach((q, i) => {
        const conf = Math.max(...q);
        const bin = bins[Math.min(Math.floor(conf * 10), 9)];
        bin.n++;
        bin.conf += conf;
        if (argmax(q) === goldIdx[i]) bin.hits++;
        q.forEach((x, c) => (brierSum += (x - (c === goldIdx[i] ? 1 : 0)) ** 2));
        nllSum -= Math.log(Math.max(q[goldIdx[i]], 1e-12));
      });
      const eceValue = bins.reduce((s, b) => (b.n === 0 ? s : s + (b.n / outputs.length) * Math.abs(b.hits / b.n - b.conf / b.n)), 0);
      if (!distributionMetrics.has(method)) distributionMetrics.set(method, { ece: [], brier: [], nll: [] });
      const m = distributionMetrics.get(method);
      m.ece.push(eceValue);
      m.brier.push(brierSum / outputs.length);
      m.nll.push(nllSum / outputs.length);
    }
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

// Population std; a spread below float64's resolution at the values' scale is rounding and is 0.
const stats = (values) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const raw = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { mean, std: max === min || raw < 1e-12 * Math.max(1, Math.abs(mean)) ? 0 : raw, min, max };
};
for (const [method, summaryStats] of Object.entries(summary.aggregate)) {
  const values = summary.conditions.filter((c) => c.method === method).map((c) => recomputed.get(`${c.seed}/${c.orderIndex}/${method}`)?.accuracy ?? NaN);
  const mine = stats(values);
  for (const field of ['mean', 'std', 'min', 'max']) {
    if (!(Math.abs(mine[field] - summaryStats[field]) <= 1e-12)) mismatches.push({ method, field: `aggregate.${field}`, summary: summaryStats[field], recomputed: mine[field] });
  }
}
for (const [method, metrics] of distributionMetrics) {
  const reported = summary.details?.calibration?.[method];
  if (!reported) continue;
  for (const name of ['ece', 'brier', 'nll']) {
    const mine = stats(metrics[name]);
    for (const field of ['mean', 'min', 'max']) {
      if (!close(mine[field], reported[name][field])) mismatches.push({ method, field: `calibration.${name}.${field}`, summary: reported[name][field], recomputed: mine[field] });
    }
  }
}

process.stdout.write(`${JSON.stringify({ rows: rows.length, conditionsChecked: checked, notRecomputed: [...notRecomputed], mismatches })}\n`);
process.exit(mismatches.length === 0 ? 0 : 1);
