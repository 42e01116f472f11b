import fs from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { AppError } from '../platform/http/errors.js';
import type { App } from '../platform/http/server.js';
import { commands, isCommandName } from './commands.js';
import { readLockHolder } from './data-dir-lock.js';
import type { Runtime } from './runtime.js';

/**
 * Embedded PGlite admits one process per data folder, which holds its lock
 * (data-dir-lock.ts). A server also writes `server.json` (its pid, port and a
 * one-time operator token, readable only by the owner), so that CLI commands
 * started while it runs are sent to it instead of opening the folder a second time.
 * A server killed outright leaves its file behind: it counts only while the lock
 * it names is the one in place.
 */
interface ServerFile {
  pid: number;
  port: number;
  token: string;
  /** The token of the data folder lock this server holds. */
  lock: string;
}

const serverFilePath = (dataDir: string) => path.join(dataDir, 'server.json');

export function writeServerFile(dataDir: string, port: number, token: string, lock: string): ServerFile {
  const file: ServerFile = { pid: process.pid, port, token, lock };
  fs.writeFileSync(serverFilePath(dataDir), JSON.stringify(file), { mode: 0o600 });
  return file;
}

export function removeServerFile(dataDir: string): void {
  fs.rmSync(serverFilePath(dataDir), { force: true });
}

function readServerFile(dataDir: string): ServerFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(serverFilePath(dataDir), 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
}

/** The server file of the process holding the data folder, waiting briefly for a server that is still starting. */
async function currentServer(dataDir: string): Promise<ServerFile> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const holder = readLockHolder(dataDir);
    if (!holder) throw new Error(`The process that held ${dataDir} stopped; run the command again`);
    const server = readServerFile(dataDir);
    if (server?.lock === holder.token) return server;
    if (Date.now() > deadline) {
      throw new Error(
        `${dataDir} is held by process ${holder.pid}, which is not a Real Estate OS server (reos import or another command?)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs an operator command in the server that holds the data folder. */
export async function runInServer(dataDir: string, name: string, args: unknown): Promise<unknown> {
  const server = await currentServer(dataDir);
  const response = await fetch(`http://127.0.0.1:${server.port}/internal/commands/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args ?? {}),
  });
  const body = (await response.json()) as { result?: unknown; error?: { code: string; message: string } };
  if (!response.ok)
    throw new AppError((body.error?.code as never) ?? 'internal', body.error?.message ?? `server answered ${response.status}`);
  return body.result;
}

/** The loopback-only route through which the CLI runs commands in this server. */
export function registerCommandRoute(app: App, runtime: Runtime, token: string): void {
  const expected = Buffer.from(token);
  app.post(
    '/internal/commands/:name',
    {
      schema: { hide: true, params: Type.Object({ name: Type.String() }), body: Type.Object({}, { additionalProperties: true }) },
      config: { public: true, rateLimit: false },
    },
    async (request) => {
      const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '');
      const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
      if (!loopback || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AppError('forbidden', 'Operator commands are accepted only from this machine with the server token');
      }
      const name = request.params.name;
      if (!isCommandName(name)) throw new AppError('not_found', `No command ${name}`);
      const byName = commands as Record<typeof name, (runtime: Runtime, args: unknown) => Promise<unknown>>;
      return { result: await byName[name](runtime, request.body) };
    },
  );
}
