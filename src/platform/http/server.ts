import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { STATUS_CODES as HTTP_REASONS } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import FindMyWay from 'find-my-way';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { Metrics } from '../observability/metrics.js';
import { registerAuthentication, type Authenticate } from './authentication.js';
import { AppError, ERROR_STATUS, ErrorBody, errorBody, type ErrorCode } from './errors.js';
import { registerIdempotency } from './idempotency.js';
import { registerInputGuard } from './input-guard.js';
import { finishOpenApiDocument } from './openapi-document.js';
import { describeValidationErrors, validatorCompiler } from './validation.js';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface HttpServerOptions {
  config: Config;
  db: Database;
  metrics: Metrics;
  authenticate: Authenticate;
  /** Built web UI to serve at `/`; skipped when the folder does not exist. */
  webDir?: string;
  logger: FastifyBaseLogger;
  version: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's default: a longer path segment is refused before routing. */
const MAX_PARAM_LENGTH = 100;

const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="40" height="40"><rect width="32" height="32" rx="7" fill="#4f46e5"/>' +
    '<path d="M8 15.5 16 9l8 6.5V24a1 1 0 0 1-1 1h-4.5v-5.5h-5V25H9a1 1 0 0 1-1-1z" fill="#fff"/></svg>',
);

/**
 * The Fastify instance with every cross-cutting concern: request ids, JSON logs,
 * security headers, CORS, rate limits, authentication and roles, idempotency,
 * metrics, OpenAPI, the uniform error body and the web UI. Modules add routes.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<App> {
  const { config, db, metrics } = options;
  const app = Fastify({
    loggerInstance: options.logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: config.bodyLimitBytes,
    // Client addresses drive rate limits and sign-in throttling: only named proxies may set them.
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Answered before routing (bad escapes, over-long segments) or by Node's parser: still the uniform body.
    frameworkErrors: (error, request, reply) => void handleError(error, request, reply),
    clientErrorHandler: (error, socket) => answerClientError(error, socket, options.logger),
    // Requests arriving while the server closes are refused by the hook below, in the uniform body.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) throw new AppError('unavailable', 'The server is shutting down; retry on another instance or in a moment');
  });

  const allowedMethodsOf = trackRoutesByPath(app);
  app.setValidatorCompiler(validatorCompiler);
  app.addSchema(ErrorBody);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes get the app; a missing asset (an old build's file) is a plain 404.
    const isPage = request.method === 'GET' && !isApiPath(request.url) && !request.url.startsWith('/assets/');
    if (options.webDir && isPage && fs.existsSync(path.join(options.webDir, 'index.html'))) {
      return reply.type('text/html').sendFile('index.html');
    }
    const route = `${request.method} ${request.url.split('?')[0]}`;
    const allowed = allowedMethodsOf(request.url);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      throw new AppError('method_not_allowed', `No route ${route}; this path takes ${allowed.join(', ')}`);
    }
    throw new AppError('not_found', `No route ${route}`);
  });
  registerInputGuard(app);
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cors, {
    origin: config.corsOrigins.length === 0 ? false : config.corsOrigins.includes('*') ? true : config.corsOrigins,
    credentials: false,
    exposedHeaders: ['x-request-id', 'retry-after', 'idempotent-replayed'],
    // A bare OPTIONS request (no Origin) is answered like a preflight instead of with a plain-text 400.
    strictPreflight: false,
  });
  // Per-IP limits run before authentication, so credential stuffing is throttled too;
  // per-tenant limits run after it, once the tenant is known.
  await app.register(rateLimit, { global: false });
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: config.rateLimitPerIpPerMinute,
      timeWindow: 60_000,
      // Probes and scrapes must never be throttled away.
      allowList: (request) => ['/healthz', '/readyz', '/metrics'].includes(request.url),
      errorResponseBuilder: (_request, context) =>
        new AppError(
          'rate_limited',
          `Too many requests from this address; retry in ${Math.ceil(context.ttl / 1000)} s`,
          undefined,
          Math.ceil(context.ttl / 1000),
        ),
    }),
  );
  const tenantLimit = app.createRateLimit({
    max: config.rateLimitPerTenantPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `tenant:${request.principal?.tenantId}`,
  });

  registerAuthentication(app, db, options.authenticate, async (request) => {
    const result = await tenantLimit(request);
    if (!result.isAllowed && result.isExceeded) {
      throw new AppError(
        'rate_limited',
        `Too many requests for this tenant; retry in ${result.ttlInSeconds} s`,
        undefined,
        result.ttlInSeconds,
      );
    }
  });
  registerIdempotency(app, db);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Real Estate OS API',
        version: options.version,
        description:
          'Every route under /api/v1 takes `Authorization: Bearer <access token or API key>` unless marked otherwise. ' +
          'Errors share one body: `{"error": {"code", "message", "details"?, "requestId"}}`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /api/v1/auth/login, or an API key' },
        },
      },
      security: [{ bearer: [] }],
      servers: [{ url: '/', description: 'This server' }],
    },
    transformObject: (document) => ('openapiObject' in document ? finishOpenApiDocument(document.openapiObject) : document.swaggerObject),
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Swagger UI sets inline styles; allow those on its pages only, nothing from other hosts.
    transformStaticCSP: (header) => header.replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'"),
    logo: { type: 'image/svg+xml', content: LOGO, href: '/' },
    uiConfig: { deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  if (options.webDir && fs.existsSync(options.webDir)) {
    await app.register(fastifyStatic, { root: options.webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  return app;
}

function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url === '/api' || ['/healthz', '/readyz', '/metrics', '/openapi.json'].some((p) => url.startsWith(p));
}

/**
 * Every route by method and path, to tell a wrong method on a known path (405 with
 * Allow) from a path nothing serves (404). The CORS preflight route matches every
 * path and says nothing about it, so it is left out.
 */
