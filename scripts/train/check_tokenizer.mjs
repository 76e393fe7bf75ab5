/**
 * Checks that tokenizer.json, loaded by @huggingface/tokenizers (what the engine and
 * transformers.js use), gives exactly the ids the Python trainer's encoder gave.
 *
 * Usage: node scripts/train/check_tokenizer.mjs MODEL_DIR CASES_JSONL
 * CASES_JSONL rows: {"text": "...", "ids": [...]} written by scripts/train/export.py.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

const [dir, casesPath] = process.argv.slice(2);
if (!dir || !casesPath) {
  console.error('usage: node scripts/train/check_tokenizer.mjs MODEL_DIR CASES_JSONL');
  process.exit(2);
}
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')),
  JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')),
);
const cases = readFileSync(casesPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
let bad = 0;
let tokens = 0;
for (const c of cases) {
  const ids = tokenizer.encode(c.text, { add_special_tokens: false }).ids;
  tokens += ids.length;
  if (ids.length !== c.ids.length || ids.some((id, i) => id !== c.ids[i])) {
    if (bad < 3) console.error(`mismatch for ${JSON.stringify(c.text.slice(0, 80))}: js ${ids.slice(0, 12)} py ${c.ids.slice(0, 12)}`);
    bad++;
  }
  const text = tokenizer.decode(ids);
  if (text !== c.text) {
    if (bad < 3) console.error(`round trip differs for ${JSON.stringify(c.text.slice(0, 80))}`);
    bad++;
  }
}
console.log(JSON.stringify({ cases: cases.length, tokens, mismatches: bad }));
process.exit(bad === 0 ? 0 : 1);
