import { randomBytes } from 'node:crypto';
import { systemActor } from '../platform/auth/principal.js';
import { createTenant, findTenant } from '../modules/tenants/service.js';
import type { Runtime } from './runtime.js';

export const DEMO_SLUG = 'demo';
export const DEMO_EMAIL = 'admin@demo.reos.local';

export interface DemoResult {
  created: boolean;
  tenant: { id: string; slug: string; name: string };
  /** Only when the tenant was created now: the password is never stored in clear, so it is shown once. */
  admin?: { email: string; password: string };
}

/** Creates the demo tenant and its admin once; later calls report that it exists. */
export async function ensureDemoTenant(runtime: Runtime): Promise<DemoResult> {
  const existing = await findTenant(runtime.db, DEMO_SLUG);
  if (existing) return { created: false, tenant: existing };
  const password = randomBytes(12).toString('base64url');
  const { tenant } = await createTenant(runtime.db, systemActor('demo'), {
    name: 'Demo Realty',
    slug: DEMO_SLUG,
    adminEmail: DEMO_EMAIL,
    adminPassword: password,
    adminName: 'Demo Admin',
  });
  return { created: true, tenant, admin: { email: DEMO_EMAIL, password } };
}

export function demoBanner(result: DemoResult, url: string): string {
  if (!result.admin) return `Demo tenant "${result.tenant.name}" already exists (its admin password was shown when it was created).`;
  return [
    '',
    '  ┌──────────────────────────────────────────────────────────────',
    `  │ Demo tenant "${result.tenant.name}" created. Sign in at ${url}`,
    `  │   email:    ${result.admin.email}`,
    `  │   password: ${result.admin.password}`,
    '  │ This password is shown only once.',
    '  └──────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}