function trackRoutesByPath(app: App): (url: string) => string[] {
  const router = FindMyWay({ maxParamLength: MAX_PARAM_LENGTH });
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (route.url === '*' || route.url === '/*') return;
    for (const method of [route.method].flat()) {
      router.on(method as FindMyWay.HTTPMethod, route.url, () => undefined);
      methods.add(method);
    }
  });
  return (url) => [...methods].filter((method) => router.find(method as FindMyWay.HTTPMethod, url) !== null).sort();
}

/** Fastify's own errors: the code they answer with, and a message in our words where theirs would echo raw input. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'bad_request', message: 'Malformed JSON body' },
  FST_ERR_BAD_URL: { code: 'bad_request', message: 'The URL path has malformed percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'uri_too_long', message: `A path segment is longer than ${MAX_PARAM_LENGTH} characters` },
};

/** The multipart parser reports an unreadable body with plain errors; their messages are all it gives. */
const MALFORMED_MULTIPART = /^Multipart: Boundary not found$|^Boundary required$|unexpected end of multipart data$|^The needle cannot/i;

/** Node answers these before any request exists; the answer still carries the uniform body and a request id. */
const CLIENT_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'headers_too_large', message: 'The request line and headers are larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'request_timeout', message: 'The request did not arrive in time' },
};

function answerClientError(error: Error & { code?: string }, socket: Socket, log: FastifyBaseLogger): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { code, message } = CLIENT_ERRORS[error.code ?? ''] ?? { code: 'bad_request', message: 'The request is not valid HTTP' };
  const requestId = randomUUID();
  const status = ERROR_STATUS[code];
  const body = JSON.stringify(errorBody(code, message, requestId));
  log.info({ requestId, code, err: error.code }, 'request rejected before parsing');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${HTTP_REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const STATUS_CODES = Object.fromEntries(
  Object.entries(ERROR_STATUS)
    .map(([code, status]) => [status, code as ErrorCode])
    .reverse(),
) as Record<number, ErrorCode>;

function handleError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  let code: ErrorCode;
  let message = error.message;
  let details: unknown;
  if (error instanceof AppError) {
    code = error.code;
    details = error.details;
    if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
  } else if (error.validation) {
    code = 'validation';
    details = describeValidationErrors(error.validation as never, error.validationContext ?? 'body');
    message =
      `Invalid ${error.validationContext ?? 'request'}: ` +
      (details as { field: string; message: string }[]).map((d) => `${d.field} ${d.message}`).join('; ');
  } else if (error.code && FASTIFY_CODES[error.code]) {
    const known = FASTIFY_CODES[error.code]!;
    code = known.code;
    message = known.message ?? (error instanceof SyntaxError ? 'Malformed JSON body' : message);
  } else if (error instanceof SyntaxError && error.statusCode === 400) {
    code = 'bad_request';
    message = 'Malformed JSON body';
  } else if (MALFORMED_MULTIPART.test(error.message) && !error.statusCode) {
    code = 'bad_request';
    message = 'The multipart/form-data body is malformed';
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    code = STATUS_CODES[error.statusCode] ?? 'bad_request';
  } else {
    code = 'internal';
    message = 'Internal server error';
    request.log.error({ err: error }, 'unhandled error');
  }
  const status = ERROR_STATUS[code];
  if (status < 500) request.log.info({ code, message }, 'request rejected');
  return reply
    .code(status)
    .header('x-request-id', request.id)
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message, request.id, details));
}
