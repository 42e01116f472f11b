import { Icon } from '../../../components/icons';

const STEPS = ['Upload the file', 'Map the columns', 'Import'] as const;

/** Where the user is in the three steps of an import; 3 once all are done. */
export function ImportSteps({ current }: { current: 0 | 1 | 2 | 3 }) {
  return (
    <ol className="steps" aria-label="Import steps">
      {STEPS.map((label, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'upcoming';
        return (
          <li key={label} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="step-marker" aria-hidden="true">
              {state === 'done' ? <Icon name="check" className="icon icon-sm" /> : index + 1}
            </span>
            <span className="step-label">{label}</span>
          </li>
        );
      })}
    </ol>
  );
}
