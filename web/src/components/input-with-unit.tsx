import type { ReactNode } from 'react';

/**
 * An input with its unit drawn inside the box: "$" before the number, any other
 * unit (%, months, years) after it. Words longer than a symbol get more room.
 */
export function InputWithUnit({ unit, compact, children }: { unit: string; compact?: boolean; children: ReactNode }) {
  if (unit === '$') {
    return (
      <div className={compact ? 'input-prefix input-compact' : 'input-prefix'}>
        <span aria-hidden="true">$</span>
        {children}
      </div>
    );
  }
  return (
    <div className={`input-suffix${unit.length > 2 ? ' input-suffix-wide' : ''}${compact ? ' input-compact' : ''}`}>
      {children}
      <span aria-hidden="true">{unit}</span>
    </div>
  );
}
