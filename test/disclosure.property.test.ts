import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PUBLIC_DIMENSIONS, publicFigures, type Additive, type MonthBlock, type PublicDimension, type ServiceInput } from '../server/results/disclosure.js';
import type { CalendarKind } from '../server/indicators/periods.js';

// The disclosure rules run here on sets of respondents (bit masks) instead of totals, so every
// figure the public would see is the exact set of respondents behind it, and the attacks of
// indicators.md "Disclosure control" are set differences that must never hold 1..k-1 people.

const popcount = (x: bigint): number => {
  let c = 0;
  for (let v = x; v > 0n; v &= v - 1n) c++;
  return c;
};
const sets: Additive<bigint> = { zero: () => 0n, add: (a, b) => a | b, n: popcount };

const DOMAIN: Record<PublicDimension, readonly string[]> = {
  gender: ['L', 'P', 'na'],
  age: ['lt25', '45_54', '65plus', 'na'],
  education: ['sma', 's1', 'na'],
  occupation: ['pns', 'swasta', 'na'],
  disability: ['yes', 'no', 'na'],
  channel: ['link', 'qr', 'kiosk'],
};

interface Respondent {
  service: number;
  month: number;
  profile: Record<PublicDimension, string>;
}

// The tree: agency -> U1 -> {S0, S1}; agency -> U2 -> {S2}; S3 directly under the agency's root.
const SCOPES: Array<{ name: string; kind: 'service' | 'unit' | 'agency'; services: number[]; children: string[] }> = [
  { name: 'agency', kind: 'agency', services: [0, 1, 2, 3], children: ['U1', 'U2', 'S3'] },
  { name: 'U1', kind: 'unit', services: [0, 1], children: ['S0', 'S1'] },
  { name: 'U2', kind: 'unit', services: [2], children: ['S2'] },
  ...[0, 1, 2, 3].map((s) => ({ name: `S${s}`, kind: 'service' as const, services: [s], children: [] })),
];
const PERIODS: Array<{ label: string; kind: CalendarKind; months: number[]; parts: string[][] }> = [
  ...[1, 2, 3, 4, 5, 6].map((mo) => ({ label: `M${mo}`, kind: 'month' as const, months: [mo], parts: [] })),
  { label: 'Q1', kind: 'quarter', months: [1, 2, 3], parts: [['M1', 'M2', 'M3']] },
  { label: 'Q2', kind: 'quarter', months: [4, 5, 6], parts: [['M4', 'M5', 'M6']] },
  {
    label: 'S1',
    kind: 'semester',
    months: [1, 2, 3, 4, 5, 6],
    parts: [
      ['Q1', 'Q2'],
      ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'],
      ['Q1', 'M4', 'M5', 'M6'],
      ['M1', 'M2', 'M3', 'Q2'],
    ],
  },
];

/** Skewed choice: the first value most of the time, so that small groups are common. */
const skewed = (values: readonly string[]) =>
  fc.oneof({ arbitrary: fc.constant(values[0] as string), weight: 3 }, { arbitrary: fc.constantFrom(...values), weight: 2 });
const respondent: fc.Arbitrary<Respondent> = fc.record({
  // concentrated in a few service-months, so that many service-quarters publish group figures
  service: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 1 }),
  month: fc.oneof({ arbitrary: fc.constantFrom(1, 4), weight: 25 }, { arbitrary: fc.integer({ min: 1, max: 6 }), weight: 1 }),
  profile: fc.record(Object.fromEntries(PUBLIC_DIMENSIONS.map((d) => [d, skewed(DOMAIN[d])])) as Record<PublicDimension, fc.Arbitrary<string>>),
});

function blocksOf(rs: Respondent[], service: number, months: number[]): Array<MonthBlock<bigint>> {
  return months.flatMap((month) => {
    const ids = rs.map((r, i) => [r, i] as const).filter(([r]) => r.service === service && r.month === month);
    if (!ids.length) return [];
    const groups = Object.fromEntries(PUBLIC_DIMENSIONS.map((d) => [d, {}])) as Record<PublicDimension, Record<string, bigint>>;
    const joint = new Map<string, { key: Record<PublicDimension, string>; n: number }>();
    let total = 0n;
    for (const [r, i] of ids) {
      const bit = 1n << BigInt(i);
      total |= bit;
      for (const d of PUBLIC_DIMENSIONS) groups[d][r.profile[d]] = (groups[d][r.profile[d]] ?? 0n) | bit;
      const key = JSON.stringify(r.profile);
      const j = joint.get(key) ?? { key: r.profile, n: 0 };
      j.n++;
      joint.set(key, j);
    }
    return [{ month: `2026-0${month}`, total, groups, joint: [...joint.values()] }];
  });
}

interface Shown {
  label: string;
  set: bigint;
}

