import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ELEMENT_CODES,
  type Answers,
  type ElementCode,
  type Totals,
  emptyTotals,
  addTotals,
  totalsFromAnswers,
  round2,
  round2OrNull,
  nrr,
  elementNrrs,
  ikm14,
  ikm,
  grade,
  performance,
  skmFigures,
  GRADE_THRESHOLDS,
  marginOfError,
  respondentSd,
  elementMargin,
  combinedMargin,
  isSignificant,
  topBox,
  bottomBox,
  elementTopBox,
  elementBottomBox,
  efficiencyIndex,
  staffIndex,
  systemIndex,
  qualityProfile,
  targetAttainment,
  inheritTarget,
  shareMeetingTarget,
  requiredSampleSize,
  sampleAdequacy,
  trend,
  type PeriodFigures,
  priorityElements,
  followUpRate,
  median,
  minGroupSize,
  groupFigures,
  equityGap,
  equityRatio,
  inclusiveness,
  compareGroup,
  vulnerableGroups,
  representationIndex,
  underRepresented,
  observedShares,
} from '../server/indicators/index.js';

/** One respondent answering every element with the same value. */
const all = (v: number): Answers => Object.fromEntries(ELEMENT_CODES.map((c) => [c, v]));
/** n respondents answering every element with v. */
const many = (n: number, v: number): Answers[] => Array.from({ length: n }, () => all(v));
const totalsOf = (n: number, v: number): Totals => totalsFromAnswers(many(n, v));

/**
 * The spec's worked example: 29 respondents, element sums 105, 101, 100, 116, 102, 105, 106, 105,
 * 115. Every answer is 3 or 4, so element e has (sum − 87) fours (29 x 3 = 87).
 */
const WORKED_SUMS = [105, 101, 100, 116, 102, 105, 106, 105, 115];
function workedExample(): Answers[] {
  return Array.from({ length: 29 }, (_, i) => {
    const a: Answers = {};
    ELEMENT_CODES.forEach((code, e) => {
      a[code] = i < (WORKED_SUMS[e] as number) - 87 ? 4 : 3;
    });
    return a;
  });
}

describe('totals', () => {
  it('builds element totals from answers, skipping missing values and empty responses', () => {
    const t = totalsFromAnswers([{ PERSYARATAN: 4, BIAYA: null }, { PERSYARATAN: 1, WAKTU: 2 }, {}, { BIAYA: null }]);
    expect(t.n).toBe(2);
    expect(t.elements.PERSYARATAN).toEqual({ n: 2, sum: 5, sumSq: 17, c4: 1, c12: 1 });
    expect(t.elements.WAKTU).toEqual({ n: 1, sum: 2, sumSq: 4, c4: 0, c12: 1 });
    expect(t.elements.BIAYA).toEqual({ n: 0, sum: 0, sumSq: 0, c4: 0, c12: 0 });
    // respondent means: 4 and (1 + 2) / 2 = 1.5
    expect(t.meanSum).toBe(5.5);
    expect(t.meanSumSq).toBe(16 + 2.25);
  });

  it('rejects answers outside 1..4 (missing is never 0)', () => {
    expect(() => totalsFromAnswers([{ PERSYARATAN: 0 }])).toThrow(RangeError);
    expect(() => totalsFromAnswers([{ PERSYARATAN: 5 }])).toThrow(RangeError);
    expect(() => totalsFromAnswers([{ PERSYARATAN: 2.5 }])).toThrow(RangeError);
  });

  it('adds by plain addition without changing its inputs', () => {
    const a = totalsOf(2, 4);
    const b = totalsFromAnswers([{ WAKTU: 1 }]);
    const sum = addTotals(a, b);
    expect(sum.n).toBe(3);
    expect(sum.elements.WAKTU).toEqual({ n: 3, sum: 9, sumSq: 33, c4: 2, c12: 1 });
    expect(a.n).toBe(2);
    expect(a.elements.WAKTU.n).toBe(2);
    expect(addTotals(emptyTotals(), emptyTotals())).toEqual(emptyTotals());
  });

  it('property: totals of a concatenation equal the sum of the totals', () => {
    const answer = fc.option(fc.integer({ min: 1, max: 4 }), { nil: null });
    const response = fc.record(Object.fromEntries(ELEMENT_CODES.map((c) => [c, answer])) as Record<ElementCode, fc.Arbitrary<number | null>>);
    fc.assert(
      fc.property(fc.array(response), fc.array(response), (xs, ys) => {
        const whole = totalsFromAnswers([...xs, ...ys]);
        const parts = addTotals(totalsFromAnswers(xs), totalsFromAnswers(ys));
        expect(parts.n).toBe(whole.n);
        expect(parts.elements).toEqual(whole.elements);
        expect(parts.meanSum).toBeCloseTo(whole.meanSum, 9);
        expect(parts.meanSumSq).toBeCloseTo(whole.meanSumSq, 9);
      }),
    );
  });
});

