/**
 * Who answers: channel, language and profile (codes from server/vocabulary/profile.ts), drawn per
 * service kind. 'na' = prefer not to answer, null = question left empty.
 */
import { PREFER_NOT, ageBand, type Channel } from '../../server/vocabulary/profile.js';
import type { DemoService, ServiceKind } from './org.js';
import { Random, Weighted } from './random.js';

export interface Respondent {
  channel: Channel;
  lang: 'id' | 'en';
  gender: string | null;
  age: number | null;
  ageBand: string | null;
  education: string | null;
  occupation: string | null;
  disability: string | null;
  /** The respondent's real age, stated or not (drives the model, never stored). */
  realAge: number;
}

type Mix<T> = ReadonlyArray<readonly [T, number]>;
const NA = PREFER_NOT;

// QR codes at the counter and the kiosk carry most responses; staff help many patients.
const CHANNELS: Record<ServiceKind, Mix<Channel>> = {
  civil: [
    ['qr', 38],
    ['kiosk', 30],
    ['link', 18],
    ['embed', 4],
    ['assisted', 10],
  ],
  licence: [
    ['qr', 30],
    ['kiosk', 20],
    ['link', 35],
    ['embed', 8],
    ['assisted', 7],
  ],
  online: [
    ['link', 50],
    ['embed', 15],
    ['qr', 20],
    ['kiosk', 10],
    ['assisted', 5],
  ],
  health: [
    ['qr', 34],
    ['kiosk', 28],
    ['link', 14],
    ['embed', 2],
    ['assisted', 22],
  ],
};
const ENGLISH: Record<ServiceKind, number> = { civil: 0.025, licence: 0.04, online: 0.06, health: 0.02 };

const EDUCATION: Mix<string | null> = [
  ['sd', 13],
  ['smp', 17],
  ['sma', 38],
  ['d3', 8],
  ['s1', 17],
  ['s2', 2.5],
  ['s3', 0.5],
  [NA, 2],
  [null, 2],
];
const EDUCATION_QUALIFIED: Mix<string | null> = [
  ['sma', 22],
  ['d3', 20],
  ['s1', 40],
  ['s2', 12],
  ['s3', 1],
  [NA, 3],
  [null, 2],
];
const EDUCATION_HEALTH_WORKER: Mix<string | null> = [
  ['d3', 50],
  ['s1', 35],
  ['s2', 9],
  ['s3', 1],
  [NA, 3],
  [null, 2],
];

// Occupations in a kabupaten (codes in server/vocabulary/profile.ts): private employees and the
// self-employed lead, then farmers and fishers, homemakers; pupils are young, the retired old.
const OCCUPATION: Mix<string | null> = [
  ['pns', 7],
  ['tni', 1],
  ['polri', 1],
  ['swasta', 22],
  ['wirausaha', 20],
  ['petani', 13],
  ['pelajar', 5],
  ['rumahtangga', 14],
  ['tidakbekerja', 5],
  ['lainnya', 8],
  [NA, 2],
  [null, 2],
];
const OCCUPATION_BUSINESS: Mix<string | null> = [
  ['wirausaha', 68],
  ['swasta', 14],
  ['petani', 5],
  ['lainnya', 5],
  ['pns', 1],
  ['rumahtangga', 2],
  [NA, 3],
  [null, 2],
];
const OCCUPATION_HEALTH_WORKER: Mix<string | null> = [
  ['pns', 45],
  ['swasta', 47],
  ['wirausaha', 3],
  [NA, 3],
  [null, 2],
];
const OCCUPATION_YOUNG: Mix<string | null> = [
  ['pelajar', 55],
  ['swasta', 17],
  ['wirausaha', 6],
  ['tidakbekerja', 8],
  ['petani', 4],
  ['rumahtangga', 3],
  ['lainnya', 3],
  [NA, 2],
  [null, 2],
];
const OCCUPATION_OLD: Mix<string | null> = [
  ['tidakbekerja', 38],
  ['petani', 18],
  ['rumahtangga', 13],
  ['wirausaha', 13],
  ['swasta', 5],
  ['pns', 3],
  ['lainnya', 4],
  [NA, 3],
  [null, 3],
];

/** Draws respondents for one service. */
export class RespondentDrawer {
  private readonly channel: Weighted<Channel>;
  private readonly gender: Weighted<string | null>;
  private readonly education: Weighted<string | null>;
  private readonly occupation: Weighted<string | null>;
  private readonly young = new Weighted(OCCUPATION_YOUNG);
  private readonly old = new Weighted(OCCUPATION_OLD);
  private readonly english: number;
  private readonly disabled: number;

  constructor(private readonly s: DemoService) {
    this.channel = new Weighted(CHANNELS[s.kind]);
    this.english = ENGLISH[s.kind];
    this.gender = new Weighted<string | null>([
      ['L', (1 - s.female) * 95],
      ['P', s.female * 95],
      [NA, 2.5],
      [null, 2.5],
    ]);
    const nakes = s.code === 'izin-praktik-nakes';
    this.education = new Weighted(nakes ? EDUCATION_HEALTH_WORKER : s.kind === 'civil' || s.kind === 'health' ? EDUCATION : EDUCATION_QUALIFIED);
    this.occupation = new Weighted(nakes ? OCCUPATION_HEALTH_WORKER : s.kind === 'online' ? OCCUPATION_BUSINESS : OCCUPATION);
    this.disabled = s.kind === 'health' ? 0.07 : s.kind === 'online' ? 0.03 : 0.05;
  }

  draw(rng: Random): Respondent {
    const s = this.s;
    const years = Math.round(rng.normal(s.age[0], s.age[1]));
    const realAge = Math.min(85, Math.max(17, years));
    const ageGiven = rng.next();
    const age = ageGiven < 0.94 ? realAge : null;
    const band = age !== null ? ageBand(age) : ageGiven < 0.96 ? NA : null;

    const generic = s.kind === 'civil' || s.kind === 'health';
    const occupation = generic && realAge < 23 ? this.young.draw(rng) : generic && realAge >= 60 ? this.old.draw(rng) : this.occupation.draw(rng);

    const pDisabled = this.disabled * (realAge >= 65 ? 2.5 : 1);
    const d = rng.next();
    const disability = d < pDisabled ? 'yes' : d < 0.9 ? 'no' : d < 0.94 ? NA : null;

    return {
      channel: this.channel.draw(rng),
      lang: rng.chance(this.english) ? 'en' : 'id',
      gender: this.gender.draw(rng),
      age,
      ageBand: band,
      education: this.education.draw(rng),
      occupation,
      disability,
      realAge,
    };
  }
}
