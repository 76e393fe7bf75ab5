/**
 * Prompt editor: the task (instruction, template, separator, label words) on the left; on the
 * right the prompt the study will send for the current demonstrations, tokenized by the model's
 * tokenizer, counted against its context, with the model's label scores and split-word warnings.
 */
import { useEffect, useMemo } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { ModelBadge } from '../../components/model-badge.tsx';
import { samplingSettings } from '../examples/examples-slice.ts';
import { useAppState } from '../../state/store-context.tsx';
import { escapeControl, unescapeControl } from './escapes.ts';
import { LabelWordsEditor } from './label-words-editor.tsx';
import { LabelScores } from './label-scores.tsx';
import { renderPrompt } from './render-prompt.ts';
import { TemplateEditor } from './template-editor.tsx';
import { TokenStrip } from './token-strip.tsx';
import './prompt.css';

/** Wait this long after the last keystroke before tokenizing (one request per pause, not per key). */
const PREVIEW_DEBOUNCE_MS = 250;

export function PromptView() {
  const prompt = useAppState((s) => s.prompt);
  const examples = useAppState((s) => s.examples);
  const studyConfig = useAppState((s) => s.study.config);
  const sampling = samplingSettings(studyConfig, examples.previewSeed);
  const modelRef = useAppState((s) => s.models.activeRef);
  const contextLength = useAppState((s) => s.models.details?.contextLength ?? null);
  const openAttention = useAppState((s) => s.attention.openWith);
  const navigate = useAppState((s) => s.app.navigate);
  const refreshPreview = useAppState((s) => s.prompt.refreshPreview);

  const dataset = examples.datasets.find((d) => d.datasetId === examples.activeId) ?? null;
  const pinnedCount = (examples.activeId && examples.pinned[examples.activeId]?.length) || 0;
  const excludedCount = (examples.activeId && examples.excluded[examples.activeId]?.length) || 0;
  const fields = useMemo(() => dataset?.fields ?? ['input'], [dataset]);
  const datasetLabels = useMemo(() => Object.keys(dataset?.labels ?? {}), [dataset]);

  useEffect(() => {
    if (datasetLabels.length > 0 && datasetLabels.join('\u0000') !== prompt.labels.join('\u0000')) prompt.alignLabels(datasetLabels);
  }, [datasetLabels, prompt]);

  const query = useMemo(() => {
    const demoIds = new Set(examples.demonstrations.map((d) => d.id));
    return examples.rows.find((r) => !demoIds.has(r.id)) ?? null;
  }, [examples.demonstrations, examples.rows]);
  const rendered = useMemo(() => renderPrompt(prompt, examples.demonstrations, query, fields), [prompt, examples.demonstrations, query, fields]);

  const labelWordsKey = JSON.stringify(prompt.labelWords);
  useEffect(() => {
    const timer = setTimeout(() => void refreshPreview(), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Re-tokenize when the prompt text, the label words or the model change (the action reads them
    // from the store; they are listed so a change schedules one).
  }, [rendered.text, labelWordsKey, modelRef, refreshPreview]);

  const tokens = prompt.tokens && prompt.tokenizedText === rendered.text ? prompt.tokens : null;
  const limit = tokens?.contextLength ?? contextLength;
  const over = tokens !== null && limit !== null && tokens.count > limit;

  return (
    <div className="ps-prompt-view">
      <header className="view-header">
        <div>
          <h1>Prompt</h1>
          <p>Write the template; the preview is the exact prompt a study sends for the current demonstrations.</p>
        </div>
        <ModelBadge />
      </header>
      <div className="ps-prompt-grid">
        <section className="card stack">
          <h2>Task</h2>
          <label className="field">
            Instruction (before the demonstrations; optional)
            <textarea rows={2} value={prompt.instruction} onChange={(e) => prompt.setInstruction(e.target.value)} data-testid="prompt-instruction" />
          </label>
          <div className="field">
            <span className="ps-field-label">
              Template — <code className="ps-ph ps-ph--input">{'{{input}}'}</code> the text,{' '}
              <code className="ps-ph ps-ph--label">{'{{label}}'}</code> the label word; type <code>{'{{'}</code> for the dataset's fields
            </span>
            <TemplateEditor value={prompt.template} fields={fields} onChange={prompt.setTemplate} />
          </div>
          <label className="field">
            Separator (between demonstrations; \n is a newline)
            <input type="text" value={escapeControl(prompt.separator)} onChange={(e) => prompt.setSeparator(unescapeControl(e.target.value))} data-testid="prompt-separator" />
          </label>
          <LabelWordsEditor labels={prompt.labels} counts={dataset?.labels ?? {}} labelWords={prompt.labelWords} onChange={prompt.setLabelWords} />
          {rendered.problems.length > 0 ? (
            <div className="error-box" role="alert" data-testid="template-problems">
              {rendered.problems.map((p) => (
                <div key={p}>{p}</div>
              ))}
            </div>
          ) : null}
        </section>

        <section className="card stack">
          <div className="row">
            <h2 style={{ margin: 0 }}>Rendered prompt</h2>
            <span className="spacer" />
            <span className={`badge ${over ? 'danger' : tokens ? 'ok' : ''}`} data-testid="token-count">
              {tokens ? `${tokens.count.toLocaleString()} / ${limit?.toLocaleString() ?? '?'} tokens` : prompt.previewLoading ? 'tokenizing…' : 'not tokenized'}
            </span>
            <button
              className="btn btn-small"
              disabled={!rendered.text}
              onClick={() => void openAttention(rendered.text, rendered.spans)}
              data-testid="prompt-open-attention"
              title="Show where the model attends for this prompt"
            >
              Attention…
            </button>
          </div>
          {dataset === null ? (
            <div className="info-box">
              No dataset yet: the preview uses placeholders.{' '}
              <button className="btn btn-small" onClick={() => navigate('examples')}>
                Import one in Examples
              </button>
            </div>
          ) : (
            <p className="muted ps-small">
              {examples.demonstrations.length} demonstrations from <b>{dataset.name}</b> (seed {sampling.seed}, {sampling.sampling}
              {pinnedCount + excludedCount > 0 ? `, ${pinnedCount} pinned, ${excludedCount} excluded` : ''}), in drawn order: a study with these shots and sampling sends exactly this
              prompt for seed {sampling.seed}&apos;s first order. The query is the first other row on the Examples page{query ? ` (${query.id})` : ''}.
            </p>
          )}
          {over ? <div className="error-box">The prompt is longer than the model's context ({limit} tokens): drop demonstrations or shorten the template.</div> : null}
          {/* data-text: the exact characters (the strip shows whitespace as · and ↵). */}
          <div data-testid="prompt-preview" data-text={rendered.text} data-query-id={query?.id ?? ''}>
            {tokens ? <TokenStrip text={rendered.text} pieces={tokens.pieces} /> : <pre className="ps-token-strip ps-token-strip--plain">{rendered.text}</pre>}
          </div>
          <ErrorBox error={prompt.previewError} testId="prompt-preview-error" />
          <ErrorBox error={examples.sampleError} testId="prompt-sample-error" />
          <LabelScores scores={prompt.labelScores} labelWords={prompt.labelWords} />
        </section>
      </div>
    </div>
  );
}
