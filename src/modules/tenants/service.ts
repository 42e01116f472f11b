import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/principal.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { normalizeEmail, validatePassword } from '../users/service.js';
import { seedDefaultPipelines } from '../deals/service.js';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
}

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || 'team';
}

async function freeSlug(tx: Tx, base: string): Promise<string> {
  const taken = await tx.query<{ slug: string }>(`select slug from tenants where slug = $1 or slug like $1 || '-%'`, [base]);
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface CreateTenantInput {
  name: string;
  slug?: string;
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
}

/**
 * Creates a tenant and its first owner in one transaction. An existing user may
 * become the owner of a new tenant only by giving their current password.
 */
export async function createTenant(db: Database, actor: Actor, input: CreateTenantInput) {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new AppError('validation', 'Tenant name must be 1 to 200 characters');
  const email = normalizeEmail(input.adminEmail);
  if (input.slug !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.slug)) {
    throw new AppError('validation', 'Slug must be lowercase letters, digits and dashes');
  }
  const existing = await db.withGlobal((tx) =>
    tx.query<{ id: string; password_hash: string }>('select id, password_hash from users where email = $1', [email]),
  );
  let passwordHash: string | undefined;
  if (existing[0]) {
    if (!(await verifyPassword(existing[0].password_hash, input.adminPassword))) {
      throw new AppError('conflict', `A user ${email} already exists with a different password`);
    }
  } else {
    validatePassword(input.adminPassword);
    passwordHash = await hashPassword(input.adminPassword);
  }

  const tenantId = randomUUID();
  return db.withTenant(tenantId, async (tx) => {
    const slug = input.slug ?? (await freeSlug(tx, slugify(name)));
    const [tenant] = await tx.query<Tenant>(
      'insert into tenants (id, slug, name) values ($1, $2, $3) on conflict (slug) do nothing returning id, slug, name',
      [tenantId, slug, name],
    );
    if (!tenant) throw new AppError('conflict', `Slug ${slug} is taken`);
    const [user] = existing[0]
      ? await tx.query<{ id: string; email: string }>('select id, email from users where id = $1', [existing[0].id])
      : await tx.query<{ id: string; email: string }>(
          'insert into users (email, name, password_hash) values ($1, $2, $3) returning id, email',
          [email, input.adminName?.trim() ?? '', passwordHash],
        );
    await tx.query(`insert into memberships (user_id, role) values ($1, 'owner')`, [user!.id]);
    await seedDefaultPipelines(tx);
    await recordAudit(tx, actor, { action: 'tenant.created', entityType: 'tenant', entityId: tenant.id, after: { ...tenant } });
    await recordAudit(tx, actor, {
      action: 'membership.created',
      entityType: 'user',
      entityId: user!.id,
      after: { email: user!.email, role: 'owner' },
    });
    return { tenant, user: user! };
  });
}

/** A tenant by slug or id; undefined when there is none. */
export async function findTenant(db: Database, slugOrId: string): Promise<Tenant | undefined> {
  const [tenant] = await db.withGlobal((tx) =>
    tx.query<Tenant>('select id, slug, name from tenants where slug = $1 or id::text = $1', [slugOrId]),
  );
  return tenant;
}
