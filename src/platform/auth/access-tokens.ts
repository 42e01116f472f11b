import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import { ROLES, type Role } from './principal.js';

const ISSUER = 'real-estate-os';
const AUDIENCE = 'real-estate-os/api';
const TYPE = 'at+jwt';
const ALGORITHM = 'HS256';

/**
 * Who the token speaks for, and with which role and email at the time it was
 * issued: authorization reads the role from here, and every request confirms it
 * against the database (see CredentialCheck), so a changed role ends the token.
 */
export interface AccessClaims {
  userId: string;
  tenantId: string;
  sessionId: string;
  role: Role;
  email: string;
}

/**
 * Short-lived access tokens (RFC 8725 practice): one algorithm, explicit allowlist,
 * typ, issuer, audience and expiry all checked on verify.
 */
export class AccessTokens {
  /** A KeyObject, so the HMAC key is imported once rather than on every verification. */
  private readonly key: KeyObject;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret));
  }

  sign(claims: AccessClaims): Promise<string> {
    return new SignJWT({ tid: claims.tenantId, sid: claims.sessionId, rol: claims.role, email: claims.email })
      .setProtectedHeader({ alg: ALGORITHM, typ: TYPE })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The claims of a valid token, or undefined for any invalid, expired or foreign one. */
  async verify(token: string): Promise<AccessClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: TYPE,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const { sub, tid, sid, rol, email } = payload;
      // Tokens issued before the role was a claim fail here; the client refreshes them.
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string' || typeof email !== 'string') return undefined;
      if (!ROLES.includes(rol as Role)) return undefined;
      return { userId: sub, tenantId: tid, sessionId: sid, role: rol as Role, email };
    } catch (error) {
      if (error instanceof errors.JOSEError) return undefined;
      throw error;
    }
  }
}
