import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from '../../platform/http/contract.js';

export const ColumnMappingSchema = Type.Object(
  {
    headerRow: Type.Integer({ minimum: 1, maximum: 1000, description: 'Row number of the header (1 = first row)' }),
    columns: Type.Record(Type.String({ maxLength: 500 }), Type.String({ maxLength: 40 }), { description: 'Source column header → field' }),
  },
  { additionalProperties: false },
);

export const ImportView = Type.Object({
  id: Uuid,
  listId: Uuid,
  listName: Type.String(),
  fileName: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  status: Type.Union([
    Type.Literal('awaiting_mapping'),
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('completed'),
    Type.Literal('failed'),
  ]),
  error: Nullable(Type.String()),
  mapping: Nullable(ColumnMappingSchema),
  layout: Nullable(Type.String()),
  rowsTotal: Nullable(Type.Integer()),
  rowsDone: Type.Integer(),
  percent: Nullable(Type.Number()),
  rowsPerSecond: Nullable(Type.Integer()),
  etaSeconds: Nullable(Type.Integer()),
  inserted: Type.Integer(),
  merged: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  warnings: Type.Integer({ description: 'Rows imported with at least one value left out (a junk phone, a bad date…); see warnings.csv' }),
  review: Type.Integer({ description: 'Rows that look like an existing property and wait for review' }),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});
export type ImportViewBody = Static<typeof ImportView>;

export const Preview = Type.Object({
  headers: Type.Array(Type.String()),
  rows: Type.Array(Type.Array(Type.String())),
  proposal: Type.Object({
    layout: Type.Object({ name: Type.String(), label: Type.String() }),
    mapping: ColumnMappingSchema,
    unmapped: Type.Array(Type.String()),
  }),
});

export const CreatedImport = Type.Object({ import: ImportView, preview: Preview });

export const FieldCatalog = Type.Object({ items: Type.Array(Type.Object({ field: Type.String(), label: Type.String() })) });

const LookAlikeSide = Type.Object({
  propertyId: Uuid,
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  zip: Nullable(Type.String()),
});

/** A new property that looks like one already there: same ZIP and number, similar street. */
export const LookAlike = Type.Object({
  id: Uuid,
  importId: Nullable(Uuid),
  similarity: Type.Number({ description: 'Trigram similarity of the two street lines, 0–1' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('merged'), Type.Literal('kept_apart')]),
  createdAt: Timestamp,
  incoming: LookAlikeSide,
  existing: LookAlikeSide,
});
export type LookAlike = Static<typeof LookAlike>;

export const LookAlikeDecision = Type.Object(
  { decision: Type.Union([Type.Literal('merge'), Type.Literal('keep_apart')]) },
  { additionalProperties: false },
);
export type LookAlikeDecision = Static<typeof LookAlikeDecision>;
