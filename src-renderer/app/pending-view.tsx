/** Stands in for a view whose feature is not registered yet. */
export function PendingView({ title }: { title: string }) {
  return (
    <div className="card">
      <h2>{title}</h2>
      <p className="muted">This view is not available in this build.</p>
    </div>
  );
}
