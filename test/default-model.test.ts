/**
 * The committed embedded model: files match the manifest's SHA-256 (so a stale or half-updated
 * folder is caught), the config is GPT-2, and the held-out task's label words are single tokens
 * under the tokenizer the engine uses, which first-token label scoring relies on.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', 'resources', 'models', 'default');
const readJson = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, name), 'utf8'));

describe('embedded default model', () => {
  it('matches the SHA-256 recorded in its manifest', () => {
    const files = readJson('manifest.json').files as Record<string, string>;
    expect(Object.keys(files)).toContain('onnx/model.onnx');
    for (const [name, sha] of Object.entries(files)) {
      const actual = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
      expect({ name, sha: actual }).toEqual({ name, sha });
    }
  });

  it('is a GPT-2 config whose vocabulary matches the tokenizer', () => {
    const config = readJson('config.json');
    expect(config.model_type).toBe('gpt2');
    const tokenizerJson = readJson('tokenizer.json') as { model: { vocab: Record<string, number> } };
    expect(Object.keys(tokenizerJson.model.vocab).length).toBe(config.vocab_size);
  });

  it('encodes the held-out label words as one token each and round-trips text', () => {
    const tokenizer = new Tokenizer(readJson('tokenizer.json'), readJson('tokenizer_config.json'));
    const positive = tokenizer.encode(' Positive', { add_special_tokens: false }).ids;
    const negative = tokenizer.encode(' Negative', { add_special_tokens: false }).ids;
    expect(positive).toHaveLength(1);
    expect(negative).toHaveLength(1);
    expect(positive[0]).not.toBe(negative[0]);
    const text = 'Review: the soup was wonderful\nSentiment: Positive';
    expect(tokenizer.decode(tokenizer.encode(text, { add_special_tokens: false }).ids)).toBe(text);
  });

  it('ships held-out data with disjoint, balanced train and test sentences', () => {
    const rows = (name: string) => readFileSync(join(import.meta.dirname, '..', 'examples', 'data', name), 'utf8')
      .trim().split('\n').map((line) => JSON.parse(line) as { text: string; label: string });
    const train = rows('heldout-sentiment.train.jsonl');
    const test = rows('heldout-sentiment.test.jsonl');
    const trainTexts = new Set(train.map((r) => r.text));
    expect(test.filter((r) => trainTexts.has(r.text))).toEqual([]);
    expect(test.filter((r) => r.label === '1').length).toBe(test.length / 2);
  });
});
