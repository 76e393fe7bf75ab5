import { useAppState } from '../state/store-context.tsx';

/** The model the view works on, with its provider; a link to the Models view to change it. */
export function ModelBadge() {
  const models = useAppState((s) => s.models);
  const navigate = useAppState((s) => s.app.navigate);
  return (
    <button className="btn btn-small" onClick={() => navigate('models')} title="Change the model in the Models view" data-testid="model-badge">
      model: <strong>{models.activeRef ?? 'none'}</strong>
      {models.details ? <span className="muted"> · {models.details.provider}</span> : null}
    </button>
  );
}
