/**
 * The template language in Monaco: `{{input}}`, `{{label}}` and dataset fields highlighted,
 * completion of placeholders, and diagnostics from the shared template validator.
 *
 * A Monarch grammar (Monaco's declarative tokenizer) is enough: templates have no nesting, and
 * the rules match `templateSegments` in src-shared/prompt/template.ts, so what is coloured as a
 * placeholder is exactly what the study runner will substitute.
 */
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { validateTemplate } from '../../../src-shared/prompt/template.ts';

export const TEMPLATE_LANGUAGE_ID = 'promptscope-template';
export const TEMPLATE_THEME_ID = 'promptscope-light';

/** Monarch rules: `{{label}}`, `{{input}}`, `{{other_field}}`, a stray `{{`, escapes like `\n` shown as text. */
export const templateMonarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: 'text',
  tokenizer: {
    root: [
      [/\{\{\s*label\s*\}\}/, 'placeholder.label'],
      [/\{\{\s*input\s*\}\}/, 'placeholder.input'],
      [/\{\{\s*[A-Za-z_][A-Za-z0-9_.-]*\s*\}\}/, 'placeholder.field'],
      [/\{\{/, 'invalid'],
      [/[^{]+/, 'text'],
      [/\{/, 'text'],
    ],
  },
};

/** Colours from the Okabe–Ito palette, so the editor matches the charts. */
export const templateTheme: Monaco.editor.IStandaloneThemeData = {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'placeholder.label', foreground: 'D55E00', fontStyle: 'bold' },
    { token: 'placeholder.input', foreground: '0072B2', fontStyle: 'bold' },
    { token: 'placeholder.field', foreground: '009E73', fontStyle: 'bold' },
    { token: 'invalid', foreground: 'FFFFFF', background: 'D55E00' },
  ],
  colors: {},
};

/**
 * Completion items for the text before the cursor.
 *
 * Offered after `{` or `{{` (or anywhere, on Ctrl+Space), replacing the braces already typed so
 * accepting `input` after `{{` gives `{{input}}`, not `{{{{input}}`.
 */
export function placeholderCompletions(
  linePrefix: string,
  fields: readonly string[],
): { label: string; insertText: string; replaceChars: number; detail: string }[] {
  const match = /(?:\{\{?\s*)?[A-Za-z0-9_.-]*$/.exec(linePrefix);
  const typed = match ? match[0] : '';
  const names = ['input', 'label', ...fields.filter((f) => f !== 'input' && f !== 'label')];
  return names.map((name) => ({
    label: `{{${name}}}`,
    insertText: `{{${name}}}`,
    replaceChars: typed.length,
    detail:
      name === 'label' ? 'the label word (demonstrations); the query stops here'
      : name === 'input' ? 'the dataset text field'
      : 'a dataset field',
  }));
}

/** Registers the language, theme and completion once per Monaco instance; fields come from a getter. */
export function registerTemplateLanguage(monaco: typeof Monaco, getFields: () => readonly string[]): Monaco.IDisposable {
  const disposables: Monaco.IDisposable[] = [];
  if (!monaco.languages.getLanguages().some((l) => l.id === TEMPLATE_LANGUAGE_ID)) {
    monaco.languages.register({ id: TEMPLATE_LANGUAGE_ID });
  }
  disposables.push(monaco.languages.setMonarchTokensProvider(TEMPLATE_LANGUAGE_ID, templateMonarch));
  monaco.editor.defineTheme(TEMPLATE_THEME_ID, templateTheme);
  disposables.push(
    monaco.languages.registerCompletionItemProvider(TEMPLATE_LANGUAGE_ID, {
      triggerCharacters: ['{'],
      provideCompletionItems(model, position) {
        const linePrefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
        const suggestions = placeholderCompletions(linePrefix, getFields()).map((item) => ({
          label: item.label,
          kind: monaco.languages.CompletionItemKind.Variable,
          insertText: item.insertText,
          detail: item.detail,
          range: new monaco.Range(position.lineNumber, position.column - item.replaceChars, position.lineNumber, position.column),
        }));
        return { suggestions };
      },
    }),
  );
  return { dispose: () => disposables.forEach((d) => d.dispose()) };
}

/** Problems of `template` as Monaco markers, each placed on the placeholder it names where possible. */
export function templateMarkers(
  monaco: typeof Monaco,
  model: Monaco.editor.ITextModel,
  fields: readonly string[],
): Monaco.editor.IMarkerData[] {
  const template = model.getValue();
  return validateTemplate(template, fields).map((message) => {
    const field = /\{\{(\w[\w.-]*)\}\}/.exec(message)?.[1];
    const charAt = /at character (\d+)/.exec(message)?.[1];
    let start = 0;
    let end = template.length;
    if (charAt !== undefined) {
      start = Number(charAt);
      end = start + 2;
    } else if (field && field !== 'label' && template.includes(`{{${field}}}`)) {
      start = template.indexOf(`{{${field}}}`);
      end = start + field.length + 4;
    }
    const from = model.getPositionAt(start);
    const to = model.getPositionAt(end);
    return {
      severity: monaco.MarkerSeverity.Error,
      message,
      startLineNumber: from.lineNumber,
      startColumn: from.column,
      endLineNumber: to.lineNumber,
      endColumn: to.column,
    };
  });
}
