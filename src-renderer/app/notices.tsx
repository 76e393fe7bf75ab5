import { useAppState } from '../state/store-context.tsx';

/** Errors and messages any action raised, bottom right, until dismissed. */
export function Notices() {
  const notices = useAppState((s) => s.app.notices);
  const dismiss = useAppState((s) => s.app.dismiss);
  return (
    <div className="notices" role="status">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} data-testid="notice">
          <span>{n.text}</span>
          <button aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
