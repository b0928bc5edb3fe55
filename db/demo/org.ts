/**
 * The demo organisation: a fictional regency government, its units (a tree three levels deep)
 * and its services, each with the parameters of its made-up response model (see model.ts).
 */
import type { ElementCode } from '../../server/indicators/types.js';

export const DEMO_AGENCY = {
  code: 'mekarsari',
  name_id: 'Pemerintah Kabupaten Mekarsari',
  name_en: 'Mekarsari Regency Government',
} as const;

export interface DemoUnit {
  code: string;
  parent: string | null;
  nameId: string;
  nameEn: string;
  published: boolean;
  targetIkm: number | null;
}

export const DEMO_UNITS: readonly DemoUnit[] = [
  { code: 'pemkab', parent: null, nameId: 'Pemerintah Kabupaten Mekarsari', nameEn: 'Mekarsari Regency Government', published: true, targetIkm: 82 },
  {
    code: 'disdukcapil',
    parent: 'pemkab',
    nameId: 'Dinas Kependudukan dan Pencatatan Sipil',
    nameEn: 'Population and Civil Registration Office',
    published: true,
    targetIkm: 85,
  },
  {
    code: 'dpmptsp',
    parent: 'pemkab',
    nameId: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    nameEn: 'Investment and One-Stop Integrated Service Office',
    published: true,
    targetIkm: null,
  },
  { code: 'dinkes', parent: 'pemkab', nameId: 'Dinas Kesehatan', nameEn: 'Health Office', published: true, targetIkm: null },
  {
    code: 'puskesmas-kota',
    parent: 'dinkes',
    nameId: 'Puskesmas Mekarsari Kota',
    nameEn: 'Mekarsari Kota Community Health Centre',
    published: true,
    targetIkm: 85,
  },
  { code: 'rsud', parent: 'dinkes', nameId: 'RSUD Mekarsari', nameEn: 'Mekarsari Regional General Hospital', published: true, targetIkm: 80 },
];

/** What kind of service: drives channels, respondent profile and comments. */
export type ServiceKind = 'civil' | 'licence' | 'online' | 'health';

export interface DemoService {
  code: string;
  unit: string;
  nameId: string;
  nameEn: string;
  kind: ServiceKind;
  active?: boolean;
  published: boolean;
  targetIkm?: number;
  embedOrigins?: string;
  /** Mean responses on an ordinary weekday. */
  perDay: number;
  /** Saturday volume as a share of a weekday's (0: closed on Saturdays). */
  saturday: number;
  /** Intended IKM (25–100) of the service, before trend and respondent effects. */
  level: number;
  /** Element scores relative to the default profile (points on the 25–100 scale). */
  elements?: Partial<Record<ElementCode, number>>;
  /** Shift in points over the span: a step at fraction `at` of the span, else linear from -> to. */
  trend?: { from: number; to: number; at?: number };
  /** Share of respondents who leave BIAYA empty (health care covered by insurance). */
  biayaMissing?: number;
  /** How strongly respondents with a disability and those 65+ feel waiting and facilities (0..1). */
  access: number;
  /** Mean and spread of respondents' age, and share of women. */
  age: readonly [number, number];
  female: number;
  /** Volume factor per calendar month (1..12), 1 when absent. */
  season?: Partial<Record<number, number>>;
  /** Responses only in the first n months of the span (a service switched off since). */
  onlyFirstMonths?: number;
}

const PORTAL = 'https://mekarsari.example';

