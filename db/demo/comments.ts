/**
 * Short free-text comments (about 3% of responses): complaints about a respondent's worst element,
 * praise from happy visitors, suggestions in between. Some belong to one kind of service or one service.
 */
import type { ElementCode } from '../../server/indicators/types.js';
import type { DemoService, ServiceKind } from './org.js';
import type { Random } from './random.js';

type Tone = 'neg' | 'pos' | 'sug';
interface Comment {
  text: string;
  lang: 'id' | 'en';
  tone: Tone;
  element?: ElementCode;
  kinds?: readonly ServiceKind[];
  services?: readonly string[];
  /** Only from this fraction of the span on (after a fix). */
  from?: number;
}

const COUNTER: readonly ServiceKind[] = ['civil', 'licence'];
const HEALTH: readonly ServiceKind[] = ['health'];

const COMMENTS: readonly Comment[] = [
  // complaints
  { tone: 'neg', lang: 'id', element: 'WAKTU', kinds: COUNTER, text: 'Antrean terlalu lama, datang dari pagi baru dipanggil siang.' },
  { tone: 'neg', lang: 'id', element: 'WAKTU', services: ['ktp-el'], text: 'Blanko KTP-el kosong lagi, sudah dua kali datang belum juga dicetak.' },
  { tone: 'neg', lang: 'id', element: 'WAKTU', services: ['rawat-jalan'], text: 'Dokter poli datang terlambat, menunggu hampir tiga jam.' },
  { tone: 'neg', lang: 'id', element: 'WAKTU', services: ['pbg'], text: 'Pengajuan PBG sudah lebih dari sebulan belum ada kabar.' },
  { tone: 'neg', lang: 'id', element: 'WAKTU', kinds: HEALTH, text: 'Antre di loket pendaftaran dan apotek sama-sama lama.' },
  { tone: 'neg', lang: 'id', element: 'WAKTU', text: 'Waktu penyelesaian tidak sesuai dengan yang dijanjikan.' },
  { tone: 'neg', lang: 'id', element: 'SARANA', text: 'Ruang tunggu panas, kursinya kurang, banyak yang berdiri.' },
  {
    tone: 'neg',
    lang: 'id',
    element: 'SARANA',
    services: ['ktp-el', 'kartu-keluarga', 'pindah-datang'],
    text: 'Loket ada di lantai dua dan tidak ada jalur landai untuk kursi roda.',
  },
  { tone: 'neg', lang: 'id', element: 'SARANA', text: 'Toilet kotor dan airnya sering mati.' },
  { tone: 'neg', lang: 'id', element: 'SARANA', services: ['rawat-inap'], text: 'Bangsal kelas tiga penuh sesak, kipas anginnya rusak.' },
  { tone: 'neg', lang: 'id', element: 'PENGADUAN', text: 'Sudah komplain lewat WhatsApp tapi tidak pernah dibalas.' },
  { tone: 'neg', lang: 'id', element: 'PENGADUAN', text: 'Kotak saran ada, tapi tidak jelas tindak lanjutnya.' },
  { tone: 'neg', lang: 'id', element: 'PENGADUAN', kinds: HEALTH, text: 'Tidak tahu harus mengadu ke mana kalau ada masalah dengan pelayanan.' },
  { tone: 'neg', lang: 'id', element: 'PROSEDUR', text: 'Alurnya membingungkan, harus bolak-balik ke beberapa loket.' },
  { tone: 'neg', lang: 'id', element: 'PROSEDUR', kinds: ['civil', 'online'], text: 'Aplikasi antrean online sering error.' },
  { tone: 'neg', lang: 'id', element: 'PERSYARATAN', text: 'Persyaratan di website berbeda dengan yang diminta di loket.' },
  { tone: 'neg', lang: 'id', element: 'PERSYARATAN', kinds: COUNTER, text: 'Berkasnya banyak sekali, fotokopi harus rangkap tiga.' },
  { tone: 'neg', lang: 'id', element: 'BIAYA', services: ['pbg'], text: 'Retribusinya terlalu mahal untuk rumah tinggal sederhana.' },
  { tone: 'neg', lang: 'id', element: 'PRODUK', kinds: HEALTH, text: 'Obat di apotek sering kosong, disuruh beli di luar.' },
  { tone: 'neg', lang: 'id', element: 'PERILAKU', text: 'Ada petugas yang kurang ramah dan sibuk main HP saat melayani.' },
  { tone: 'neg', lang: 'en', element: 'WAKTU', text: 'The queue was very long and there was nowhere to sit.' },
  { tone: 'neg', lang: 'en', element: 'PENGADUAN', text: 'I sent a complaint by WhatsApp but never got a reply.' },
  // praise
  { tone: 'pos', lang: 'id', element: 'PERILAKU', text: 'Petugasnya ramah dan sabar menjelaskan.' },
  { tone: 'pos', lang: 'id', element: 'WAKTU', text: 'Pelayanan cepat, tidak sampai satu jam sudah selesai.' },
  { tone: 'pos', lang: 'id', element: 'BIAYA', kinds: ['civil'], text: 'Gratis dan tidak ada pungli, terima kasih.' },
  { tone: 'pos', lang: 'id', element: 'WAKTU', services: ['ktp-el'], from: 0.5, text: 'Sekarang pakai antrean online, jauh lebih tertib dan cepat.' },
  { tone: 'pos', lang: 'id', element: 'PERILAKU', services: ['imunisasi'], text: 'Bidan dan perawatnya telaten, anak saya tidak rewel.' },
  { tone: 'pos', lang: 'id', element: 'KOMPETENSI', kinds: HEALTH, text: 'Dokternya menjelaskan penyakit dan obatnya dengan jelas.' },
  { tone: 'pos', lang: 'id', element: 'PROSEDUR', services: ['nib-umkm'], text: 'Dibantu daftar NIB lewat OSS sampai selesai, mantap.' },
  { tone: 'pos', lang: 'id', element: 'SARANA', text: 'Ruang tunggunya bersih dan nyaman.' },
  { tone: 'pos', lang: 'id', element: 'WAKTU', services: ['akta-kelahiran'], text: 'Akta kelahiran jadi hari itu juga, luar biasa.' },
  { tone: 'pos', lang: 'id', text: 'Terima kasih, semoga pelayanannya terus dipertahankan.' },
  { tone: 'pos', lang: 'en', element: 'PERILAKU', text: 'Friendly staff who explained everything clearly.' },
  { tone: 'pos', lang: 'en', text: 'Quick and well organised, thank you.' },
  // suggestions
  { tone: 'sug', lang: 'id', element: 'WAKTU', kinds: COUNTER, text: 'Mohon loketnya ditambah di hari Senin, antreannya panjang.' },
  { tone: 'sug', lang: 'id', element: 'PROSEDUR', text: 'Sebaiknya ada petugas yang membantu lansia mengisi formulir.' },
  { tone: 'sug', lang: 'id', element: 'SARANA', kinds: HEALTH, text: 'Tolong sediakan kursi roda di pintu masuk.' },
  { tone: 'sug', lang: 'id', element: 'PERSYARATAN', text: 'Daftar persyaratan sebaiknya ditempel jelas di depan loket.' },
  { tone: 'sug', lang: 'en', element: 'PERSYARATAN', text: 'Please publish the list of requirements in English as well.' },
];