describe('round2 (half up on the decimal value)', () => {
  it.each([
    [88.305, 88.31],
    [1.005, 1.01],
    [64.995, 65],
    [88.3049, 88.3],
    [2.675, 2.68],
    [0.125, 0.13],
    [76.605, 76.61],
    [76.6049, 76.6],
    [91.4750957854, 91.48],
    [100, 100],
    [25, 25],
    [0.004, 0],
    [0.005, 0.01],
  ])('round2(%d) = %d', (x, expected) => {
    expect(round2(x)).toBe(expected);
  });

  it('rounds ties away from zero for negatives and passes non-finite values and null through', () => {
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(-0.004)).toBe(0);
    expect(round2(Number.NaN)).toBeNaN();
    expect(round2OrNull(null)).toBeNull();
    expect(round2OrNull(64.995)).toBe(65);
  });

  it('rounds an IKM built from answers whose float value falls just below a decimal tie', () => {
    // (n, sum) per element, ELEMENT_CODES order; Σ sum/n = 3.125 + 2.25 + 2 + 2.25 + 3.2 + 3 + 1 + 3 + 2
    // = 21.825, so IKM = 21.825 x 25 / 9 = 60.625 exactly, while the float path gives 60.62499999999999.
    const specs: Array<[number, number]> = [
      [8, 25],
      [4, 9],
      [5, 10],
      [8, 18],
      [5, 16],
      [3, 9],
      [1, 1],
      [3, 9],
      [2, 4],
    ];
    const answers: Answers[] = Array.from({ length: 8 }, () => ({}));
    specs.forEach(([n, sum], e) => {
      const base = Math.floor(sum / n);
      for (let j = 0; j < n; j++) (answers[j] as Answers)[ELEMENT_CODES[e] as ElementCode] = j < sum - base * n ? base + 1 : base;
    });
    const t = totalsFromAnswers(answers);
    specs.forEach(([n, sum], e) => expect(t.elements[ELEMENT_CODES[e] as ElementCode]).toMatchObject({ n, sum }));
    const x = ikm(t) as number;
    expect(x).toBeCloseTo(60.625, 10);
    expect(round2(x)).toBe(60.63);
  });

  it('property: within half a cent of the input and idempotent', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), (x) => {
        const r = round2(x);
        expect(Math.abs(r - x)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(round2(r)).toBe(r);
      }),
    );
  });
});

