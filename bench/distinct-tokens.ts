import { readModelFolder } from '../src-main/engine/model-folder.ts';
import { TextTokenizer } from '../src-main/engine/tokenizer.ts';
import type { BenchCondition } from './study-prompts.ts';

/** Token counts of a set of prompts: what is asked for and what must be computed at least. */
export interface TokenCounts {
  prompts: number;
  /** Sum of every whole prompt's tokens: the work of scoring each prompt from scratch. */
  wholeTokens: number;
  /** Distinct prefix tokens over all orders: nodes of the token trie of the shared prefixes. */
  prefixTrieTokens: number;
  /** Tokens after each prompt's shared prefix. */
  suffixTokens: number;
  /** prefixTrieTokens + suffixTokens: the count of tokens that must be computed. */
  prefixPlusSuffixTokens: number;
  /**
   * Nodes of the token trie of the whole prompts: the true minimum, the ideal used here. Smaller
   * than prefixPlusSuffixTokens by the query tokens that follow the prefix and are the same for
   * every suffix ("\n", "Review", ":"), which scoreNext also computes once per request.
   */
  distinctTokens: number;
}

/** Trie of token ids; a node's children by token id. */
type TrieNode = Map<number, TrieNode>;

/**
 * The count of distinct tokens that must be computed for these prompts (the "ideal").
 *
 * Each whole prompt is tokenized as the engine tokenizes it; its shared prefix is the run of
 * leading tokens it has in common with the tokenized prefix (the same rule scoreNext uses, so a
 * "\n\n" that merges differently at the boundary is counted as suffix). Prefixes go into a trie
 * over all orders, so orders that share their first demonstrations count those tokens once; every
 * suffix token counts, since each test example's query must run over its own prefix.
 */
export function countTokens(modelDir: string, conditions: readonly { prefixParts: string[]; suffixes: readonly string[] }[]): TokenCounts {
  const folder = readModelFolder(modelDir);
  const tokenizer = new TextTokenizer(folder.tokenizerJson, folder.tokenizerConfig);
  const root: TrieNode = new Map();
  const wholeRoot: TrieNode = new Map();
  const counts: TokenCounts = { prompts: 0, wholeTokens: 0, prefixTrieTokens: 0, suffixTokens: 0, prefixPlusSuffixTokens: 0, distinctTokens: 0 };
  for (const condition of conditions) {
    const prefix = condition.prefixParts.join('');
    const prefixIds = tokenizer.encode(prefix, true);
    for (const suffix of condition.suffixes) {
      const ids = tokenizer.encode(prefix + suffix, true);
      let shared = 0;
      while (shared < prefixIds.length && shared < ids.length - 1 && prefixIds[shared] === ids[shared]) shared++;
      counts.prefixTrieTokens += insert(root, ids, shared);
      counts.distinctTokens += insert(wholeRoot, ids, ids.length);
      counts.prompts++;
      counts.wholeTokens += ids.length;
      counts.suffixTokens += ids.length - shared;
    }
  }
  counts.prefixPlusSuffixTokens = counts.prefixTrieTokens + counts.suffixTokens;
  return counts;
}

/** Adds ids[0 .. length) to the trie; returns how many nodes were new. */
function insert(root: TrieNode, ids: readonly number[], length: number): number {
  let added = 0;
  let node = root;
  for (let i = 0; i < length; i++) {
    let child = node.get(ids[i]);
    if (!child) {
      child = new Map();
      node.set(ids[i], child);
      added++;
    }
    node = child;
  }
  return added;
}

/** The first `n` suffixes of every condition: the subset the per-prompt baselines score. */
export function firstSuffixes(conditions: readonly BenchCondition[], n: number): BenchCondition[] {
  return conditions.map((c) => ({ ...c, suffixes: c.suffixes.slice(0, n) }));
}
