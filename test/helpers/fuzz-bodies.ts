import fc from 'fast-check';
import { ELEMENT_CODES } from '../../server/indicators/types.js';
import { CHOICE_DIMENSIONS, PROFILE_OPTIONS } from '../../server/vocabulary/profile.js';
import { enc, nastyText, piece } from './fuzz-text.js';

// The bodies of the fuzz (issue 12): a valid survey form with a few of its fields spoiled (set to
// nasty text, repeated, dropped, or joined by unknown fields), as a form or as JSON, a kiosk's JSON
// answer spoiled with any JSON value, or not a form or JSON at all.

const FIELDS = [
  ...ELEMENT_CODES,
  ...CHOICE_DIMENSIONS,
  'age',
  'age_na',
  'comment',
  'idem',
  'website',
  'endstate',
  'service',
  'given_at',
  'lang',
  '_csrf',
  'email',
  'password',
  'pin',
];

/** A valid survey form (every field a browser sends), as [name, value] pairs. */
const validForm: fc.Arbitrary<Array<[string, string]>> = fc
  .record({
    answers: fc.array(fc.constantFrom('1', '2', '3', '4', ''), { minLength: ELEMENT_CODES.length, maxLength: ELEMENT_CODES.length }),
    gender: fc.constantFrom(...PROFILE_OPTIONS.gender, 'na', ''),
    education: fc.constantFrom(...PROFILE_OPTIONS.education, ''),
    occupation: fc.constantFrom(...PROFILE_OPTIONS.occupation, 'na'),
    disability: fc.constantFrom(...PROFILE_OPTIONS.disability, ''),
    age: fc.oneof(fc.integer({ min: 10, max: 120 }).map(String), fc.constant('')),
    comment: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 3, arbitrary: nastyText }),
    idem: fc.uuid(),
    // how the visit ended (asked by some services); not served with no element answered: an unrated visit
    endstate: fc.constantFrom('', 'full', 'partial', 'not_served', 'gave_up', 'na'),
    unrated: fc.boolean(),
  })
  .map((f) => [
    ...ELEMENT_CODES.map((c, i): [string, string] => [c, f.unrated && f.endstate !== '' ? '' : f.answers[i]!]),
    ['endstate', f.endstate],
    ['gender', f.gender],
    ['education', f.education],
    ['occupation', f.occupation],
    ['disability', f.disability],
    ['age', f.age],
    ['comment', f.comment],
    ['website', ''],
    ['idem', f.idem],
  ]);

type Mutation = { op: 'set' | 'repeat' | 'add' | 'drop'; field: string; value: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('set', 'set', 'repeat', 'add', 'drop'),
  field: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: nastyText }),
  value: nastyText,
});
/** None (the nasty comment alone), or a few. */
const mutations: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Mutation[]>([]) },
  { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
);

function mutate(pairs: Array<[string, string]>, ms: Mutation[]): Array<[string, string]> {
  let out = pairs.slice();
  for (const m of ms) {
    if (m.op === 'drop') out = out.filter(([k]) => k !== m.field);
    else if (m.op === 'set') out = [...out.filter(([k]) => k !== m.field), [m.field, m.value]];
    else out.push([m.field, m.value]); // repeat or add: one more pair
  }
  return out;
}

/** A form body: a mutated valid form, urlencoded (with raw broken pieces), or something else entirely. */
export const formBody: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(validForm, mutations, fc.array(piece, { maxLength: 2 }))
      .map(([f, ms, raw]) => [...mutate(f, ms).map(([k, v]) => `${enc(k)}=${enc(v)}`), ...raw].join('&')),
  },
  { weight: 1, arbitrary: fc.tuple(validForm, mutations).map(([f, ms]) => JSON.stringify(Object.fromEntries(mutate(f, ms)))) },
  { weight: 1, arbitrary: fc.array(piece, { maxLength: 6 }).map((p) => p.join('&')) },
  { weight: 1, arbitrary: fc.constantFrom(`comment=${'a'.repeat(40_000)}`, `${'x=1&'.repeat(200)}`, 'a[b]=1&a[c]=2&a[]=3', '\u0000\u0001', '') },
);

/** A kiosk's JSON answer: a valid one mutated with any JSON value, or not JSON at all. */
export function kioskBody(services: readonly string[]): fc.Arbitrary<string> {
  const anyValue = fc.oneof({ weight: 3, arbitrary: nastyText }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
  const valid = fc
    .tuple(validForm, fc.constantFrom(...services), fc.constantFrom('2026-11-30T03:00:00.000Z', 'soon', '1999-01-01T00:00:00Z', ''))
    .map(([f, service, given]): Record<string, unknown> => ({ ...Object.fromEntries(f), service, given_at: given, lang: 'id' }));
  const spoiled = fc.tuple(valid, fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), nastyText), anyValue), { maxLength: 3 })).map(([v, sets]) => {
    const o: Record<string, unknown> = { ...v };
    for (const [k, x] of sets) Object.defineProperty(o, k, { value: x, enumerable: true, configurable: true, writable: true });
    return JSON.stringify(o);
  });
  return fc.oneof(
    { weight: 6, arbitrary: spoiled },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{', '[1,', '"\\ud800"', '{"service":"ktp","__proto__":{"x":1}}', '1e999', `{"comment":"${'a'.repeat(40_000)}"}`, ''),
    },
  );
}
