import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, Timestamp, Uuid } from '../../platform/http/contract.js';
import { BoardQuery, DEAL_SORTS } from '../deals/schema.js';

export const SCREENS = ['deals'] as const;
export const SCOPES = ['personal', 'shared'] as const;
export const LAYOUTS = ['board', 'table'] as const;

/** The filters the deals screen applies to its board and its table alike: the board's own, so both lists stay one. */
export const DealViewFilters = Type.Omit(BoardQuery, ['limit'], {
  additionalProperties: false,
  description: 'Filters of the deals board and table (assigneeId, source, tag, temperature, dealType); no other key',
});
export type DealViewFilters = Static<typeof DealViewFilters>;

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const Scope = OneOf(SCOPES, 'personal: only its creator sees it; shared: the whole team');
const Layout = OneOf(LAYOUTS);
/** The table's sorts of the deals list; "position" is the board's own order, not a sort to save. */
const Sort = Type.Union([Type.Exclude(OneOf(DEAL_SORTS), Type.Literal('position')), Type.Null()], {
  description: "The table's sort; null: the screen's default",
});

export const SavedView = Type.Object({
  id: Uuid,
  screen: OneOf(SCREENS),
  name: Type.String(),
  scope: Scope,
  layout: Layout,
  pipelineId: Nullable(Uuid),
  filters: DealViewFilters,
  sort: Sort,
  createdBy: Nullable(Uuid),
  canEdit: Type.Boolean({ description: 'Whether the caller may rename, update or delete it' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SavedView = Static<typeof SavedView>;

export const SavedViewQuery = Type.Object({ screen: OneOf(SCREENS) }, { additionalProperties: false });
export type SavedViewQuery = Static<typeof SavedViewQuery>;

export const CreateSavedViewBody = Type.Object(
  {
    screen: OneOf(SCREENS),
    name: Name,
    scope: Scope,
    layout: Layout,
    pipelineId: Type.Optional(Nullable(Uuid)),
    filters: Type.Optional(DealViewFilters),
    sort: Type.Optional(Sort),
  },
  { additionalProperties: false },
);
export type CreateSavedViewBody = Static<typeof CreateSavedViewBody>;

export const UpdateSavedViewBody = Type.Object(
  {
    name: Type.Optional(Name),
    scope: Type.Optional(Scope),
    layout: Type.Optional(Layout),
    pipelineId: Type.Optional(Nullable(Uuid)),
    filters: Type.Optional(DealViewFilters),
    sort: Type.Optional(Sort),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSavedViewBody = Static<typeof UpdateSavedViewBody>;
