/** A labelled progress bar; without a value it shows work of unknown length. */
export function ProgressBar({
  label,
  percent,
  tone = 'primary',
}: {
  label: string;
  percent: number | null;
  tone?: 'primary' | 'success' | 'danger';
}) {
  const value = percent === null ? null : Math.max(0, Math.min(100, percent));
  return (
    <div
      className={`progress progress-${tone}${value === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
    >
      <div className="progress-fill" style={value === null ? undefined : { width: `${value}%` }} />
    </div>
  );
}
