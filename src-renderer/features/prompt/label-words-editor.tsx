/**
 * Label words per class: the first word is what demonstrations show; further words, comma
 * separated, are aliases whose probabilities are summed (Zhao et al.'s AGNews "Technology, Science").
 */
import { useEffect, useState } from 'react';
import { parseWordList } from './render-prompt.ts';

export interface LabelWordsEditorProps {
  labels: readonly string[];
  counts: Record<string, number>;
  labelWords: Record<string, string[]>;
  onChange: (label: string, words: string[]) => void;
}

export function LabelWordsEditor({ labels, counts, labelWords, onChange }: LabelWordsEditorProps) {
  if (labels.length === 0) {
    return <p className="muted ps-small">Label words appear here once a dataset is imported (Examples).</p>;
  }
  return (
    <div className="field">
      <span className="ps-field-label">Label words (first one in demonstrations; commas add aliases)</span>
      <table className="data ps-label-words" data-testid="label-words">
        <thead>
          <tr>
            <th>class</th>
            <th>rows</th>
            <th>words</th>
          </tr>
        </thead>
        <tbody>
          {labels.map((label) => (
            <tr key={label}>
              <td>
                <code>{label}</code>
              </td>
              <td className="muted">{counts[label]?.toLocaleString() ?? '–'}</td>
              <td>
                <WordsInput label={label} words={labelWords[label] ?? []} onChange={onChange} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Keeps the typed text (with a trailing comma, say) while the store holds the parsed list. */
function WordsInput({ label, words, onChange }: { label: string; words: string[]; onChange: LabelWordsEditorProps['onChange'] }) {
  const [text, setText] = useState(words.join(', '));
  useEffect(() => {
    // Only outside changes (a new dataset) reset the text: typed text that parses to `words` stays.
    setText((typed) => (parseWordList(typed).join('\u0000') !== words.join('\u0000') ? words.join(', ') : typed));
  }, [words]);
  return (
    <input
      type="text"
      value={text}
      aria-label={`label words for ${label}`}
      data-testid={`label-words-${label}`}
      onChange={(e) => {
        setText(e.target.value);
        onChange(label, parseWordList(e.target.value));
      }}
    />
  );
}
