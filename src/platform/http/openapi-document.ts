const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The parts of an OpenAPI 3.0 document this file completes. */
interface OpenApiDocument {
  paths?: Record<string, Partial<Record<(typeof METHODS)[number], { operationId?: string; responses?: Record<string, unknown> }>>>;
}

/**
 * A stable operationId from the method and path, for routes that do not name one:
 * `GET /api/v1/users/{id}` is `getUsersById`, `GET /api/v1/properties.csv` is `getPropertiesCsv`.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/v1(?=\/)/, '')
    .split(/[/.]+/)
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(.+)\}$/.exec(segment) ?? /^:(.+)$/.exec(segment);
      return param ? ['by', ...param[1]!.split(/[^A-Za-z0-9]+/)] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join('');
}

/** OpenAPI 3.0 has no tuples: a JSON Schema tuple becomes an array of fixed length whose items are any of the members. */
function describeTuples(node: unknown): void {
  const pending = [node];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null) continue;
    const schema = current as Record<string, unknown>;
    if (Array.isArray(schema.items)) {
      const members = [...new Map((schema.items as unknown[]).map((item) => [JSON.stringify(item), item])).values()];
      schema.items = members.length === 1 ? members[0] : { anyOf: members };
      delete schema.additionalItems;
    }
    pending.push(...Object.values(schema));
  }
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

/**
 * The finishing touches of the generated document: every operation has an operationId
 * and declares the uniform error body for any 4xx and 5xx it does not list itself, and
 * tuples are written the way OpenAPI 3.0 can express them.
 */
export function finishOpenApiDocument<T extends object>(document: T): T {
  for (const [path, item] of Object.entries((document as OpenApiDocument).paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      operation.operationId ??= operationIdOf(method, path);
      const responses = (operation.responses ??= {});
      responses['4XX'] ??= errorResponse('Any other client error, in the uniform error body');
      responses['5XX'] ??= errorResponse('A server error, in the uniform error body (never with internals)');
    }
  }
  describeTuples(document);
  return document;
}
