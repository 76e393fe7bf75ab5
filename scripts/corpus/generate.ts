/**
 * Writes the embedded model's training corpus and the held-out task's data files from a seed.
 *
 * Usage: npx tsx scripts/corpus/generate.ts [--seed 1234] [--docs 60000] [--out .cache/train]
 *        [--examples examples/data]
 *
 * Design (see resources/models/default/MODEL_CARD.md): words carry latent classes (sentiment,
 * topic, nonce kind) that plain-text paragraphs make learnable; classification documents reuse
 * those words in many prompt formats with label words drawn at random per document, so the only
 * way to predict a label is to read the mapping from the demonstrations (in-context learning).
 * The held-out task (label words "Positive"/"Negative", never label words in training) is written
 * as jsonl files for the example study and its sentences are kept out of the corpus.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BAD_ADJECTIVES, BAD_ADVERBS, BAD_VERBS, GOOD_ADJECTIVES, GOOD_ADVERBS, GOOD_VERBS, HELDOUT_LABELS,
  INSTRUCTIONS, LABEL_POOL, NATURAL_SENTIMENT_LABELS, NONCE_INPUT_FIELDS, NONCE_KINDS, NONCE_OUTPUT_FIELDS,
  SENTIMENT_INPUT_FIELDS, SENTIMENT_OUTPUT_FIELDS, TOPICS, TOPIC_INPUT_FIELDS, TOPIC_OUTPUT_FIELDS,
} from './lexicon.ts';
import { createRng, type Rng } from './rng.ts';

const EOT = '<|endoftext|>';
/** Marks where a label word starts; the trainer strips it (see scripts/train/train.py). */
const LABEL_MARK = '\u0001';
type Sentiment = 'good' | 'bad';
const TOPIC_NAMES = Object.keys(TOPICS);
/** The held-out task's sentences (filled in main), kept out of every training document. */
const HELD_OUT_TEXTS = new Set<string>();

/**
 * Mixture settings. Phase 1 teaches the language and the formats; phase 2 (continued training)
 * shifts the mixture towards sentiment documents and draws label words from the whole vocabulary,
 * so that copying a label generalises to words never used as labels (the held-out task's).
 */
interface Profile {
  classificationShare: number;
  sentimentShare: number;
  topicShare: number;
  naturalShare: number;
  labelPool: readonly string[];
  /** Share of plain-text sentences that are "..., a Positive/Negative sign ." (0 = none). */
  signs: number;
  /**
   * Share of natural sentiment label pairs drawn as (good adjective, bad adjective) instead of the
   * fixed pairs: the label's own sentiment must then be read from the word's class (phase 4).
   */
  adjectiveLabels: number;
}

/** Every word of the generated language except the held-out label words, lower- and capitalised. */
function wideLabelPool(nonce: Record<string, string[]>): string[] {
  const words = new Set<string>([...LABEL_POOL, ...GOOD_ADJECTIVES, ...BAD_ADJECTIVES, ...GOOD_VERBS, ...BAD_VERBS,
    ...Object.values(TOPICS).flat(), ...TOPIC_NAMES, ...NONCE_KINDS, ...Object.values(nonce).flat()]);
  for (const w of [...words]) words.add(capitalize(w));
  words.delete(HELDOUT_LABELS.positive);
  words.delete(HELDOUT_LABELS.negative);
  return [...words].sort();
}

function makeProfile(name: string, nonce: Record<string, string[]>): Profile {
  if (name === 'phase1') {
    return { classificationShare: 0.7, sentimentShare: 0.45, topicShare: 0.4, naturalShare: 0.2, labelPool: LABEL_POOL, signs: 0, adjectiveLabels: 0 };
  }
  if (name === 'phase2') {
    return { classificationShare: 0.85, sentimentShare: 0.6, topicShare: 0.3, naturalShare: 0.1, labelPool: wideLabelPool(nonce), signs: 0, adjectiveLabels: 0 };
  }
  if (name === 'phase3') {
    // Plain text pairs judgements with the held-out words ("..., a Positive sign ."), never as labels.
    // Half the documents use natural label words, so every label gives a direct signal that ties
    // each word's sentiment class to the label; the other half keep the in-context mapping task.
    return { classificationShare: 0.7, sentimentShare: 0.7, topicShare: 0.2, naturalShare: 0.5, labelPool: wideLabelPool(nonce), signs: 0.4, adjectiveLabels: 0 };
  }
  if (name === 'phase4') {
    // Label semantics: most sentiment documents label with a good and a bad word of the language
    // (any adjective pair), so predicting a label means matching the input's sentiment to the
    // label word's own class, the route by which the held-out words (met only in plain text) work.
    return { classificationShare: 0.75, sentimentShare: 0.8, topicShare: 0.15, naturalShare: 0.85, labelPool: wideLabelPool(nonce), signs: 0.5, adjectiveLabels: 0.7 };
  }
  throw new Error(`generate: unknown --profile ${name} (expected phase1, phase2, phase3 or phase4)`);
}

