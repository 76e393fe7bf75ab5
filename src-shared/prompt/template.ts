/**
 * Prompt templates with `{{field}}` placeholders, and the assembly of a few-shot prompt.
 *
 * A template such as `"Review: {{input}}\nSentiment: {{label}}"` renders one
 * demonstration; the query is the same template cut before `{{label}}` with the
 * trailing whitespace removed, so the prompt ends in `"Sentiment:"` and each label
 * word is scored as the continuation `" " + word` (Zhao et al. 2021;
 * CONTRACT.md "Experiment file").
 */

/** The placeholder the label word goes into. */
export const LABEL_FIELD = 'label';
/** The placeholder for the dataset's mapped text field. */
export const INPUT_FIELD = 'input';

/** A row's values by field name, e.g. `{ input: "a fine film" }` or `{ premise, hypothesis }`. */
export type TemplateRow = Readonly<Record<string, unknown>>;

/** One piece of a parsed template: literal text or a placeholder. */
export type TemplateSegment =
  | { kind: 'text'; text: string; offset: number }
  | { kind: 'field'; name: string; offset: number };

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/**
 * Splits a template into literal text and placeholders.
 *
 * `{{ name }}` (inner spaces allowed) is a placeholder; a `{{` that does not open a valid
 * placeholder is an error, because a typo such as `{{inptu}` would otherwise be sent to
 * the model as literal text.
 */
export function templateSegments(template: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const offset = match.index ?? 0;
    if (offset > last) segments.push({ kind: 'text', text: template.slice(last, offset), offset: last });
    segments.push({ kind: 'field', name: match[1], offset });
    last = offset + match[0].length;
  }
  if (last < template.length) segments.push({ kind: 'text', text: template.slice(last), offset: last });
  for (const segment of segments) {
    if (segment.kind === 'text' && segment.text.includes('{{')) {
      const at = segment.offset + segment.text.indexOf('{{');
      throw new Error(`template has a malformed placeholder at character ${at}: "${template.slice(at, at + 20)}"`);
    }
  }
  return segments;
}

/** The distinct field names a template uses, in order of first appearance (`label` included). */
export function parseTemplate(template: string): string[] {
  const names: string[] = [];
  for (const segment of templateSegments(template)) {
    if (segment.kind === 'field' && !names.includes(segment.name)) names.push(segment.name);
  }
  return names;
}

/**
 * Everything wrong with a template, as one readable line per problem (empty = valid).
 *
 * `availableFields` are the fields the dataset's rows provide (`input` for the mapped
 * text field, or e.g. `premise`, `hypothesis`); `label` is always allowed. Checked:
 * malformed placeholders, a missing or repeated `{{label}}`, no input field, fields the
 * rows lack, and an input field after `{{label}}` (the query is cut at `{{label}}`, so
 * that field would never reach the model for the test example).
 */
export function validateTemplate(template: string, availableFields: readonly string[]): string[] {
  let segments: TemplateSegment[];
  try {
    segments = templateSegments(template);
  } catch (error) {
    return [(error as Error).message];
  }
  const problems: string[] = [];
  const fields = segments.filter((s): s is Extract<TemplateSegment, { kind: 'field' }> => s.kind === 'field');
  const labels = fields.filter((f) => f.name === LABEL_FIELD);
  const inputs = fields.filter((f) => f.name !== LABEL_FIELD);
  if (labels.length === 0) problems.push('template has no {{label}} placeholder');
  if (labels.length > 1) problems.push(`template has {{label}} ${labels.length} times; it must appear once`);
  if (inputs.length === 0) problems.push('template has no input field such as {{input}}');
  const known = new Set(availableFields);
  for (const name of new Set(inputs.map((f) => f.name))) {
    if (!known.has(name)) {
      problems.push(
        `template field {{${name}}} is not a field of the data (available: ${[...known].join(', ') || 'none'})`,
      );
    }
  }
  if (labels.length > 0) {
    const labelAt = labels[0].offset;
    for (const name of new Set(inputs.filter((f) => f.offset > labelAt).map((f) => f.name))) {
      problems.push(`template field {{${name}}} comes after {{label}}; every input field must precede it`);
    }
  }
  return problems;
}

function fieldValue(row: TemplateRow, name: string): string {
  const value = row[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`row has no text for template field {{${name}}}`);
}

function renderSegments(segments: readonly TemplateSegment[], row: TemplateRow, labelWord: string | undefined): string {
  let out = '';
  for (const segment of segments) {
    if (segment.kind === 'text') out += segment.text;
    else if (segment.name === LABEL_FIELD) {
      if (labelWord === undefined) throw new Error('template needs a label word for {{label}}');
      out += labelWord;
    } else out += fieldValue(row, segment.name);
  }
  return out;
}