/** Every answer-bearing public figure, with the checks on families (parent minus its shown children). */
function attack(rs: Respondent[], eligible: boolean[], k: number, stats: { groupIkm: number; secondary: number }): void {
  const figures: Shown[] = [];
  const totals = new Map<string, bigint | null>(); // scope/period -> its total when published
  const fail = (what: string, diff: bigint): never => {
    throw new Error(`${what} isolates ${popcount(diff)} respondent(s) (k = ${k})`);
  };
  const remainderOk = (what: string, whole: bigint, parts: bigint[]): void => {
    const rest = whole & ~parts.reduce((a, b) => a | b, 0n);
    const n = popcount(rest);
    if (n > 0 && n < k) fail(what, rest);
  };

  for (const scope of SCOPES) {
    for (const period of PERIODS) {
      const services: Array<ServiceInput<bigint>> = scope.services.map((s) => ({
        id: s,
        eligible: eligible[s] as boolean,
        months: blocksOf(rs, s, period.months),
      }));
      const f = publicFigures(sets, { kind: scope.kind, periodKind: period.kind, k, services, order: DOMAIN });
      const at = `${scope.name} ${period.label}`;
      totals.set(at, f.total);
      if (f.status === 'too_few') continue;
      const total = f.total as bigint;
      figures.push({ label: `${at} total`, set: total });
      for (const s of f.services) figures.push({ label: `${at} service S${s.id}`, set: s.total });
      remainderOk(
        `${at}: total minus its services`,
        total,
        f.services.map((s) => s.total),
      );
      for (const d of PUBLIC_DIMENSIONS) {
        const shownGroups = f.groups[d].filter((g) => g.totals !== null);
        for (const g of shownGroups) figures.push({ label: `${at} ${d}=${g.group}`, set: g.totals as bigint });
        remainderOk(
          `${at}: total minus the shown ${d} groups`,
          total,
          shownGroups.map((g) => g.totals as bigint),
        );
        if (f.groupIkm) {
          stats.groupIkm += shownGroups.length;
          stats.secondary += f.groups[d].filter((g) => g.withheld === 'secondary').length;
        } else expect(shownGroups).toEqual([]);
        if (process.env.DISCLOSURE_STATS) console.log(at, d, f.groups[d].map((g) => `${g.group}:${g.n ?? '<k'}:${g.withheld ?? 'ikm'}`).join(' '));
      }
      for (const [name, v] of Object.entries(f.vulnerable ?? {})) {
        if (v.group === null) expect(v.rest).toBeNull();
        if (v.group !== null) figures.push({ label: `${at} ${name}`, set: v.group });
        if (v.rest !== null) figures.push({ label: `${at} not ${name}`, set: v.rest });
      }
    }
  }
  // a scope minus its shown child scopes, and a period minus its shown sub-periods
  for (const scope of SCOPES) {
    for (const period of PERIODS) {
      const whole = totals.get(`${scope.name} ${period.label}`);
      if (!whole) continue;
      const kids = scope.children.map((c) => totals.get(`${c} ${period.label}`)).filter((x): x is bigint => !!x);
      remainderOk(`${scope.name} ${period.label} minus its shown children`, whole, kids);
      for (const parts of period.parts) {
        remainderOk(
          `${scope.name} ${period.label} minus ${parts.join('+')}`,
          whole,
          parts.map((p) => totals.get(`${scope.name} ${p}`)).filter((x): x is bigint => !!x),
        );
      }
    }
  }
  // every shown figure holds >= k, and no difference of two shown figures isolates 1..k-1
  const unique = [...new Map(figures.map((f) => [f.set, f])).values()];
  for (const f of unique) if (popcount(f.set) < k) fail(`${f.label} itself`, f.set);
  for (const a of unique) {
    for (const b of unique) {
      if (a.set !== b.set && (a.set & b.set) === b.set) {
        const diff = a.set & ~b.set;
        if (popcount(diff) < k) fail(`${a.label} minus ${b.label}`, diff);
      }
    }
  }
}

describe('disclosure control on random data', () => {
  it('no public figure, difference of two, parent minus shown children or dimension minus shown groups isolates fewer than k', () => {
    const stats = { groupIkm: 0, secondary: 0 };
    fc.assert(
      fc.property(
        fc.array(respondent, { minLength: 0, maxLength: 120, size: 'max' }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 3, max: 5 }),
        (rs, eligible, k) => attack(rs, eligible, k, stats),
      ),
      { numRuns: 1000 },
    );
    // the runs did exercise what they test: group IKMs shown, and some hidden only to protect others
    expect(stats.groupIkm).toBeGreaterThan(100);
    expect(stats.secondary).toBeGreaterThan(10);
  });

  it('catches a leak when the rules are loosened (the test can fail)', () => {
    // Without the block rule a quarter minus its shown months isolates a small month.
    const rs: Respondent[] = [];
    const base = { gender: 'L', age: 'na', education: 'na', occupation: 'na', disability: 'no', channel: 'link' } as Record<PublicDimension, string>;
    for (let i = 0; i < 6; i++) rs.push({ service: 3, month: 1, profile: base }, { service: 3, month: 2, profile: base });
    rs.push({ service: 3, month: 3, profile: base }); // one respondent in March
    const loose: Additive<bigint> = sets;
    const q1 = publicFigures(loose, {
      kind: 'service',
      periodKind: 'quarter',
      k: 5,
      services: [{ id: 3, eligible: true, months: blocksOf(rs, 3, [1, 2, 3]) }],
      order: DOMAIN,
    });
    expect(q1.status).toBe('too_few'); // the rule holds: March has 1 response, so Q1 is not published
    expect(() => attack(rs, [true, true, true, true], 5, { groupIkm: 0, secondary: 0 })).not.toThrow();
    // and the checker itself does see a leak in a hand-made bad publication
    const months = blocksOf(rs, 3, [1, 2, 3]);
    const quarter = months.reduce((a, b) => a | b.total, 0n);
    const shownMonths = months.filter((b) => popcount(b.total) >= 5).reduce((a, b) => a | b.total, 0n);
    expect(popcount(quarter & ~shownMonths)).toBe(1);
  });
});
