/**
 * The run on screen describes itself: its own stored spec, read-only, whatever the form above
 * now says, and a button that copies it into the form (and the Prompt and Examples views).
 */
import { useMemo, useState } from 'react';
import { stringify } from 'yaml';
import { useAppState } from '../../state/store-context.tsx';

export function RunSpecCard({ spec, runName }: { spec: unknown; runName: string }) {
  const copyIntoForm = useAppState((s) => s.study.copyIntoForm);
  const [notes, setNotes] = useState<string[] | null>(null);
  const text = useMemo(() => stringify(spec, { lineWidth: 0 }), [spec]);
  return (
    <details className="ps-run-spec" data-testid="run-spec-card">
      <summary>
        <b>This run's own spec</b> <span className="muted ps-small">(read-only; what "{runName}" ran, whatever the form above says now)</span>
      </summary>
      <pre className="ps-token-strip" data-testid="run-spec">
        {text}
      </pre>
      <div className="row">
        <button className="btn btn-small" onClick={() => setNotes(copyIntoForm(spec))} data-testid="run-spec-copy">
          Copy into the form
        </button>
        {notes !== null ? (
          <span className={notes.length ? 'ps-warn-text ps-small' : 'muted ps-small'} data-testid="run-spec-copy-notes">
            {notes.length ? notes.join('; ') : 'Copied: the form, the prompt and the pins now hold this run\u2019s settings.'}
          </span>
        ) : null}
      </div>
    </details>
  );
}