/**
 * One demonstration: every field from the row, `{{label}}` from the label word.
 *
 * Values are inserted in one pass, so a row text that itself contains `{{label}}` is
 * never re-expanded.
 */
export function renderDemonstration(template: string, row: TemplateRow, labelWord: string): string {
  return renderSegments(templateSegments(template), row, labelWord);
}

/**
 * The query for a test row: the template up to (not including) the first `{{label}}`,
 * rendered, with trailing whitespace removed (`"Review: x\nSentiment:"`).
 */
export function renderQuery(template: string, row: TemplateRow): string {
  const segments = templateSegments(template);
  const cut = segments.findIndex((s) => s.kind === 'field' && s.name === LABEL_FIELD);
  if (cut < 0) throw new Error('template has no {{label}} placeholder');
  return renderSegments(segments.slice(0, cut), row, undefined).trimEnd();
}

/** The label word as the model must continue the query: with one leading space (Zhao et al.). */
export function labelContinuation(word: string): string {
  return ' ' + word;
}

/** How a content-free string stands in for a test input. */
export type ContentFreeMode = 'block' | 'fields';

/**
 * The query for a content-free input.
 *
 * `block` (Zhao et al. 2021, `construct_prompt`): the string replaces the whole input block, from
 * the template's first field to the line break before the answer line (or to the last field's end
 * when the label shares its line), so a premise + hypothesis template gives `"N/A\nanswer:"`.
 * `fields` (Fei et al. 2023): every field is replaced, `"N/A\nquestion: N/A. true, false, or
 * neither?\nanswer:"`. With one field and nothing between it and the answer line both agree.
 */
export function contentFreeQuery(template: string, text: string, mode: ContentFreeMode): string {
  if (mode === 'fields') return renderQuery(template, contentFreeRow(template, text));
  const segments = templateSegments(template);
  const label = segments.find((s) => s.kind === 'field' && s.name === LABEL_FIELD);
  if (!label) throw new Error('template has no {{label}} placeholder');
  const fields = segments.filter((s) => s.kind === 'field' && s.name !== LABEL_FIELD && s.offset < label.offset);
  if (fields.length === 0) throw new Error('template has no input field such as {{input}}');
  const last = fields[fields.length - 1];
  const lastEnd = template.indexOf('}}', last.offset) + 2;
  const breakAt = template.lastIndexOf('\n', label.offset - 1);
  const blockEnd = breakAt >= lastEnd ? breakAt : lastEnd;
  return (template.slice(0, fields[0].offset) + text + template.slice(blockEnd, label.offset)).trimEnd();
}

/**
 * A content-free row: every field the template names (except `label`) set to `text`.
 *
 * This is Fei et al.'s construction for several fields; `contentFreeQuery` gives Zhao et al.'s
 * whole-block one too.
 */
export function contentFreeRow(template: string, text: string): Record<string, string> {
  const row: Record<string, string> = {};
  for (const name of parseTemplate(template)) {
    if (name !== LABEL_FIELD) row[name] = text;
  }
  return row;
}

/** The inputs of {@link buildPromptParts}. */
export interface PromptSpec {
  /** Text before the demonstrations ("" for none). */
  instruction: string;
  template: string;
  /** Text after each demonstration (and after the instruction), e.g. "\n\n". */
  separator: string;
  demos: readonly { row: TemplateRow; labelWord: string }[];
  query: TemplateRow;
}

/** A prompt split where a prefix cache can reuse work: `prefixParts.join('') + suffix` is the prompt. */
export interface PromptParts {
  prefixParts: string[];
  suffix: string;
}

/**
 * Assembles a few-shot prompt as reusable parts.
 *
 * Layout (Zhao et al.'s `construct_prompt`):
 * `instruction ⊕ separator`, then each `demonstration ⊕ separator`, then the query.
 * The instruction part is omitted when the instruction is empty; when the instruction
 * already ends with the separator it is not doubled, so Zhao's prefixes written as
 * `"Classify ... Technology.\n\n"` and the bare sentence give the same prompt. Each
 * demonstration is its own part, including its trailing separator, so the study runner
 * can cache the shared prefix of all test queries of one (demo set, order).
 */
export function buildPromptParts(spec: PromptSpec): PromptParts {
  const { instruction, template, separator, demos, query } = spec;
  const prefixParts: string[] = [];
  if (instruction.length > 0) {
    prefixParts.push(separator.length > 0 && instruction.endsWith(separator) ? instruction : instruction + separator);
  }
  const segments = templateSegments(template);
  for (const demo of demos) prefixParts.push(renderSegments(segments, demo.row, demo.labelWord) + separator);
  return { prefixParts, suffix: renderQuery(template, query) };
}
