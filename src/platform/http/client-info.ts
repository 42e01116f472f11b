import type { FastifyRequest } from 'fastify';

/** Who sent a request, as sessions and sign-in records keep it. */
export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export function clientOf(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : null, requestId: request.id };
}