/** Picks comments for one service. */
export class CommentPicker {
  private readonly pool: readonly Comment[];

  constructor(s: DemoService) {
    this.pool = COMMENTS.filter((c) => (!c.kinds || c.kinds.includes(s.kind)) && (!c.services || c.services.includes(s.code)));
  }

  /**
   * A comment or null. `mean` is the respondent's mean answer (1–4), `worst` the element they
   * rated lowest, `t` the fraction of the span elapsed.
   */
  pick(rng: Random, lang: 'id' | 'en', mean: number, worst: ElementCode, best: ElementCode, t: number): string | null {
    const p = mean < 2.6 ? 0.1 : mean >= 3.7 ? 0.035 : 0.018;
    if (!rng.chance(p)) return null;
    const tone: Tone = mean < 2.9 ? 'neg' : mean >= 3.4 ? 'pos' : rng.chance(0.5) ? 'sug' : 'neg';
    const focus = tone === 'pos' ? best : worst;
    const fits = this.pool.filter((c) => c.lang === lang && c.tone === tone && (c.from ?? 0) <= t);
    const focused = fits.filter((c) => c.element === focus);
    // a complaint is always about the worst element; praise and suggestions may be about anything
    const choice = tone === 'neg' || (focused.length > 0 && rng.chance(0.8)) ? focused : fits;
    return choice.length > 0 ? rng.pick(choice).text : null;
  }
}
