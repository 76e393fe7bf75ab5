import { ExperimentInputError } from '../errors.ts';
import { parseJsonl } from './parse-jsonl.ts';
import type { DatasetRow } from './types.ts';

/**
 * TREC's question files as distributed (`LABEL:fine question ...` per line), read as Zhao et al.'s
 * `load_trec` reads them: the coarse label (NUM, LOC, HUM, DESC, ENTY, ABBR) is the text before the
 * colon, the question is the rest of the line after the first space, with their clean-ups
 * (" 's" -> "'s", "`` " -> '"', " ''" -> '"', " ?" -> "?", " ," -> ","). Fields: input, fine.
 */
export function parseTrec(content: string, fileLabel: string, idPrefix: string): DatasetRow[] {
  const rows: DatasetRow[] = [];
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const match = /^([A-Z]+):(\S+) (.*)$/.exec(raw);
    if (!match) throw new ExperimentInputError(`${fileLabel}:${line}: expected "LABEL:fine question", got ${JSON.stringify(raw.slice(0, 40))}`, 'DATASET_ROW');
    const text = match[3]
      .trim()
      .replaceAll(" 's", "'s")
      .replaceAll('`` ', '"')
      .replaceAll(" ''", '"')
      .replaceAll(' ?', '?')
      .replaceAll(' ,', ',');
    if (text === '') throw new ExperimentInputError(`${fileLabel}:${line}: empty question after the label`, 'DATASET_ROW');
    rows.push({ id: `${idPrefix}:${line}`, line, text, label: match[1], fields: { input: text, text, fine: match[2], label: match[1] } });
  });
  return rows;
}

/**
 * SuperGLUE's JSON Lines (CB, RTE: `premise`, `hypothesis`, `label` such as "entailment"): the fields
 * stay as they are, premise and hypothesis stripped (Zhao et al. strip the premise), and `input` is the
 * premise, for templates that name one field.
 */
export function parseSuperGlue(content: string, fileLabel: string, idPrefix: string): DatasetRow[] {
  return parseJsonl(content, { text: 'premise', label: 'label' }, fileLabel, idPrefix).map((row) => {
    const hypothesis = row.fields.hypothesis;
    if (hypothesis === undefined) throw new ExperimentInputError(`${fileLabel}:${row.line}: missing field "hypothesis"`, 'DATASET_ROW');
    return { ...row, fields: { ...row.fields, premise: row.text, hypothesis: hypothesis.trim() } };
  });
}
