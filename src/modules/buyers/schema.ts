import { Type, type Static } from '@sinclair/typebox';

const Money = Type.Number({ minimum: 0 });
const Texts = (max: number) => Type.Array(Type.String({ minLength: 1, maxLength: max }), { maxItems: 500 });

export const BuyBoxInput = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  zips: Type.Optional(Texts(10)),
  cities: Type.Optional(Texts(120)),
  propertyTypes: Type.Optional(Texts(60)),
  minPrice: Type.Optional(Money),
  maxPrice: Type.Optional(Money),
  strategies: Type.Optional(Type.Array(Type.Union(['flip', 'rental', 'brrrr', 'new_build', 'wholetail'].map((s) => Type.Literal(s))))),
});
export type BuyBoxInput = Static<typeof BuyBoxInput>;

export const CreateBuyerBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  company: Type.Optional(Type.String({ maxLength: 200 })),
  buyBoxes: Type.Optional(Type.Array(BuyBoxInput, { maxItems: 50 })),
});
export type CreateBuyerBody = Static<typeof CreateBuyerBody>;

export const BuyBox = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  zips: Type.Array(Type.String()),
  cities: Type.Array(Type.String()),
  propertyTypes: Type.Array(Type.String()),
  minPrice: Type.Union([Type.Number(), Type.Null()]),
  maxPrice: Type.Union([Type.Number(), Type.Null()]),
  strategies: Type.Array(Type.String()),
});
export type BuyBox = Static<typeof BuyBox>;

export const Buyer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  company: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  buyBoxes: Type.Array(BuyBox),
  createdAt: Type.String(),
});
export type Buyer = Static<typeof Buyer>;
