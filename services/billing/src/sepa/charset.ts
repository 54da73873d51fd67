/**
 * @module charset
 * The SEPA Latin character set and the two things done with it: transliterating free text
 * (names, remittance information) into it, and checking identifiers against it.
 *
 * Source: EPC SDD Core Implementation Guidelines, "Character set" (section 1.4): unless agreed
 * otherwise, only `a-z A-Z 0-9 / - ? : ( ) . , ' +` and space may be exchanged; identifiers
 * (message, payment information, end-to-end and mandate identifiers) must not start or end with
 * `/` nor contain `//`. The conversion of other characters follows the spirit of EPC217-08
 * ("SEPA Requirements for an Extended Character Set", conversion table): accented letters lose
 * their accent (é → e, ä → a), ß → ss, & → +; whatever has no Latin equivalent is dropped.
 */

/** One character of the SEPA Latin set (EPC Implementation Guidelines §1.4). */
const SEPA_CHAR = /[A-Za-z0-9/\-?:().,'+ ]/;
/** A whole string of SEPA Latin characters. */
const SEPA_TEXT = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/** Letters that Unicode decomposition does not reduce to a base letter plus accents. */
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŀ: 'l',
  Ŀ: 'L',
  '&': '+',
  '’': "'",
  '‘': "'",
  ʼ: "'",
  '´': "'",
  '`': "'",
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
};

/**
 * Transliterates free text to the SEPA Latin character set and truncates it.
 *
 * Steps: special letters (ß → ss, æ → ae, & → +, typographic quotes and dashes), Unicode NFD
 * decomposition with the combining accents removed (é → e, ç → c, ő → o), every kind of white space
 * turned into one space, any character still outside the set dropped, spaces collapsed and trimmed,
 * then cut to `maxLength` characters (every remaining character is one byte, so characters and
 * bytes agree) and trimmed again.
 *
 * @param maxLength the XSD/EPC maximum, e.g. 70 for a name (`Nm`), 140 for `Ustrd`.
 * @returns the converted text; `''` when nothing representable is left (Greek or Cyrillic only).
 * @example
 * toSepaText('Société Générale & Fils — Straße', 70); // "Societe Generale + Fils - Strasse"
 */
export function toSepaText(text: string, maxLength: number): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const special = SPECIAL_LETTERS[char];
    if (special !== undefined) {
      out += special;
      continue;
    }
    if (/\s/.test(char)) {
      out += ' ';
      continue;
    }
    for (const part of char.normalize('NFD')) {
      if (SEPA_CHAR.test(part)) out += part;
    }
  }
  return out.replace(/ {2,}/g, ' ').trim().slice(0, maxLength).trimEnd();
}

/** Whether every character of `text` is in the SEPA Latin character set (EPC IG §1.4). */
export function isSepaText(text: string): boolean {
  return SEPA_TEXT.test(text);
}

/** Why an identifier is not a valid SEPA identifier, or `null` when it is. */
export type SepaIdentifierProblem = 'required' | 'too_long' | 'invalid_characters' | 'invalid_format';

/**
 * Checks a SEPA identifier (`MsgId`, `PmtInfId`, `EndToEndId`, `MndtId`): 1 to 35 characters
 * (ISO 20022 `Max35Text`), SEPA Latin characters only, no leading or trailing `/`, no `//`
 * (EPC SDD Core Implementation Guidelines §1.4; the rulebook's attribute AT-01 for the mandate
 * reference).
 *
 * German banks (DK `pain.008.003.02`, type `RestrictedIdentificationSEPA2`) additionally refuse
 * spaces in the mandate reference; generate references without spaces to be safe everywhere.
 *
 * @returns the first problem found, or `null` when the identifier is valid.
 */
export function sepaIdentifierProblem(id: string): SepaIdentifierProblem | null {
  if (id.length === 0) return 'required';
  if (id.length > 35) return 'too_long';
  if (!isSepaText(id)) return 'invalid_characters';
  if (id.startsWith('/') || id.endsWith('/') || id.includes('//')) return 'invalid_format';
  return null;
}
