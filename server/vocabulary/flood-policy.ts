// The thresholds of the flood checks on citizens' posts (issue 10; server/data/floods.ts), as
// settings with defaults (README: FLOOD_WINDOW_MINUTES, FLOOD_CLIENT_MAX, FLOOD_PATTERN_MIN,
// FLOOD_PATTERN_FACTOR). A bad or missing value keeps the default.

export interface FloodPolicy {
  /** the window the counts cover */
  windowMs: number;
  /** more responses than this from one hashed client to one service in a window: client_burst */
  clientMax: number;
  /** identical answer patterns to one service in a window: suspicious above max(patternMin, patternFactor x usual responses per window) */
  patternMin: number;
  patternFactor: number;
}

export const FLOOD_DEFAULTS: FloodPolicy = { windowMs: 10 * 60_000, clientMax: 20, patternMin: 10, patternFactor: 5 };

/** The policy from the environment (README: FLOOD_WINDOW_MINUTES, FLOOD_CLIENT_MAX, FLOOD_PATTERN_MIN, FLOOD_PATTERN_FACTOR). */
export function floodPolicyFrom(env: Record<string, string | undefined>): FloodPolicy {
  const num = (name: string, fallback: number): number => {
    const v = Number(env[name]);
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    windowMs: num('FLOOD_WINDOW_MINUTES', FLOOD_DEFAULTS.windowMs / 60_000) * 60_000,
    clientMax: num('FLOOD_CLIENT_MAX', FLOOD_DEFAULTS.clientMax),
    patternMin: num('FLOOD_PATTERN_MIN', FLOOD_DEFAULTS.patternMin),
    patternFactor: num('FLOOD_PATTERN_FACTOR', FLOOD_DEFAULTS.patternFactor),
  };
}