describe('SKM index: worked example from the spec (29 respondents)', () => {
  const t = totalsFromAnswers(workedExample());

  it('has the published NRRs', () => {
    const expected = [3.6207, 3.4828, 3.4483, 4.0, 3.5172, 3.6207, 3.6552, 3.6207, 3.9655];
    ELEMENT_CODES.forEach((code, e) => {
      expect(t.elements[code].n).toBe(29);
      expect(nrr(t.elements[code])).toBeCloseTo(expected[e] as number, 4);
    });
  });

  it('gives IKM(1–4) 3.6590, IKM 91.48 and grade A', () => {
    // 955 / (29 x 9) = 3.659003…; x25 = 91.4750…
    expect(ikm14(t)).toBeCloseTo(955 / 261, 12);
    expect(round2(ikm14(t) as number)).toBe(3.66);
    expect(Math.round((ikm14(t) as number) * 10000) / 10000).toBe(3.659);
    expect(round2(ikm(t) as number)).toBe(91.48);
    expect(grade(ikm(t))).toBe('A');
    expect(performance(grade(ikm(t)))).toBe('sangat_baik');
  });

  it('gives every element its score x25 and its grade from the same table', () => {
    const f = skmFigures(t);
    expect(f.n).toBe(29);
    expect(f.ikm).toBeCloseTo(23875 / 261, 10);
    expect(f.grade).toBe('A');
    const biaya = f.elements.find((e) => e.code === 'BIAYA');
    expect(biaya).toEqual({ code: 'BIAYA', n: 29, nrr: 4, score: 100, grade: 'A' });
    const waktu = f.elements.find((e) => e.code === 'WAKTU');
    expect(waktu?.score).toBeCloseTo((100 / 29) * 25, 10); // 86.21 → B
    expect(waktu?.grade).toBe('B');
    expect(f.elements.map((e) => e.code)).toEqual([...ELEMENT_CODES]);
  });

  it('has the expected top and bottom box (172 fours of 261 answers, no 1s or 2s)', () => {
    expect(topBox(t)).toBeCloseTo(172 / 261, 12);
    expect(bottomBox(t)).toBe(0);
    expect(elementTopBox(t.elements.WAKTU)).toBeCloseTo(13 / 29, 12);
  });
});

describe('grade boundaries (rounded value, >=)', () => {
  it.each([
    [64.99, 'D'],
    [65.0, 'C'],
    [64.995, 'C'],
    [64.9949, 'D'],
    [76.6, 'C'],
    [76.61, 'B'],
    [76.605, 'B'],
    [76.6049, 'C'],
    [88.3, 'B'],
    [88.31, 'A'],
    [88.305, 'A'],
    [88.3049, 'B'],
    [25, 'D'],
    [100, 'A'],
  ] as const)('grade(%d) = %s', (value, expected) => {
    expect(grade(value)).toBe(expected);
  });

  it('maps grades to performance keys', () => {
    expect([grade(90), grade(80), grade(70), grade(50)].map(performance)).toEqual(['sangat_baik', 'baik', 'kurang_baik', 'tidak_baik']);
    expect(grade(null)).toBeNull();
    expect(performance(null)).toBeNull();
  });

  it('classifies an IKM of exactly 65.00 built from answers as C (all NRRs 13/5 = 2.6)', () => {
    const t = totalsFromAnswers([...many(3, 3), ...many(2, 2)]);
    expect(round2(ikm(t) as number)).toBe(65);
    expect(grade(ikm(t))).toBe('C');
  });
});

describe('known mistakes never happen', () => {
  it('uses exact equal weights, not 0.111 (all 4s give exactly 100, not 99.9)', () => {
    const t = totalsOf(3, 4);
    expect(ikm14(t)).toBe(4);
    expect(ikm(t)).toBe(100);
    expect(ikm(t)).not.toBeCloseTo(0.111 * 36 * 25, 2);
  });

  it('uses x25, not x20', () => {
    const t = totalsOf(2, 3);
    expect(ikm(t)).toBe(75);
    expect(ikm(t)).not.toBe(60);
  });

  it('uses >= at the thresholds, not >', () => {
    expect(grade(GRADE_THRESHOLDS.A)).toBe('A');
    expect(grade(GRADE_THRESHOLDS.B)).toBe('B');
    expect(grade(GRADE_THRESHOLDS.C)).toBe('C');
  });

  it('does not use the 2004 thresholds or a C band ending at 76.00', () => {
    expect(grade(82.5)).toBe('B'); // 3.30 on 1–4: "A" under the old 3.26 threshold
    expect(grade(76.3)).toBe('C'); // would be B if C ended at 76.00
    expect(grade(63)).toBe('D'); // 2.52: "C" under the old 2.51 threshold
  });

  it('divides each NRR by the number who answered that element, not by averaging respondent means', () => {
    // A answers everything with 4; B answers only PERSYARATAN with 1.
    const answers: Answers[] = [all(4), { PERSYARATAN: 1 }];
    const t = totalsFromAnswers(answers);
    expect(nrr(t.elements.PERSYARATAN)).toBe(2.5);
    expect(nrr(t.elements.WAKTU)).toBe(4);
    expect(ikm14(t)).toBeCloseTo((2.5 + 8 * 4) / 9, 12); // 3.8333
    expect(round2(ikm(t) as number)).toBe(95.83);
    const meanOfRespondentMeans = t.meanSum / t.n; // (4 + 1) / 2
    expect(meanOfRespondentMeans).toBe(2.5);
    expect(ikm14(t)).not.toBeCloseTo(meanOfRespondentMeans, 2);
  });
});

