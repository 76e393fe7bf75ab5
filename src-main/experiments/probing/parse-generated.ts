import { LABEL_FIELD, templateSegments } from '../../../src-shared/prompt/template.ts';

/** The examples found in one generated text. */
export interface ParsedGeneration {
  /** Each complete example's fields (the label's excepted), trimmed, in text order. */
  rows: Record<string, string>[];
  /** Openings of the template that never reached the end of their answer line (cut by maxTokens, or malformed). */
  incomplete: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Lu et al. 2022's template parsing (`augment.py`): the generation prompt ends in the template's
 * opening text, so `opening + continuation` is read as a run of examples written in the template.
 *
 * The template becomes a pattern: its literal text as written, except that spaces at either end of
 * a literal piece match any number of spaces (Lu's generation prompt strips the opening's trailing
 * space, and the model may write one or none); every field is the shortest text up to the next
 * literal, never across the separator or the template's opening text (Lu's `.*?` may run over
 * several examples; a field holding either is not one input but the start of another); the label is the rest of its line, and the example counts only
 * when that line ends (a line break or the separator follows), as Lu's pattern ends in `\n`. A field
 * that opens the template starts where the previous example ended. What did not parse is counted:
 * each opening of the template (its first literal, trimmed) outside a complete example, or, for a
 * template that opens with a field, each non-blank piece between separators outside one.
 */
export function parseGenerated(template: string, separator: string, text: string): ParsedGeneration {
  const segments = templateSegments(template);
  const labelAt = segments.findIndex((s) => s.kind === 'field' && s.name === LABEL_FIELD);
  if (labelAt < 0) throw new Error('probing: the template has no {{label}}, so generated examples cannot be told apart');
  const opening = segments[0].kind === 'text' ? segments[0].text.trim() : '';
  const stops = [...(separator.trim() === '' && !separator.includes('\n') ? [] : [separator]), ...(opening ? [opening] : [])];
  const guard = stops.length ? `(?!${stops.map(escape).join('|')})` : '';
  const names: string[] = [];
  let pattern = '';
  segments.forEach((s, i) => {
    if (s.kind === 'text') {
      const lead = s.text.match(/^ */)![0].length;
      const trail = s.text.length - lead === 0 ? 0 : s.text.match(/ *$/)![0].length;
      const core = s.text.slice(lead, s.text.length - trail);
      pattern += (lead > 0 ? ' *' : '') + escape(core) + (trail > 0 ? ' *' : '');
    } else if (i === labelAt) {
      pattern += '([^\\n]*?)';
    } else if (i < labelAt) {
      names.push(s.name);
      pattern += `((?:${guard}[\\s\\S])*?)`;
    } else {
      throw new Error(`probing: the template has the field {{${s.name}}} after {{label}}; generated examples cannot be parsed`);
    }
  });
  pattern += `(?=\\n${separator ? `|${escape(separator)}` : ''})`;
  const rows: Record<string, string>[] = [];
  let incomplete = 0;
  let last = 0;
  const countGap = (gap: string) => {
    if (opening) incomplete += gap.split(opening).length - 1;
    else incomplete += (separator ? gap.split(separator) : [gap]).filter((piece) => piece.trim() !== '').length;
  };
  for (const match of text.matchAll(new RegExp(pattern, 'g'))) {
    countGap(text.slice(last, match.index));
    last = match.index + match[0].length;
    const row: Record<string, string> = {};
    let group = 1;
    segments.forEach((s, i) => {
      if (s.kind !== 'field') return;
      const value = match[group++];
      if (i !== labelAt && !(s.name in row)) row[s.name] = value.trim();
    });
    rows.push(row);
  }
  countGap(text.slice(last));
  return { rows, incomplete };
}

/** The template's text before its first field, trailing spaces removed: the generation prompt ends in it (Lu's `prefix.strip(" ")`). */
export function templateOpening(template: string): string {
  const first = templateSegments(template)[0];
  return first.kind === 'text' ? first.text.replace(/ +$/, '') : '';
}
