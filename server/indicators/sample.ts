/**
 * Sample size (Krejcie & Morgan 1970, spec/skm.md): S = χ²·N·P(1−P) / (d²(N−1) + χ²·P(1−P))
 * with χ² = 3.841 (1 df, 95%), P = 0.5, d = 0.05, rounded to the nearest integer.
 */

/** Required respondents for a population of N service users (N a non-negative integer). */
export function requiredSampleSize(population: number): number {
  if (!Number.isInteger(population) || population < 0) {
    throw new RangeError(`population must be a non-negative integer, got ${population}`);
  }
  const chiPq = 3.841 * 0.25;
  return Math.round((chiPq * population) / (0.0025 * (population - 1) + chiPq));
}

export interface SampleAdequacy {
  population: number | null;
  required: number | null;
  /** responses >= required; null when the population is unknown */
  adequate: boolean | null;
}

/** Responses so far against the requirement for the population the officer entered (null = unknown). */
export function sampleAdequacy(population: number | null | undefined, responses: number): SampleAdequacy {
  if (population === null || population === undefined) {
    return { population: null, required: null, adequate: null };
  }
  const required = requiredSampleSize(population);
  return { population, required, adequate: responses >= required };
}
