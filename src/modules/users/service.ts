import { roleAtLeast, type Actor, type Principal, type Role } from '../../platform/auth/principal.js';
import { MIN_PASSWORD_LENGTH, hashPassword } from '../../platform/auth/passwords.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/contract.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Member, UpdateMemberBody, Visibility } from './schema.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized) || normalized.length > 320) throw new AppError('validation', `Not a valid email address: ${email}`);
  return normalized;
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('validation', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 1024) throw new AppError('validation', 'Password must be at most 1024 characters');
}

interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  visibility: Visibility;
  joined_at: Date;
}

const MEMBER_SELECT = `select u.id, u.email, u.name, m.role, m.visibility, m.created_at as joined_at
  from memberships m join users u on u.id = m.user_id`;

const present = (row: MemberRow): Member => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  visibility: row.visibility,
  joinedAt: row.joined_at.toISOString(),
});

const isEmailCursor = (value: unknown): value is string => typeof value === 'string';

/** Members of the tenant, by email, keyset-paginated. */
export async function listMembers(db: Database, tenantId: string, query: { limit?: number; cursor?: string }) {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, isEmailCursor);
  if (query.cursor !== undefined && after === undefined) throw new AppError('validation', 'cursor is not valid');
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<MemberRow>(`${MEMBER_SELECT} where ($1::text is null or u.email > $1) order by u.email limit $2`, [after ?? null, limit + 1]),
  );
  const page = rows.slice(0, limit);
  return { items: page.map(present), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.email) : null };
}

async function memberIn(tx: Tx, userId: string): Promise<MemberRow> {
  const [row] = await tx.query<MemberRow>(`${MEMBER_SELECT} where m.user_id = $1`, [userId]);
  if (!row) throw notFound('User');
  return row;
}

export function getMember(db: Database, tenantId: string, userId: string): Promise<Member> {
  return db.withTenant(tenantId, async (tx) => present(await memberIn(tx, userId)));
}

/**
 * Checks that a lead, deal or task may be assigned to this member (null: to no one).
 * A member who sees only what is assigned to them may assign only to themselves:
 * anything else would vanish from their sight on the spot.
 */
export async function assertAssignable(tx: Tx, principal: Principal, assigneeId: string | null): Promise<void> {
  if (assigneeId !== null) {
    const [member] = await tx.query('select 1 from memberships where user_id = $1', [assigneeId]);
    if (!member) throw new AppError('validation', 'The assignee is not a member of this team');
  }
  if (principal.type !== 'user' || assigneeId === principal.userId) return;
  const [row] = await tx.query<{ assigned_only: boolean }>('select reos_sees_assigned_only() as assigned_only');
  if (row?.assigned_only) throw forbidden('You see only your own records, so you can assign them only to yourself');
}

async function assertOwnersRemain(tx: Tx): Promise<void> {
  const [row] = await tx.query<{ owners: number }>(`select count(*)::int as owners from memberships where role = 'owner'`);
  if (!row || row.owners < 1) throw new AppError('conflict', 'A tenant must keep at least one owner');
}

/** Only owners may grant, change or take away the owner role. */
function assertMayManage(principal: Principal, target: Role, next?: Role): void {
  if ((target === 'owner' || next === 'owner') && principal.role !== 'owner') {
    throw forbidden('Only owners can grant or change the owner role');
  }
  if (next && !roleAtLeast(principal.role, next)) throw forbidden('You cannot grant a role above your own');
}

/** Changes a member's role and what they see ("all" or "assigned only"). */
export async function updateMember(
  db: Database,
  principal: Principal,
  actor: Actor,
  userId: string,
  change: UpdateMemberBody,
): Promise<Member> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const before = await memberIn(tx, userId);
    const role = change.role ?? before.role;
    const visibility = change.visibility ?? before.visibility;
    assertMayManage(principal, before.role, change.role);
    if (before.role === role && before.visibility === visibility) return present(before);
    await tx.query('update memberships set role = $2, visibility = $3, updated_at = now() where user_id = $1', [userId, role, visibility]);
    await assertOwnersRemain(tx);
    const after = { ...before, role, visibility };
    await recordAudit(tx, actor, {
      action: before.role === role ? 'membership.visibility_changed' : 'membership.role_changed',
      entityType: 'user',
      entityId: userId,
      before: { email: before.email, role: before.role, visibility: before.visibility },
      after: { email: after.email, role, visibility },
    });
    return present(after);
  });
}

export async function removeMember(db: Database, principal: Principal, actor: Actor, userId: string): Promise<void> {
  await db.withTenant(principal.tenantId, async (tx) => {
    const before = await memberIn(tx, userId);
    assertMayManage(principal, before.role);
    await tx.query('delete from memberships where user_id = $1', [userId]);
    await assertOwnersRemain(tx);
    await recordAudit(tx, actor, {
      action: 'membership.removed',
      entityType: 'user',
      entityId: userId,
      before: { email: before.email, role: before.role },
    });
  });
}

/**
 * Adds a user to a tenant (operator CLI). A new email gets an account with the
 * given password; an existing account keeps its password and gains the membership.
 */
export async function addUser(
  db: Database,
  actor: Actor,
  tenantId: string,
  input: { email: string; password?: string; name?: string; role: Role },
): Promise<{ user: { id: string; email: string }; created: boolean }> {
  const email = normalizeEmail(input.email);
  const [existing] = await db.withGlobal((tx) => tx.query<{ id: string }>('select id from users where email = $1', [email]));
  let passwordHash: string | undefined;
  if (!existing) {
    if (input.password === undefined) throw new AppError('validation', 'A password is needed for a new user');
    validatePassword(input.password);
    passwordHash = await hashPassword(input.password);
  }
  return db.withTenant(tenantId, async (tx) => {
    const [user] = existing
      ? [{ id: existing.id, email }]
      : await tx.query<{ id: string; email: string }>(
          'insert into users (email, name, password_hash) values ($1, $2, $3) returning id, email',
          [email, input.name?.trim() ?? '', passwordHash],
        );
    const inserted = await tx.query('insert into memberships (user_id, role) values ($1, $2) on conflict do nothing returning user_id', [
      user!.id,
      input.role,
    ]);
    if (inserted.length === 0) throw new AppError('conflict', `${email} is already a member of this tenant`);
    await recordAudit(tx, actor, {
      action: 'membership.created',
      entityType: 'user',
      entityId: user!.id,
      after: { email, role: input.role },
    });
    return { user: user!, created: !existing };
  });
}
