import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, Uuid } from '../../platform/http/contract.js';

export const SEARCH_TYPES = ['property', 'owner', 'lead', 'deal', 'contact'] as const;

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200, description: 'Address, name, phone or e-mail; every word must start a word' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'Results per type' })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResult = Type.Object({
  type: OneOf(SEARCH_TYPES),
  id: Uuid,
  title: Type.String(),
  subtitle: Nullable(Type.String()),
  /** Where the result opens: the property of an owner, the deal of a contact. */
  propertyId: Nullable(Uuid),
  dealId: Nullable(Uuid),
});
export type SearchResult = Static<typeof SearchResult>;