describe('missing data', () => {
  it('excludes an element nobody answered from the mean and gives it null figures', () => {
    const answers: Answers[] = [
      { ...all(4), BIAYA: null },
      { ...all(3), BIAYA: null },
    ];
    const t = totalsFromAnswers(answers);
    expect(ikm14(t)).toBe(3.5); // mean of 8 NRRs of 3.5, not 28/9
    expect(ikm(t)).toBe(87.5);
    expect(elementNrrs(t).BIAYA).toBeNull();
    const biaya = skmFigures(t).elements.find((e) => e.code === 'BIAYA');
    expect(biaya).toEqual({ code: 'BIAYA', n: 0, nrr: null, score: null, grade: null });
    expect(efficiencyIndex(t)).toBe(87.5); // PROSEDUR and WAKTU only
  });

  it('gives no IKM and no grade without responses (never 0 or 25)', () => {
    const t = emptyTotals();
    expect(ikm14(t)).toBeNull();
    expect(ikm(t)).toBeNull();
    const f = skmFigures(t);
    expect(f).toMatchObject({ n: 0, ikm14: null, ikm: null, grade: null, performance: null });
    expect(f.elements.every((e) => e.nrr === null && e.score === null && e.grade === null)).toBe(true);
    expect(marginOfError(t)).toBeNull();
    expect(topBox(t)).toBeNull();
    expect(bottomBox(t)).toBeNull();
    expect(qualityProfile(t)).toEqual({ efficiency: null, staff: null, system: null });
    expect(priorityElements(t)).toEqual([]);
  });
});

describe('margin of error', () => {
  it('is 1.96 s / sqrt(n) with the sample SD of respondent means x25 (hand-computed)', () => {
    // respondent means 4, 3, 2 → scores 100, 75, 50; sample SD 25; margin 1.96 x 25 / √3 = 49 / √3
    const t = totalsFromAnswers([all(4), all(3), all(2)]);
    expect(respondentSd(t)).toBeCloseTo(25, 10);
    expect(marginOfError(t)).toBeCloseTo(49 / Math.sqrt(3), 10); // 28.2902
    const populationSdMargin = (1.96 * Math.sqrt(1250 / 3)) / Math.sqrt(3);
    expect(marginOfError(t)).not.toBeCloseTo(populationSdMargin, 2);
  });

  it("uses each respondent's mean over the elements they answered", () => {
    // means 3 (4 and 2) and 4 → scores 75, 100; SD 25/√2; margin 1.96 x 12.5 = 24.5
    const t = totalsFromAnswers([{ PERSYARATAN: 4, PROSEDUR: 2 }, all(4)]);
    expect(marginOfError(t)).toBeCloseTo(24.5, 10);
  });

  it('is 0 when everyone agrees and null below 2 responses', () => {
    expect(marginOfError(totalsOf(10, 3))).toBe(0);
    expect(marginOfError(totalsOf(1, 3))).toBeNull();
  });

  it('has an element margin on the NRR scale', () => {
    const t = totalsFromAnswers([{ WAKTU: 4 }, { WAKTU: 3 }, { WAKTU: 2 }]);
    expect(elementMargin(t.elements.WAKTU)).toBeCloseTo(1.96 / Math.sqrt(3), 10);
    expect(elementMargin(t.elements.BIAYA)).toBeNull();
  });

  it('judges significance against the combined margin sqrt(m1² + m2²), strictly', () => {
    expect(combinedMargin(3, 4)).toBe(5);
    expect(isSignificant(5, 3, 4)).toBe(false);
    expect(isSignificant(5.01, 3, 4)).toBe(true);
    expect(isSignificant(-5.01, 3, 4)).toBe(true);
    expect(isSignificant(4.9, 3, 4)).toBe(false); // above each single margin, below the combined 5
    expect(isSignificant(6, 3, null)).toBeNull();
    expect(isSignificant(null, 3, 4)).toBeNull();
  });
});