export const DEMO_SERVICES: readonly DemoService[] = [
  {
    code: 'ktp-el',
    unit: 'disdukcapil',
    kind: 'civil',
    published: true,
    targetIkm: 80,
    embedOrigins: PORTAL,
    nameId: 'Perekaman dan Pencetakan KTP-el',
    nameEn: 'Electronic ID card (KTP-el) enrolment and printing',
    perDay: 30,
    saturday: 0.08,
    level: 78,
    access: 1,
    age: [31, 13],
    female: 0.5,
    // a new online queue and a steady supply of blank cards from mid-year
    elements: { WAKTU: -9, SARANA: -8, PERILAKU: 5 },
    trend: { from: -7, to: 5, at: 0.5 },
  },
  {
    code: 'kartu-keluarga',
    unit: 'disdukcapil',
    kind: 'civil',
    published: true,
    embedOrigins: PORTAL,
    nameId: 'Penerbitan Kartu Keluarga',
    nameEn: 'Family card (Kartu Keluarga) issuance',
    perDay: 14,
    saturday: 0.05,
    level: 84,
    access: 0.6,
    age: [38, 11],
    female: 0.52,
    elements: { WAKTU: -6 },
    season: { 6: 1.4, 7: 1.5 },
  },
  {
    code: 'akta-kelahiran',
    unit: 'disdukcapil',
    kind: 'civil',
    published: true,
    targetIkm: 88,
    embedOrigins: PORTAL,
    nameId: 'Penerbitan Akta Kelahiran',
    nameEn: 'Birth certificate issuance',
    perDay: 9,
    saturday: 0.05,
    level: 90,
    access: 0.4,
    age: [31, 8],
    female: 0.58,
    elements: { WAKTU: 2, PRODUK: 2 },
    season: { 6: 1.5, 7: 1.6 },
  },
  {
    code: 'pindah-datang',
    unit: 'disdukcapil',
    kind: 'civil',
    published: true,
    embedOrigins: PORTAL,
    nameId: 'Surat Keterangan Pindah dan Pindah Datang',
    nameEn: 'Moving out and moving in (change of address) letters',
    perDay: 5,
    saturday: 0,
    level: 79,
    access: 0.6,
    age: [36, 12],
    female: 0.46,
    elements: { PROSEDUR: -8, PERSYARATAN: -6 },
  },
  {
    code: 'legalisasi-dokumen',
    unit: 'disdukcapil',
    kind: 'civil',
    active: false,
    published: true,
    nameId: 'Legalisasi Dokumen Kependudukan',
    nameEn: 'Certified copies of civil registration documents',
    perDay: 3,
    saturday: 0,
    level: 82,
    access: 0.5,
    age: [40, 13],
    female: 0.5,
    onlyFirstMonths: 3,
  },
  {
    code: 'pbg',
    unit: 'dpmptsp',
    kind: 'licence',
    published: true,
    embedOrigins: `${PORTAL} https://dpmptsp.mekarsari.example`,
    nameId: 'Persetujuan Bangunan Gedung (PBG)',
    nameEn: 'Building approval (PBG)',
    perDay: 2.2,
    saturday: 0,
    level: 68,
    access: 0.5,
    age: [45, 11],
    female: 0.3,
    elements: { WAKTU: -17, PROSEDUR: -9, PERSYARATAN: -5, BIAYA: -4, PERILAKU: 9, KOMPETENSI: 6 },
  },
  {
    code: 'nib-umkm',
    unit: 'dpmptsp',
    kind: 'online',
    published: true,
    targetIkm: 88,
    embedOrigins: `${PORTAL} https://dpmptsp.mekarsari.example`,
    nameId: 'Nomor Induk Berusaha (NIB) untuk UMKM',
    nameEn: 'Business identification number (NIB) for small businesses',
    perDay: 5,
    saturday: 0,
    level: 88,
    access: 0.2,
    age: [37, 11],
    female: 0.55,
    elements: { SARANA: 2 },
  },
  {
    code: 'izin-praktik-nakes',
    unit: 'dpmptsp',
    kind: 'licence',
    published: true,
    embedOrigins: `${PORTAL} https://dpmptsp.mekarsari.example`,
    nameId: 'Surat Izin Praktik Tenaga Kesehatan',
    nameEn: 'Practice licence for health workers',
    perDay: 1.5,
    saturday: 0,
    level: 82,
    access: 0.3,
    age: [33, 8],
    female: 0.68,
    elements: { PERSYARATAN: -7, WAKTU: -5 },
  },
  {
    code: 'sppirt',
    unit: 'dinkes',
    kind: 'licence',
    published: false,
    nameId: 'Sertifikat Produksi Pangan Industri Rumah Tangga (SPP-IRT)',
    nameEn: 'Home-industry food production certificate (SPP-IRT)',
    perDay: 1,
    saturday: 0,
    level: 81,
    access: 0.3,
    age: [42, 10],
    female: 0.72,
    elements: { PROSEDUR: -5 },
  },
  {
    code: 'poli-umum',
    unit: 'puskesmas-kota',
    kind: 'health',
    published: true,
    embedOrigins: PORTAL,
    nameId: 'Pemeriksaan Umum (Poli Umum)',
    nameEn: 'General outpatient clinic',
    perDay: 22,
    saturday: 0.5,
    level: 86,
    access: 0.6,
    age: [42, 17],
    female: 0.56,
    biayaMissing: 0.45,
    elements: { WAKTU: -7, SARANA: -4 },
  },
  {
    code: 'imunisasi',
    unit: 'puskesmas-kota',
    kind: 'health',
    published: true,
    embedOrigins: PORTAL,
    nameId: 'Imunisasi Anak',
    nameEn: 'Childhood immunisation',
    perDay: 8,
    saturday: 0.5,
    level: 92,
    access: 0.4,
    age: [30, 6],
    female: 0.82,
    biayaMissing: 0.1,
    elements: { PERILAKU: 3, KOMPETENSI: 2 },
  },
  {
    code: 'rawat-jalan',
    unit: 'rsud',
    kind: 'health',
    published: true,
    embedOrigins: PORTAL,
    nameId: 'Rawat Jalan (Poliklinik Spesialis)',
    nameEn: 'Outpatient specialist clinics',
    perDay: 28,
    saturday: 0.4,
    level: 78,
    access: 1,
    age: [49, 16],
    female: 0.54,
    biayaMissing: 0.55,
    // two specialists left during the year: waits grow
    elements: { WAKTU: -8, PENGADUAN: -9, SARANA: -3 },
    trend: { from: 4, to: -6 },
  },
  {
    code: 'igd',
    unit: 'rsud',
    kind: 'health',
    published: true,
    embedOrigins: PORTAL,
    nameId: 'Instalasi Gawat Darurat (IGD)',
    nameEn: 'Emergency department',
    perDay: 6,
    saturday: 1,
    level: 76,
    access: 0.8,
    age: [43, 19],
    female: 0.47,
    biayaMissing: 0.5,
    elements: { WAKTU: -6, PENGADUAN: -8, KOMPETENSI: 4 },
  },
  {
    code: 'rawat-inap',
    unit: 'rsud',
    kind: 'health',
    published: true,
    embedOrigins: PORTAL,
    nameId: 'Rawat Inap',
    nameEn: 'Inpatient care',
    perDay: 7,
    saturday: 1,
    level: 80,
    access: 0.9,
    age: [50, 18],
    female: 0.53,
    biayaMissing: 0.6,
    elements: { SARANA: -7, PENGADUAN: -9 },
  },
];
