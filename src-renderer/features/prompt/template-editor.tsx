/**
 * The template in Monaco: placeholder highlighting, `{{` completion of the dataset's fields, and
 * the shared validator's problems as squiggles.
 */
import { useEffect, useRef } from 'react';
import { Editor, type OnMount } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor/editor/editor.api.js';
import { setUpMonaco } from './monaco-setup.ts';
import { registerTemplateLanguage, templateMarkers, TEMPLATE_LANGUAGE_ID, TEMPLATE_THEME_ID } from './template-language.ts';

setUpMonaco();

export interface TemplateEditorProps {
  value: string;
  fields: readonly string[];
  onChange: (value: string) => void;
  heightPx?: number;
}

export function TemplateEditor({ value, fields, onChange, heightPx = 120 }: TemplateEditorProps) {
  const fieldsRef = useRef(fields);
  fieldsRef.current = fields;
  const monacoRef = useRef<typeof Monaco | null>(null);
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const registration = useRef<Monaco.IDisposable | null>(null);

  const updateMarkers = () => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (monaco && model) monaco.editor.setModelMarkers(model, 'template', templateMarkers(monaco, model, fieldsRef.current));
  };

  // @monaco-editor/react types `monaco` from a path monaco-editor 0.57 no longer exports (so it is
  // untyped there); the refs and registerTemplateLanguage give it the real editor API's type.
  const onMount: OnMount = (editor, monaco) => {
    editorRef.current = editor;
    monacoRef.current = monaco;
    updateMarkers();
  };

  // Markers follow the text and the dataset's fields.
  useEffect(updateMarkers, [value, fields]);
  useEffect(() => () => registration.current?.dispose(), []);

  return (
    <div className="ps-template-editor" data-testid="template-editor">
      <Editor
        height={heightPx}
        language={TEMPLATE_LANGUAGE_ID}
        theme={TEMPLATE_THEME_ID}
        value={value}
        onChange={(v) => onChange(v ?? '')}
        beforeMount={(monaco) => {
          registration.current?.dispose();
          registration.current = registerTemplateLanguage(monaco, () => fieldsRef.current);
        }}
        onMount={onMount}
        options={{
          minimap: { enabled: false },
          lineNumbers: 'on',
          lineNumbersMinChars: 2,
          fontSize: 13,
          wordWrap: 'on',
          scrollBeyondLastLine: false,
          renderWhitespace: 'boundary',
          overviewRulerLanes: 0,
          quickSuggestions: { other: true, comments: false, strings: true },
          automaticLayout: true,
          padding: { top: 6, bottom: 6 },
          fixedOverflowWidgets: true,
        }}
      />
    </div>
  );
}
