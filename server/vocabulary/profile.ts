/**
 * The respondent profile (skm.md): dimensions, their answer codes, and the age bands used in reports.
 * Every dimension also offers PREFER_NOT ('na'); a question left empty is stored as NULL and reported
 * in the same "not stated" group.
 */
export const PREFER_NOT = 'na';

export const PROFILE_OPTIONS = {
  gender: ['L', 'P'],
  education: ['sd', 'smp', 'sma', 'd3', 's1', 's2', 's3'],
  // pns: ASN (PNS/PPPK), the code kept so stored answers still read; petani: farmers and fishers;
  // tidakbekerja: not working or retired (wording.md, "occupations")
  occupation: ['pns', 'tni', 'polri', 'swasta', 'wirausaha', 'petani', 'pelajar', 'rumahtangga', 'tidakbekerja', 'lainnya'],
  disability: ['yes', 'no'],
} as const;

export type ChoiceDimension = keyof typeof PROFILE_OPTIONS;
export const CHOICE_DIMENSIONS = Object.keys(PROFILE_OPTIONS) as ChoiceDimension[];

/** Age is asked in years and banded for reports. */
export const AGE_BANDS = ['lt25', '25_34', '35_44', '45_54', '55_64', '65plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_MIN = 10;
export const AGE_MAX = 120;

export function ageBand(age: number): AgeBand {
  if (age <= 24) return 'lt25';
  if (age <= 34) return '25_34';
  if (age <= 44) return '35_44';
  if (age <= 54) return '45_54';
  if (age <= 64) return '55_64';
  return '65plus';
}

/**
 * How the visit ended (issue 10), asked only where the service switches it on: a profile dimension,
 * never part of the IKM. Someone NOT_RATED_END_STATES may answer no element (server/data/assisted.ts).
 */
export const END_STATES = ['full', 'partial', 'not_served', 'gave_up'] as const;
export const NOT_RATED_END_STATES: readonly string[] = ['not_served', 'gave_up'];

/** Report dimensions and their groups (age by band), 'na' last. */
export const DIMENSIONS = {
  gender: [...PROFILE_OPTIONS.gender, PREFER_NOT],
  age: [...AGE_BANDS, PREFER_NOT],
  education: [...PROFILE_OPTIONS.education, PREFER_NOT],
  occupation: [...PROFILE_OPTIONS.occupation, PREFER_NOT],
  disability: [...PROFILE_OPTIONS.disability, PREFER_NOT],
  endstate: [...END_STATES, PREFER_NOT],
} as const;
export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

/** How a response came in (contract: ?ch=). */
export const CHANNELS = ['link', 'qr', 'kiosk', 'embed', 'assisted'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && (CHANNELS as readonly string[]).includes(x);
}

/** The channels a plain survey URL may name (?ch=); kiosk and assisted come only from a kiosk token or an officer. */
export const URL_CHANNELS = ['link', 'qr', 'embed'] as const satisfies readonly Channel[];
export type UrlChannel = (typeof URL_CHANNELS)[number];

export function isUrlChannel(x: unknown): x is UrlChannel {
  return typeof x === 'string' && (URL_CHANNELS as readonly string[]).includes(x);
}