describe('quality profile and boxes', () => {
  // PROSEDUR 4, WAKTU 2, KOMPETENSI 3, PERILAKU 4, PERSYARATAN 1, PRODUK 2, SARANA 3; BIAYA, PENGADUAN missing
  const t = totalsFromAnswers([{ PROSEDUR: 4, WAKTU: 2, KOMPETENSI: 3, PERILAKU: 4, PERSYARATAN: 1, PRODUK: 2, SARANA: 3 }]);

  it('computes the three axes over the elements with data, x25', () => {
    expect(efficiencyIndex(t)).toBe(75); // (4 + 2) / 2
    expect(staffIndex(t)).toBe(87.5); // (3 + 4) / 2
    expect(systemIndex(t)).toBe(50); // (1 + 2 + 3) / 3
    expect(qualityProfile(t)).toEqual({ efficiency: 75, staff: 87.5, system: 50 });
  });

  it('pools all element answers for top and bottom box, and splits them per element', () => {
    expect(topBox(t)).toBeCloseTo(2 / 7, 12);
    expect(bottomBox(t)).toBeCloseTo(3 / 7, 12);
    expect(elementTopBox(t.elements.PERILAKU)).toBe(1);
    expect(elementBottomBox(t.elements.PERILAKU)).toBe(0);
    expect(elementBottomBox(t.elements.PERSYARATAN)).toBe(1);
    expect(elementTopBox(t.elements.BIAYA)).toBeNull();
  });
});

describe('targets', () => {
  it('gives attainment in points and met when >= 0', () => {
    expect(targetAttainment(90, 85)).toEqual({ target: 85, attainment: 5, met: true });
    expect(targetAttainment(85, 85)).toEqual({ target: 85, attainment: 0, met: true });
    const short = targetAttainment(84.9, 85);
    expect(short.attainment).toBeCloseTo(-0.1, 10);
    expect(short.met).toBe(false);
  });

  it('classifies met on the rounded IKM like the grade', () => {
    const a = targetAttainment(88.305, 88.31);
    expect(a.attainment).toBeCloseTo(-0.005, 10);
    expect(a.met).toBe(true);
    expect(targetAttainment(88.3049, 88.31).met).toBe(false);
  });

  it('never invents a figure without IKM or target', () => {
    expect(targetAttainment(90, null)).toEqual({ target: null, attainment: null, met: null });
    expect(targetAttainment(null, 85)).toEqual({ target: 85, attainment: null, met: null });
  });

  it('inherits the first target up the tree', () => {
    expect(inheritTarget([null, undefined, 80, 90])).toBe(80);
    expect(inheritTarget([75, 80])).toBe(75);
    expect(inheritTarget([null, null])).toBeNull();
    expect(inheritTarget([])).toBeNull();
  });

  it('shares services meeting their own target, leaving out those without IKM or target', () => {
    const s = shareMeetingTarget([
      { ikm: 90, target: 85 },
      { ikm: 80, target: 85 },
      { ikm: null, target: 85 },
      { ikm: 95, target: null },
      { ikm: 85, target: 85 },
    ]);
    expect(s).toEqual({ counted: 3, met: 2, share: 2 / 3 });
    expect(shareMeetingTarget([{ ikm: null, target: 80 }]).share).toBeNull();
  });
});

describe('sample size (Krejcie & Morgan)', () => {
  it.each([
    [10, 10],
    [50, 44],
    [100, 80],
    [200, 132],
    [500, 217],
    [1000, 278],
    [2000, 322],
    [5000, 357],
    [10000, 370],
    [50000, 381],
    [1000000, 384],
  ])('N = %i requires %i', (population, required) => {
    expect(requiredSampleSize(population)).toBe(required);
  });

  it('reports adequacy, with nulls when N is unknown', () => {
    expect(sampleAdequacy(100, 80)).toEqual({ population: 100, required: 80, adequate: true });
    expect(sampleAdequacy(100, 79)).toEqual({ population: 100, required: 80, adequate: false });
    expect(sampleAdequacy(null, 500)).toEqual({ population: null, required: null, adequate: null });
    expect(sampleAdequacy(undefined, 500)).toEqual({ population: null, required: null, adequate: null });
    expect(() => requiredSampleSize(-1)).toThrow(RangeError);
    expect(() => requiredSampleSize(10.5)).toThrow(RangeError);
  });
});

