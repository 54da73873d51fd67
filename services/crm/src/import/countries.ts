/**
 * @module import/countries
 * Country names as exports write them ("United States of America", "Deutschland", "FRANCE", "D",
 * "USA") → ISO 3166-1 alpha-2 codes, from the runtime's CLDR region names in the languages our
 * tenants use, plus the common alpha-3 codes and abbreviations CLDR does not list.
 */
import { squash } from './mapping.js';

const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'pl'];

/** Abbreviations and alternative names seen in address books. */
const ALIASES: Record<string, string> = {
  usa: 'US',
  us: 'US',
  unitedstatesofamerica: 'US',
  america: 'US',
  etatsunis: 'US',
  uk: 'GB',
  greatbritain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  northernireland: 'GB',
  grossbritannien: 'GB',
  angleterre: 'GB',
  d: 'DE',
  brd: 'DE',
  f: 'FR',
  ch: 'CH',
  schweiz: 'CH',
  suisse: 'CH',
  holland: 'NL',
  russia: 'RU',
  southkorea: 'KR',
  korea: 'KR',
  czechia: 'CZ',
  czechrepublic: 'CZ',
  ivorycoast: 'CI',
  uae: 'AE',
};

/** Alpha-3 codes of the countries most address books hold. */
const ALPHA3: Record<string, string> = {
  usa: 'US',
  gbr: 'GB',
  deu: 'DE',
  fra: 'FR',
  esp: 'ES',
  ita: 'IT',
  nld: 'NL',
  bel: 'BE',
  che: 'CH',
  aut: 'AT',
  lux: 'LU',
  prt: 'PT',
  irl: 'IE',
  dnk: 'DK',
  swe: 'SE',
  nor: 'NO',
  fin: 'FI',
  pol: 'PL',
  cze: 'CZ',
  can: 'CA',
  mex: 'MX',
  bra: 'BR',
  arg: 'AR',
  aus: 'AU',
  nzl: 'NZ',
  jpn: 'JP',
  chn: 'CN',
  ind: 'IN',
  mar: 'MA',
  dza: 'DZ',
  tun: 'TN',
  sen: 'SN',
  civ: 'CI',
  zaf: 'ZA',
  isr: 'IL',
  tur: 'TR',
  grc: 'GR',
  rou: 'RO',
  hun: 'HU',
  rus: 'RU',
  ukr: 'UA',
  kor: 'KR',
  sgp: 'SG',
  are: 'AE',
};

let names: Map<string, string> | undefined;
const codes = new Set<string>();

/** Codes CLDR still names but that no longer denote a country (East Germany, Yugoslavia, …), and
 * user-assigned ones. */
const HISTORIC = new Set([
  'DD',
  'YU',
  'CS',
  'SU',
  'ZR',
  'TP',
  'BU',
  'NT',
  'FX',
  'AN',
  'QO',
  'EU',
  'EZ',
  'UN',
  'XA',
  'XB',
  'ZZ',
  'AA',
  'QM',
  'QN',
  'QP',
  'QQ',
  'QR',
  'QS',
  'QT',
  'QU',
  'QV',
  'QW',
  'QX',
  'QY',
  'QZ',
]);

function nameTable(): Map<string, string> {
  if (names) return names;
  names = new Map();
  const displays = LANGUAGES.map((l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' }));
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (HISTORIC.has(code)) continue;
      for (const display of displays) {
        let name: string | undefined;
        try {
          name = display.of(code);
        } catch {
          name = undefined;
        }
        if (name && name !== code) {
          codes.add(code);
          const key = squash(name);
          if (key && !names.has(key)) names.set(key, code);
        }
      }
    }
  }
  return names;
}

/**
 * The ISO 3166-1 alpha-2 code of a country as written in an address book, or undefined.
 *
 * @example countryCode('United States of America') // 'US'
 * @example countryCode('fr') // 'FR'
 */
export function countryCode(text: string): string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  const key = squash(value);
  const alias = ALIASES[key] ?? ALPHA3[key];
  if (alias) return alias;
  const table = nameTable();
  if (/^[A-Za-z]{2}$/.test(value) && codes.has(value.toUpperCase())) return value.toUpperCase();
  return table.get(key);
}