/** Nonce words (e.g. "bazo", "kelim"), a fixed number per kind, generated from the seed. */
function makeNonceWords(rng: Rng, perKind: number): Record<string, string[]> {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  const taken = new Set<string>([...GOOD_ADJECTIVES, ...BAD_ADJECTIVES, ...LABEL_POOL.map((w) => w.toLowerCase()),
    ...Object.values(TOPICS).flat()]);
  const out: Record<string, string[]> = {};
  for (const kind of NONCE_KINDS) {
    out[kind] = [];
    while (out[kind].length < perKind) {
      const c = () => consonants[rng.int(consonants.length)];
      const v = () => vowels[rng.int(vowels.length)];
      const word = rng.next() < 0.5 ? c() + v() + c() + v() : c() + v() + c() + v() + c();
      if (!taken.has(word)) {
        taken.add(word);
        out[kind].push(word);
      }
    }
  }
  return out;
}

function adjectives(s: Sentiment): readonly string[] {
  return s === 'good' ? GOOD_ADJECTIVES : BAD_ADJECTIVES;
}
function verbs(s: Sentiment): readonly string[] {
  return s === 'good' ? GOOD_VERBS : BAD_VERBS;
}

/** A review-like input whose sentiment and topic are both carried by its words. */
function reviewInput(rng: Rng, s: Sentiment, topic: string, heldOutTemplates: boolean): string {
  const n = () => rng.pick(TOPICS[topic]);
  const a = () => rng.pick(adjectives(s));
  const v = () => rng.pick(verbs(s));
  const templates: Array<() => string> = heldOutTemplates
    ? [
      () => `honestly the ${n()} was ${a()} , really ${a()}`,
      () => `this ${n()} is ${a()} and ${a()}`,
      () => `my ${n()} seemed ${a()} today`,
      () => `the ${n()} was ${a()}`,
      () => `i ${v()} the ${n()} , it was ${a()}`,
      () => `a ${a()} ${n()} and a ${a()} ${n()}`,
    ]
    : [
      () => `the ${n()} was ${a()}`,
      () => `the ${n()} was ${a()} and the ${n()} was ${a()}`,
      () => `a ${a()} ${n()} and a ${a()} ${n()}`,
      () => `i ${v()} the ${n()}`,
      () => `i ${v()} the ${n()} , it was ${a()}`,
      () => `${a()} ${n()} , ${a()} ${n()}`,
      () => `what a ${a()} ${n()}`,
      () => `the ${n()} felt ${a()} and ${a()}`,
      () => `we ${v()} this ${n()} , so ${a()}`,
      () => `${a()} ${n()}`,
    ];
  return rng.pick(templates)();
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** One plain-text paragraph about a topic with a (mostly) consistent sentiment. */
function plainParagraph(rng: Rng, nonce: Record<string, string[]>, signs = 0): string {
  if (rng.next() < 0.2) return glossaryParagraph(rng, nonce);
  const topic = rng.pick(TOPIC_NAMES);
  const base: Sentiment = rng.next() < 0.5 ? 'good' : 'bad';
  const sentences: string[] = [];
  const count = 3 + rng.int(6);
  for (let i = 0; i < count; i++) {
    const s: Sentiment = rng.next() < 0.9 ? base : (base === 'good' ? 'bad' : 'good');
    const n = () => rng.pick(TOPICS[topic]);
    const a = () => rng.pick(adjectives(s));
    const forms: Array<() => string> = [
      () => `the ${n()} was ${a()} .`,
      () => `we ${rng.pick(verbs(s))} the ${n()} and the ${n()} .`,
      () => `everyone said the ${n()} was ${a()} and ${a()} .`,
      () => `it was a ${a()} day for the ${n()} .`,
      () => `${rng.pick(s === 'good' ? GOOD_ADVERBS : BAD_ADVERBS)} , we went back to the ${n()} .`,
      () => `the ${topic} news was ${a()} .`,
      () => `${s === 'good' ? HELDOUT_LABELS.positive : HELDOUT_LABELS.negative} words were said about the ${n()} .`,
      () => `people found the ${n()} ${a()} , and the ${n()} ${a()} .`,
      () => `the ${LABEL_POOL[rng.int(LABEL_POOL.length)].toLowerCase()} ${n()} looked ${a()} .`,
    ];
    // "Sign" sentences put the held-out words right after a judgement, as plain text (phase 3).
    const sign = s === 'good' ? HELDOUT_LABELS.positive : HELDOUT_LABELS.negative;
    const judgement = signs > 0 && rng.next() < signs ? reviewInput(rng, s, topic, false) : '';
    sentences.push(judgement && !HELD_OUT_TEXTS.has(judgement)
      ? `${capitalize(judgement)} , a ${sign} sign .`
      : capitalize(rng.pick(forms)()));
  }
  return sentences.join(' ');
}

/** Sentences that tie each nonce word to its kind. */
function glossaryParagraph(rng: Rng, nonce: Record<string, string[]>): string {
  const kind = rng.pick(NONCE_KINDS);
  const w = () => rng.pick(nonce[kind]);
  const sentences: string[] = [];
  const count = 3 + rng.int(5);
  for (let i = 0; i < count; i++) {
    const forms: Array<() => string> = [
      () => `a ${w()} is a kind of ${kind} .`,
      () => `the ${w()} and the ${w()} are both a ${kind} .`,
      () => `in the field we found a ${w()} , a ${w()} and a ${w()} .`,
      () => `every ${w()} is a ${kind} , like the ${w()} .`,
      () => `${w()} ${w()} ${w()} .`,
    ];
    sentences.push(capitalize(rng.pick(forms)()));
  }
  return sentences.join(' ');
}

function plainDocument(rng: Rng, nonce: Record<string, string[]>, signs = 0): string {
  const paragraphs = 1 + rng.int(3);
  return Array.from({ length: paragraphs }, () => plainParagraph(rng, nonce, signs)).join('\n\n');
}

interface Task {
  kind: 'sentiment' | 'topic' | 'nonce';
  classes: string[];
  labels: string[];
  input: (classIndex: number) => string;
  inFields: readonly string[];
  outFields: readonly string[];
}

/** A (good, bad) pair of adjectives as label words, both capitalised or neither. */
function adjectiveLabelPair(rng: Rng): string[] {
  const pair = [rng.pick(GOOD_ADJECTIVES), rng.pick(BAD_ADJECTIVES)];
  return rng.next() < 0.5 ? pair.map(capitalize) : pair;
}

function drawLabels(rng: Rng, k: number, pool: readonly string[]): string[] {
  return rng.shuffle([...pool]).slice(0, k);
}

function makeTask(rng: Rng, nonce: Record<string, string[]>, heldOut: Set<string>, profile: Profile): Task {
  const natural = rng.next() < profile.naturalShare;
  const r = rng.next();
  if (r < profile.sentimentShare) {
    const labels = !natural
      ? drawLabels(rng, 2, profile.labelPool)
      : rng.next() < profile.adjectiveLabels
        ? adjectiveLabelPair(rng)
        : [...rng.pick(NATURAL_SENTIMENT_LABELS)];
    return {
      kind: 'sentiment', classes: ['good', 'bad'], labels,
      input: (c) => {
        for (;;) {
          const text = reviewInput(rng, c === 0 ? 'good' : 'bad', rng.pick(TOPIC_NAMES), false);
          if (!heldOut.has(text)) return text;
        }
      },
      inFields: SENTIMENT_INPUT_FIELDS, outFields: SENTIMENT_OUTPUT_FIELDS,
    };
  }
  if (r < profile.sentimentShare + profile.topicShare) {
    const k = rng.next() < 0.5 ? 2 : rng.next() < 0.6 ? 3 : 4;
    const classes = rng.shuffle([...TOPIC_NAMES]).slice(0, k);
    const labels = natural
      ? classes.map((c) => (rng.next() < 0.5 ? c : capitalize(c)))
      : drawLabels(rng, k, profile.labelPool);
    return {
      kind: 'topic', classes, labels,
      input: (c) => {
        for (;;) {
          const text = reviewInput(rng, rng.next() < 0.5 ? 'good' : 'bad', classes[c], false);
          if (!heldOut.has(text)) return text;
        }
      },
      inFields: TOPIC_INPUT_FIELDS, outFields: TOPIC_OUTPUT_FIELDS,
    };
  }
  const k = rng.next() < 0.6 ? 2 : 3;
  const classes = rng.shuffle([...NONCE_KINDS]).slice(0, k);
  const labels = natural ? classes : drawLabels(rng, k, profile.labelPool);
  return {
    kind: 'nonce', classes, labels,
    input: (c) => Array.from({ length: 1 + rng.int(3) }, () => rng.pick(nonce[classes[c]])).join(' '),
    inFields: NONCE_INPUT_FIELDS, outFields: NONCE_OUTPUT_FIELDS,
  };
}

/** Class sequence for a document: uniform, balanced, or skewed towards one class. */
function classSequence(rng: Rng, k: number, n: number): number[] {
  const mode = rng.next();
  if (mode < 0.3) {
    const seq = Array.from({ length: n }, (_, i) => i % k);
    return rng.shuffle(seq);
  }
  if (mode < 0.5) {
    const major = rng.int(k);
    const p = 0.6 + 0.3 * rng.next();
    return Array.from({ length: n }, () => (rng.next() < p ? major : rng.int(k)));
  }
  return Array.from({ length: n }, () => rng.int(k));
}

function classificationDocument(rng: Rng, nonce: Record<string, string[]>, heldOut: Set<string>, profile: Profile): string {
  const task = makeTask(rng, nonce, heldOut, profile);
  const n = 1 + rng.int(16);
  const noFields = rng.next() < 0.1;
  const inField = rng.pick(task.inFields);
  const outField = rng.pick(task.outFields);
  const mid = rng.next() < 0.6 ? '\n' : ' ';
  const sepDraw = rng.next();
  const sep = sepDraw < 0.5 ? '\n\n' : sepDraw < 0.9 ? '\n' : '\n\n\n';
  // LABEL_MARK before " label" lets the trainer find label positions; it is stripped before encoding.
  const render = (input: string, label: string) =>
    noFields ? `${input} ->${LABEL_MARK} ${label}` : `${inField}: ${input}${mid}${outField}:${LABEL_MARK} ${label}`;
  const parts: string[] = [];
  if (rng.next() < 0.25) parts.push(rng.pick(INSTRUCTIONS[task.kind]));
  for (const c of classSequence(rng, task.classes.length, n)) {
    parts.push(render(task.input(c), task.labels[c]));
  }
  return parts.join(sep);
}

interface HeldOutRow { text: string; label: string }

/** Held-out sentiment rows: balanced, de-duplicated, from templates partly unseen in training. */
function heldOutRows(rng: Rng, count: number, taken: Set<string>): HeldOutRow[] {
  const rows: HeldOutRow[] = [];
  while (rows.length < count) {
    const label = rows.length % 2 === 0 ? '1' : '0';
    const text = reviewInput(rng, label === '1' ? 'good' : 'bad', rng.pick(TOPIC_NAMES), rng.next() < 0.5);
    if (taken.has(text)) continue;
    taken.add(text);
    rows.push({ text, label });
  }
  return rng.shuffle(rows);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1234' },
      docs: { type: 'string', default: '60000' },
      out: { type: 'string', default: '.cache/train' },
      profile: { type: 'string', default: 'phase1' },
      examples: { type: 'string', default: 'examples/data' },
    },
  });
  const seed = Number(values.seed);
  const docs = Number(values.docs);
  if (!Number.isInteger(seed) || !Number.isInteger(docs) || docs <= 0) {
    throw new Error(`generate: --seed and --docs must be integers (got ${values.seed}, ${values.docs})`);
  }
  const rng = createRng(seed);
  const nonce = makeNonceWords(rng, 20);

  const taken = new Set<string>();
  const heldTrain = heldOutRows(rng, 64, taken);
  const heldTest = heldOutRows(rng, 200, taken);
  for (const row of [...heldTrain, ...heldTest]) HELD_OUT_TEXTS.add(row.text);
  const profile = makeProfile(values.profile, nonce);
  // Later phases share the lexicon and held-out rows (drawn above) but gets its own documents.
  const docSeedOffset: Record<string, number> = { phase2: 7919, phase3: 104729, phase4: 1299709 };
  const docRng = values.profile === 'phase1' ? rng : createRng(seed + (docSeedOffset[values.profile] ?? 0));

  const documents: string[] = [];
  let classification = 0;
  for (let i = 0; i < docs; i++) {
    if (docRng.next() < profile.classificationShare) {
      documents.push(classificationDocument(docRng, nonce, taken, profile));
      classification++;
    } else {
      documents.push(plainDocument(docRng, nonce, profile.signs));
    }
  }

  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'corpus.txt'), documents.join(EOT) + EOT);
  writeFileSync(join(values.out, 'lexicon.json'), JSON.stringify({
    seed, profile: values.profile, nonce, labelPool: LABEL_POOL, heldOutLabels: HELDOUT_LABELS,
    naturalSentimentLabels: NATURAL_SENTIMENT_LABELS, topics: Object.keys(TOPICS),
  }, null, 2));
  mkdirSync(values.examples, { recursive: true });
  const jsonl = (rows: HeldOutRow[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(join(values.examples, 'heldout-sentiment.train.jsonl'), jsonl(heldTrain));
  writeFileSync(join(values.examples, 'heldout-sentiment.test.jsonl'), jsonl(heldTest));
  const chars = documents.reduce((s, d) => s + d.length, 0);
  process.stderr.write(`generate: ${docs} documents (${classification} classification), ${chars} characters, seed ${seed}\n`);
}

main();
