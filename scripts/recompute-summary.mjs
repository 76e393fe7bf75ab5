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
// Lu et al.'s order probes (details.entropy) are recomputed per (seed, order) on the probing set the
// summary names (details.entropy.probing.source): `test` uses the test rows' `scores`; `generated`
// the `kind: "probe"` rows. GlobalE is the entropy (natural log) of the counts of predicted labels
// (argmax of `scores`), a label never predicted counted as 1e-5; LocalE the mean entropy of
// `scores`. Per seed: Pearson's r and Spearman's rho (average ranks) of each against the order's
// uncalibrated test accuracy, null where either side is constant or fewer than 2 orders; the mean
// accuracy of the 4 orders with the highest entropy (ties: lower order index first), null with 4 or
// fewer orders; the top level averages the seeds' non-null values; the probing set's size per seed.
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

const testRows = rows.filter((row) => row.kind === undefined);
const probeRows = rows.filter((row) => row.kind === 'probe');
const groups = new Map();
for (const row of testRows) {
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

// --- Lu et al.'s entropy probes -------------------------------------------------------------------
const entropySummary = summary.details?.entropy;
if (entropySummary) {
  const source = entropySummary.probing?.source ?? 'test';
  const entropyOf = (p) => p.reduce((h, x) => (x > 0 ? h - x * Math.log(x) : h), 0);
  const probeGroups = new Map();
  for (const row of source === 'generated' ? probeRows : testRows) {
    const key = `${row.seed}/${row.orderIndex}`;
    if (!probeGroups.has(key)) probeGroups.set(key, []);
    probeGroups.get(key).push(row);
  }
  const mine = [];
  for (const [key, group] of probeGroups) {
    const classes = Object.keys(group[0].scores);
    for (const row of source === 'generated' ? group : []) {
      const fromLogs = normalise(classes.map((c) => Math.exp(row.logprobs[c])));
      classes.forEach((c, i) => {
        if (!close(fromLogs[i], row.scores[c])) mismatches.push({ key, probeIndex: row.probeIndex, field: `probe.scores.${c}`, exported: row.scores[c], recomputed: fromLogs[i] });
      });
    }
    const dists = group.map((row) => normalise(classes.map((c) => row.scores[c])));
    const counts = classes.map(() => 0);
    for (const d of dists) counts[argmax(d)]++;
    const globalE = entropyOf(normalise(counts.map((n) => (n === 0 ? 1e-5 : n))));
    const localE = dists.reduce((s, d) => s + entropyOf(d), 0) / dists.length;
    const accuracy = recomputed.get(`${key}/none`)?.accuracy;
    const [seed, orderIndex] = key.split('/').map(Number);
    mine.push({ seed, orderIndex, globalE, localE, accuracy, size: group.length });
  }
  const reported = new Map(entropySummary.probes.map((p) => [`${p.seed}/${p.orderIndex}`, p]));
  if (reported.size !== mine.length) mismatches.push({ field: 'entropy.probes', summary: reported.size, recomputed: mine.length });
  for (const m of mine) {
    const r = reported.get(`${m.seed}/${m.orderIndex}`);
    if (!r) {
      mismatches.push({ key: `${m.seed}/${m.orderIndex}`, field: 'entropy.probes', problem: 'no probe in the summary for these rows' });
      continue;
    }
    for (const field of ['globalE', 'localE']) if (!close(m[field], r[field])) mismatches.push({ key: `${m.seed}/${m.orderIndex}`, field: `entropy.${field}`, summary: r[field], recomputed: m[field] });
    if (m.accuracy !== undefined && m.accuracy !== r.accuracy) mismatches.push({ key: `${m.seed}/${m.orderIndex}`, field: 'entropy.accuracy', summary: r.accuracy, recomputed: m.accuracy });
  }
  const constant = (v) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    return v.every((x) => x === v[0]) || sd <= 1e-12 * Math.max(...v.map(Math.abs), 1e-300);
  };
  const pearsonOf = (x, y) => {
    if (x.length < 2 || constant(x) || constant(y)) return null;
    const mx = x.reduce((a, b) => a + b, 0) / x.length;
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    let sxy = 0, sxx = 0, syy = 0;
    x.forEach((xi, i) => {
      sxy += (xi - mx) * (y[i] - my);
      sxx += (xi - mx) ** 2;
      syy += (y[i] - my) ** 2;
    });
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  };
  const ranks = (v) => {
    const sorted = [...v].sort((a, b) => a - b);
    return v.map((x) => {
      const first = sorted.indexOf(x);
      const last = sorted.lastIndexOf(x);
      return (first + last) / 2 + 1;
    });
  };
  const meanOrNull = (values) => {
    const known = values.filter((v) => v !== null);
    return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
  };
  const sameOrBothNull = (a, b) => (a === null || b === null ? a === b : close(a, b));
  const seeds = [...new Set(mine.map((m) => m.seed))].sort((a, b) => a - b);
  for (const field of ['globalE', 'localE']) {
    const perSeed = seeds.map((seed) => {
      const ofSeed = mine.filter((m) => m.seed === seed).sort((a, b) => a.orderIndex - b.orderIndex);
      const scores = ofSeed.map((m) => m[field]);
      const accs = ofSeed.map((m) => m.accuracy);
      const top = ofSeed.length > 4 ? scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, 4).map((e) => accs[e.i]) : null;
      return { seed, orders: ofSeed.length, pearson: pearsonOf(scores, accs), spearman: pearsonOf(ranks(scores), ranks(accs)), topKMean: top ? top.reduce((a, b) => a + b, 0) / top.length : null };
    });
    const selection = entropySummary[field];
    for (const mineSeed of perSeed) {
      const theirs = selection.perSeed?.find((s) => s.seed === mineSeed.seed);
      if (!theirs) {
        mismatches.push({ field: `entropy.${field}.perSeed`, seed: mineSeed.seed, problem: 'missing from the summary' });
        continue;
      }
      for (const name of ['orders', 'pearson', 'spearman', 'topKMean']) {
        if (!sameOrBothNull(mineSeed[name], theirs[name])) mismatches.push({ field: `entropy.${field}.perSeed.${name}`, seed: mineSeed.seed, summary: theirs[name], recomputed: mineSeed[name] });
      }
    }
    for (const name of ['pearson', 'spearman', 'topKMean']) {
      const value = meanOrNull(perSeed.map((s) => s[name]));
      if (!sameOrBothNull(value, selection[name])) mismatches.push({ field: `entropy.${field}.${name}`, summary: selection[name], recomputed: value });
    }
  }
  for (const s of entropySummary.probing?.perSeed ?? []) {
    const sizes = new Set(mine.filter((m) => m.seed === s.seed).map((m) => m.size));
    if (sizes.size !== 1 || !sizes.has(s.size)) mismatches.push({ field: 'entropy.probing.size', seed: s.seed, summary: s.size, recomputed: [...sizes] });
  }
}

process.stdout.write(`${JSON.stringify({ rows: rows.length, conditionsChecked: checked, notRecomputed: [...notRecomputed], mismatches })}\n`);
process.exit(mismatches.length === 0 ? 0 : 1);
