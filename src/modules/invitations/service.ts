import { roleAtLeast, type Actor, type Principal, type Role } from '../../platform/auth/principal.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { composeCredential, digest, parseCredential, randomSecret, sameDigest } from '../../platform/auth/secrets.js';
import type { Database } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { normalizeEmail, validatePassword } from '../users/service.js';
import type { CreateInvitationBody, CreatedInvitation, Invitation } from './schema.js';

const TOKEN_KIND = 'inv';
const VALID_DAYS = 7;
export const INVITATION_CREATED = 'invitation.created';

interface InvitationRow {
  id: string;
  tenant_id: string;
  email: string;
  role: Role;
  secret_hash: string;
  invited_by_email: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const SELECT = `select i.*, u.email as invited_by_email from invitations i left join users u on u.id = i.invited_by`;

function statusOf(row: InvitationRow): Invitation['status'] {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  if (row.expires_at.getTime() < Date.now()) return 'expired';
  return 'pending';
}

const present = (row: InvitationRow): Invitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  invitedBy: row.invited_by_email,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  status: statusOf(row),
});

/**
 * Invites an email to the tenant. The link goes out by email through the outbox
 * (a job delivers it) and is also returned once, for admins who share it directly.
 */
export async function createInvitation(
  db: Database,
  principal: Principal,
  actor: Actor,
  body: CreateInvitationBody,
  publicUrl: string,
): Promise<CreatedInvitation> {
  if (body.role === 'owner' ? principal.role !== 'owner' : !roleAtLeast(principal.role, body.role)) {
    throw forbidden('You cannot invite someone with a role above your own');
  }
  const email = normalizeEmail(body.email);
  const secret = randomSecret();
  return db.withTenant(principal.tenantId, async (tx) => {
    const member = await tx.query('select 1 from memberships m join users u on u.id = m.user_id where u.email = $1', [email]);
    if (member.length > 0) throw new AppError('conflict', `${email} is already a member of this tenant`);
    // A new invitation replaces any pending one for the same email.
    await tx.query('update invitations set revoked_at = now() where email = $1 and accepted_at is null and revoked_at is null', [email]);
    const [row] = await tx.query<{ id: string }>(
      `insert into invitations (email, role, secret_hash, invited_by, expires_at)
       values ($1, $2, $3, $4, now() + make_interval(days => $5)) returning id`,
      [email, body.role, digest(secret), principal.type === 'user' ? principal.userId : null, VALID_DAYS],
    );
    const [created] = await tx.query<InvitationRow>(`${SELECT} where i.id = $1`, [row!.id]);
    const [tenant] = await tx.query<{ name: string }>('select name from tenants where id = current_tenant_id()');
    const acceptUrl = `${publicUrl}/accept-invite?token=${encodeURIComponent(composeCredential(TOKEN_KIND, row!.id, secret))}`;
    const invitation = present(created!);
    await recordAudit(tx, actor, {
      action: 'invitation.created',
      entityType: 'invitation',
      entityId: row!.id,
      after: { email, role: body.role },
    });
    await publishEvent(tx, {
      type: INVITATION_CREATED,
      payload: { invitationId: row!.id, email, role: body.role, tenantName: tenant!.name, invitedBy: actor.label, acceptUrl },
      requestId: actor.requestId,
    });
    return { ...invitation, acceptUrl };
  });
}

export async function listInvitations(db: Database, tenantId: string): Promise<{ items: Invitation[] }> {
  const rows = await db.withTenant(tenantId, (tx) => tx.query<InvitationRow>(`${SELECT} order by i.created_at desc limit 500`));
  return { items: rows.map(present) };
}

export async function revokeInvitation(db: Database, tenantId: string, actor: Actor, id: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.query<InvitationRow>(`${SELECT} where i.id = $1`, [id]);
    if (!row) throw notFound('Invitation');
    if (statusOf(row) !== 'pending') return;
    await tx.query('update invitations set revoked_at = now() where id = $1', [id]);
    await recordAudit(tx, actor, {
      action: 'invitation.revoked',
      entityType: 'invitation',
      entityId: id,
      before: { email: row.email, status: 'pending' },
      after: { email: row.email, status: 'revoked' },
    });
  });
}

/** The pending invitation a token names, read through its narrow lookup policy. */
async function pendingInvitation(db: Database, token: string): Promise<InvitationRow & { tenant_name: string }> {
  const parsed = parseCredential(TOKEN_KIND, token);
  const invalid = new AppError('not_found', 'This invitation link is invalid, expired or already used');
  if (!parsed) throw invalid;
  const [row] = await db.withGlobal(
    (tx) =>
      tx.query<InvitationRow & { tenant_name: string }>(
        `select i.*, null as invited_by_email, t.name as tenant_name from invitations i join tenants t on t.id = i.tenant_id where i.id = $1`,
        [parsed.id],
      ),
    { invitationId: parsed.id },
  );
  if (!row || !sameDigest(row.secret_hash, digest(parsed.secret)) || statusOf(row) !== 'pending') throw invalid;
  return row;
}

export async function previewInvitation(db: Database, token: string) {
  const row = await pendingInvitation(db, token);
  const existing = await db.withGlobal((tx) => tx.query('select 1 from users where email = $1', [row.email]));
  return { email: row.email, role: row.role, tenantName: row.tenant_name, existingUser: existing.length > 0 };
}

/**
 * Accepts an invitation: a new email gets an account with the given password, an
 * existing account proves itself with its current password. Returns who joined where.
 */
export async function acceptInvitation(
  db: Database,
  input: { token: string; password: string; name?: string },
  requestId: string,
  ip: string,
) {
  const invitation = await pendingInvitation(db, input.token);
  const [existing] = await db.withGlobal((tx) =>
    tx.query<{ id: string; password_hash: string }>('select id, password_hash from users where email = $1', [invitation.email]),
  );
  let passwordHash: string | undefined;
  if (existing) {
    if (!(await verifyPassword(existing.password_hash, input.password))) {
      throw new AppError('unauthenticated', 'This email already has an account: enter its current password');
    }
  } else {
    validatePassword(input.password);
    passwordHash = await hashPassword(input.password);
  }
  return db.withTenant(invitation.tenant_id, async (tx) => {
    const claimed = await tx.query(
      'update invitations set accepted_at = now() where id = $1 and accepted_at is null and revoked_at is null returning id',
      [invitation.id],
    );
    if (claimed.length === 0) throw new AppError('not_found', 'This invitation link is invalid, expired or already used');
    const [user] = existing
      ? [{ id: existing.id }]
      : await tx.query<{ id: string }>('insert into users (email, name, password_hash) values ($1, $2, $3) returning id', [
          invitation.email,
          input.name?.trim() ?? '',
          passwordHash,
        ]);
    await tx.query('update invitations set accepted_by = $2 where id = $1', [invitation.id, user!.id]);
    await tx.query('insert into memberships (user_id, role) values ($1, $2) on conflict do nothing', [user!.id, invitation.role]);
    const actor: Actor = { type: 'user', id: user!.id, label: invitation.email, requestId, ip };
    await recordAudit(tx, actor, {
      action: 'invitation.accepted',
      entityType: 'invitation',
      entityId: invitation.id,
      after: { email: invitation.email, role: invitation.role },
    });
    return { userId: user!.id, email: invitation.email, tenantId: invitation.tenant_id };
  });
}
