import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildPromptParts, contentFreeQuery } from '../../src-shared/prompt/template.ts';

/**
 * contentFreeMode against the papers' own prompt builders, re-implemented here in Python as their
 * code writes them: Zhao et al.'s `construct_prompt` (prompt_prefix, q_prefix + x + "\n" + a_prefix +
 * label + "\n\n" per demonstration, the test block ending in a_prefix[:-1]), with the content-free
 * string as the whole test x; and Fei et al.'s, which puts "N/A" into each side of the pair before
 * building x.
 */
const PYTHON = `
import json, sys
def construct_prompt(params, train_sentences, train_labels, test_sentence):
    prompt = params["prompt_prefix"]
    q_prefix = params["q_prefix"]
    a_prefix = params["a_prefix"]
    for s, l in zip(train_sentences, train_labels):
        prompt += q_prefix
        prompt += s + "\\n"
        prompt += a_prefix
        prompt += params["label_dict"][l][0] + "\\n\\n"
    prompt += q_prefix
    prompt += test_sentence + "\\n"
    assert a_prefix[-1] == ' '
    prompt += a_prefix[:-1]
    return prompt

def cb_x(p, h): return p.strip() + "\\n" + "question: " + h + ". true, false, or neither?"
def rte_x(p, h): return p + "\\n" + "question: " + h + " True or False?"

demos = [("The cat sat on the mat.", "A cat sat.", 2), ("It rained all day.", "The sun was out.", 0)]
out = {}
for name, x, q_prefix, labels in [("cb", cb_x, "", {0: ["false"], 1: ["neither"], 2: ["true"]}), ("rte", rte_x, " ", {0: ["False"], 1: ["True"], 2: ["True"]})]:
    params = {"prompt_prefix": "", "q_prefix": q_prefix, "a_prefix": "answer: ", "label_dict": labels}
    train_sentences = [x(p, h) for p, h, _ in demos]
    train_labels = [l for _, _, l in demos]
    for cf in ["N/A", "", "[MASK]"]:
        out[f"{name}/zhao/{cf}"] = construct_prompt(params, train_sentences, train_labels, cf)
        out[f"{name}/fei/{cf}"] = construct_prompt(params, train_sentences, train_labels, x(cf, cf))
sst2 = {"prompt_prefix": "", "q_prefix": "Review: ", "a_prefix": "Sentiment: ", "label_dict": {0: ["Negative"], 1: ["Positive"]}}
for cf in ["N/A", "", "[MASK]"]:
    out[f"sst2/zhao/{cf}"] = construct_prompt(sst2, ["a fine film"], [1], cf)
print(json.dumps(out))
`;

const tasks = {
  cb: { template: '{{premise}}\nquestion: {{hypothesis}}. true, false, or neither?\nanswer: {{label}}', words: { 0: 'false', 1: 'neither', 2: 'true' } },
  rte: { template: ' {{premise}}\nquestion: {{hypothesis}} True or False?\nanswer: {{label}}', words: { 0: 'False', 1: 'True', 2: 'True' } },
};
const demos = [
  { premise: 'The cat sat on the mat.', hypothesis: 'A cat sat.', label: 2 },
  { premise: 'It rained all day.', hypothesis: 'The sun was out.', label: 0 },
];

function prompt(template: string, words: Record<number, string>, cf: string, mode: 'block' | 'fields'): string {
  const parts = buildPromptParts({ instruction: '', template, separator: '\n\n', demos: demos.map((d) => ({ row: d, labelWord: words[d.label] })), query: demos[0] }).prefixParts;
  return parts.join('') + contentFreeQuery(template, cf, mode);
}

describe('content-free prompts', () => {
  const reference = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTHON], { encoding: 'utf8' })) as Record<string, string>;

  it("block mode builds exactly Zhao et al.'s content-free prompts and fields mode exactly Fei et al.'s (CB, RTE)", () => {
    for (const [name, task] of Object.entries(tasks)) {
      for (const cf of ['N/A', '', '[MASK]']) {
        expect(prompt(task.template, task.words, cf, 'block')).toBe(reference[`${name}/zhao/${cf}`]);
        expect(prompt(task.template, task.words, cf, 'fields')).toBe(reference[`${name}/fei/${cf}`]);
      }
    }
    expect(reference['cb/zhao/N/A'].endsWith('\n\nN/A\nanswer:')).toBe(true);
    expect(reference['cb/fei/N/A'].endsWith('\n\nN/A\nquestion: N/A. true, false, or neither?\nanswer:')).toBe(true);
  });

  it('for a one-field template both modes agree with Zhao et al. (SST-2: "Review: \\nSentiment:" for the empty string)', () => {
    const template = 'Review: {{input}}\nSentiment: {{label}}';
    for (const cf of ['N/A', '', '[MASK]']) {
      const parts = buildPromptParts({ instruction: '', template, separator: '\n\n', demos: [{ row: { input: 'a fine film' }, labelWord: 'Positive' }], query: { input: '' } }).prefixParts.join('');
      expect(parts + contentFreeQuery(template, cf, 'block')).toBe(reference[`sst2/zhao/${cf}`]);
      expect(parts + contentFreeQuery(template, cf, 'fields')).toBe(reference[`sst2/zhao/${cf}`]);
    }
    // A one-line template keeps the text after the field: Lu et al.'s "input: x type: y".
    expect(contentFreeQuery('input: {{input}} type: {{label}}', 'N/A', 'block')).toBe('input: N/A type:');
  });
});
