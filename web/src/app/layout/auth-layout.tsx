import type { ReactNode } from 'react';
import { BrandMark } from '../../components/icons';

/** The centred card of the signed-out pages. */
export function AuthLayout({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <BrandMark />
          <span>Real Estate OS</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="auth-subtitle">{subtitle}</p>}
        {children}
      </div>
      <p className="auth-footer">Self-hosted · Your data stays on your servers</p>
    </main>
  );
}