describe('trend', () => {
  const nrrs = (v: number): Partial<Record<ElementCode, number>> => ({ WAKTU: v });
  const periods: PeriodFigures[] = [
    { label: 'Q1', ikm: 80, margin: 3, nrr: nrrs(3.0), nrrMargin: { WAKTU: 0.1 } },
    { label: 'Q2', ikm: 85, margin: 4, nrr: nrrs(3.5), nrrMargin: { WAKTU: 0.1 } },
    { label: 'Q3', ikm: 79, margin: 4, nrr: nrrs(3.45) },
    { label: 'Q4', ikm: 79.1, margin: null, nrr: {} },
  ];

  it('gives deltas against the previous period and their significance both ways', () => {
    const points = trend(periods);
    expect(points.map((p) => p.label)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(points[0]?.ikm).toEqual({ value: 80, delta: null, significant: null });
    // +5 against √(9 + 16) = 5: not above the combined margin
    expect(points[1]?.ikm).toEqual({ value: 85, delta: 5, significant: false });
    // −6 against √(16 + 16) = 5.66: significant drop
    expect(points[2]?.ikm.delta).toBe(-6);
    expect(points[2]?.ikm.significant).toBe(true);
    // no margin for Q4: cannot judge
    expect(points[3]?.ikm.delta).toBeCloseTo(0.1, 10);
    expect(points[3]?.ikm.significant).toBeNull();
  });

  it('gives element NRR deltas, significant only when margins are known', () => {
    const points = trend(periods);
    expect(points[1]?.elements.WAKTU.delta).toBe(0.5);
    expect(points[1]?.elements.WAKTU.significant).toBe(true); // 0.5 > √0.02
    expect(points[2]?.elements.WAKTU.delta).toBeCloseTo(-0.05, 10);
    expect(points[2]?.elements.WAKTU.significant).toBeNull();
    expect(points[3]?.elements.WAKTU).toEqual({ value: null, delta: null, significant: null });
    expect(points[1]?.elements.BIAYA).toEqual({ value: null, delta: null, significant: null });
  });

  it('keeps the last 8 periods, the first kept one still compared with its predecessor', () => {
    const ten: PeriodFigures[] = Array.from({ length: 10 }, (_, i) => ({ label: `P${i}`, ikm: 70 + i, margin: 1, nrr: {} }));
    const points = trend(ten);
    expect(points).toHaveLength(8);
    expect(points[0]?.label).toBe('P2');
    expect(points[0]?.ikm.delta).toBe(1);
    expect(points[0]?.ikm.significant).toBe(false); // 1 < √2
    expect(trend(ten, 3).map((p) => p.label)).toEqual(['P7', 'P8', 'P9']);
  });
});

describe('priority elements', () => {
  // NRRs: PERSYARATAN 2, PROSEDUR 3, WAKTU 2, BIAYA 4, PRODUK 1, KOMPETENSI 3, PERILAKU 4, SARANA 2; PENGADUAN none
  const t = totalsFromAnswers([{ PERSYARATAN: 2, PROSEDUR: 3, WAKTU: 2, BIAYA: 4, PRODUK: 1, KOMPETENSI: 3, PERILAKU: 4, SARANA: 2 }]);

  it('lists the three lowest NRRs, ties in code order', () => {
    expect(priorityElements(t)).toEqual([
      { code: 'PRODUK', nrr: 1 },
      { code: 'PERSYARATAN', nrr: 2 },
      { code: 'WAKTU', nrr: 2 },
    ]);
  });

  it('takes k elements and leaves out elements without data', () => {
    expect(priorityElements(t, 5).map((p) => p.code)).toEqual(['PRODUK', 'PERSYARATAN', 'WAKTU', 'SARANA', 'PROSEDUR']);
    const everything = priorityElements(t, 20).map((p) => p.code);
    expect(everything).toHaveLength(8);
    expect(everything).not.toContain('PENGADUAN');
    expect(priorityElements(t, 0)).toEqual([]);
  });
});

describe('follow-up rate', () => {
  const actions = [
    { dueDate: '2026-07-31', doneDate: '2026-07-15' }, // on time, 15 days after the end
    { dueDate: '2026-07-31', doneDate: '2026-08-10' }, // late, 41 days
    { dueDate: '2026-08-31', doneDate: null }, // not done
    { dueDate: null, doneDate: '2026-07-05' }, // done, no due date, 5 days
    { dueDate: null, doneDate: null },
    { dueDate: '2026-09-30', doneDate: '2026-09-30' }, // done on the due date: on time, 92 days
  ];

  it('gives share done, share done by due date and median days from period end', () => {
    expect(followUpRate(actions, '2026-06-30')).toEqual({
      planned: 6,
      done: 4,
      doneShare: 4 / 6,
      withDueDate: 4,
      doneOnTime: 2,
      onTimeShare: 2 / 4,
      medianDaysToDone: (15 + 41) / 2, // days 5, 15, 41, 92
    });
  });

  it('takes the middle value for an odd count and nulls where undefined', () => {
    expect(followUpRate(actions.slice(0, 3), '2026-06-30').medianDaysToDone).toBe(28); // 15, 41
    expect(followUpRate(actions.slice(0, 4), '2026-06-30').medianDaysToDone).toBe(15); // 5, 15, 41
    expect(followUpRate([], '2026-06-30')).toMatchObject({ planned: 0, doneShare: null, onTimeShare: null, medianDaysToDone: null });
    expect(followUpRate([{ dueDate: null, doneDate: null }], '2026-06-30')).toMatchObject({ doneShare: 0, onTimeShare: null });
    expect(median([3, 1, 2])).toBe(2);
  });

  it('rejects malformed dates', () => {
    expect(() => followUpRate([], '2026-06-31')).toThrow(RangeError);
    expect(() => followUpRate([{ dueDate: '2026-13-01', doneDate: null }], '2026-06-30')).toThrow(RangeError);
  });
});

describe('inclusiveness: small groups', () => {
  it('clamps k to at least 3 and defaults to 5', () => {
    expect(minGroupSize()).toBe(5);
    expect(minGroupSize(2)).toBe(3);
    expect(minGroupSize(0)).toBe(3);
    expect(minGroupSize(7)).toBe(7);
    expect(minGroupSize(4.2)).toBe(5);
    expect(() => minGroupSize(Number.NaN)).toThrow(RangeError);
  });

  it('suppresses groups below k, hiding the count too; shares are over all responses with na', () => {
    const rows = groupFigures({ L: totalsOf(10, 4), P: totalsOf(4, 3), na: totalsOf(6, 2) });
    expect(rows).toEqual([
      { group: 'L', suppressed: false, n: 10, share: 0.5, ikm: 100, grade: 'A', performance: 'sangat_baik' },
      { group: 'P', suppressed: true, n: null, share: null, ikm: null, grade: null, performance: null },
      { group: 'na', suppressed: false, n: 6, share: 0.3, ikm: 50, grade: 'D', performance: 'tidak_baik' },
    ]);
  });

  it('shows a group of exactly k and applies the clamped k', () => {
    expect(groupFigures({ a: totalsOf(5, 4) })[0]?.suppressed).toBe(false);
    const clamped = groupFigures({ a: totalsOf(3, 4), b: totalsOf(2, 4) }, 2);
    expect(clamped.map((r) => r.suppressed)).toEqual([false, true]);
    expect(clamped[0]?.share).toBe(0.6);
  });
});

describe('inclusiveness: equity', () => {
  // A 100, B 75, C 25 but only 3 responses, na 50
  const groups = { A: totalsOf(10, 4), B: totalsOf(10, 3), C: totalsOf(3, 1), na: totalsOf(10, 2) };

  it('takes the gap over groups with at least k responses, without na', () => {
    expect(equityGap(groupFigures(groups))).toBe(25);
    expect(equityGap(groupFigures(groups, 3))).toBe(75); // C shown with k = 3
    expect(equityGap(groupFigures({ A: totalsOf(10, 4), C: totalsOf(3, 1) }))).toBeNull();
  });

  it('divides the lowest comparable group IKM by the whole scope IKM', () => {
    // whole scope: per element (40 + 30 + 3 + 20) / 33 = 93/33; IKM = 93/33 x 25
    const f = inclusiveness(groups);
    expect(f.k).toBe(5);
    expect(f.scopeIkm).toBeCloseTo((93 / 33) * 25, 10);
    expect(f.equityGap).toBe(25);
    expect(f.equityRatio).toBeCloseTo(75 / ((93 / 33) * 25), 10);
    expect(f.representation).toBeNull();
    expect(f.underRepresented).toEqual([]);
    expect(equityRatio(groupFigures({ A: totalsOf(10, 4) }), 90)).toBeNull();
    expect(equityRatio(groupFigures(groups), null)).toBeNull();
  });
});

describe('inclusiveness: representation', () => {
  const groups = { L: totalsOf(30, 4), P: totalsOf(70, 3), na: totalsOf(20, 2) };

  it('computes 1 − 0.5 Σ|p − q| over responses that answered the dimension', () => {
    // p = 0.3 / 0.7 (na left out), q = 0.5 / 0.5 → 1 − 0.5 x 0.4 = 0.8
    expect(observedShares(groups)).toEqual({ L: 0.3, P: 0.7 });
    expect(representationIndex(groups, { L: 0.5, P: 0.5 })).toBeCloseTo(0.8, 12);
    expect(representationIndex(groups, { L: 0.3, P: 0.7 })).toBeCloseTo(1, 12);
    expect(representationIndex(groups, { X: 1 })).toBeCloseTo(0, 12);
  });

  it('counts target groups absent from the data with p = 0 and lists groups short by more than 5 points', () => {
    // q: L 0.4, P 0.4, X 0.2; p: 0.3, 0.7, 0 → Σ = 0.1 + 0.3 + 0.2 → 0.7
    const target = { L: 0.4, P: 0.4, X: 0.2 };
    expect(representationIndex(groups, target)).toBeCloseTo(0.7, 12);
    expect(underRepresented(groups, target)).toEqual([
      { group: 'L', target: 0.4, observed: 0.3 },
      { group: 'X', target: 0.2, observed: null }, // no responses: suppressed
    ]);
    const f = inclusiveness(groups, { target });
    expect(f.representation).toBeCloseTo(0.7, 12);
    expect(f.underRepresented.map((u) => u.group)).toEqual(['L', 'X']);
  });

  it('does not list a shortfall of exactly 5 points', () => {
    const target = { L: 0.5, P: 0.5 };
    expect(underRepresented({ L: totalsOf(45, 4), P: totalsOf(55, 4) }, target)).toEqual([]);
    expect(underRepresented({ L: totalsOf(44, 4), P: totalsOf(56, 4) }, target).map((u) => u.group)).toEqual(['L']);
  });

  it('has no index when nobody answered, and rejects a bad target profile', () => {
    expect(representationIndex({ na: totalsOf(5, 4) }, { L: 0.5, P: 0.5 })).toBeNull();
    expect(() => representationIndex(groups, { L: 0.5, P: 0.4 })).toThrow(RangeError);
    expect(() => representationIndex(groups, { L: 1.5, P: -0.5 })).toThrow(RangeError);
    expect(() => representationIndex(groups, { L: 0.5, na: 0.5 })).toThrow(RangeError);
  });
});

describe('inclusiveness: vulnerable groups', () => {
  it('compares each group with the rest, suppressing small sides', () => {
    const v = vulnerableGroups({
      disability: { group: totalsOf(4, 2), rest: totalsOf(16, 4) },
      age65plus: { group: totalsOf(5, 3), rest: totalsOf(15, 4) },
    });
    expect(v.disability.group).toMatchObject({ suppressed: true, n: null, share: null, ikm: null });
    expect(v.disability.rest).toMatchObject({ suppressed: false, n: 16, share: 0.8, ikm: 100, grade: 'A' });
    expect(v.age65plus.group).toMatchObject({ suppressed: false, n: 5, share: 0.25, ikm: 75, grade: 'C' });
    expect(v.age65plus.rest).toMatchObject({ n: 15, share: 0.75, ikm: 100 });
    expect(compareGroup(totalsOf(3, 2), totalsOf(3, 4), 3).group).toMatchObject({ suppressed: false, n: 3, ikm: 50 });
  });
});
