import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeQuotedPrintable, splitValue, unescapeText, type Vcard, vcards } from './vcard.js';

async function read(
  content: string | Buffer,
  encoding: Parameters<typeof vcards>[1] = 'utf-8',
  chunk = 11,
): Promise<Vcard[]> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  async function* pieces() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const out: Vcard[] = [];
  for await (const card of vcards(pieces(), encoding)) out.push(card);
  return out;
}

const value = (card: Vcard, name: string) => card.properties.find((p) => p.name === name)?.value;

describe('vcards', () => {
  it('Should read several cards of every version, with any line ending and text between cards', async () => {
    const cards = await read(
      'junk before\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:One\r\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Two\rstill two\nEND:VCARD\r\r\nbegin:vcard\r\nVERSION: 4.0\r\nFN:Three\r\nEND:VCARD\r\n',
    );
    expect(cards.map((c) => [c.index, c.version, value(c, 'FN')])).toEqual([
      [1, '2.1', 'One'],
      [2, '3.0', 'Two\nstill two'],
      [3, '4.0', 'Three'],
    ]);
    expect(cards.map((c) => c.line)).toEqual([2, 6, 10]);
    // Old Mac files end lines with CR alone.
    const mac = await read('BEGIN:VCARD\rFN:Mac\rEND:VCARD\rBEGIN:VCARD\rFN:Two\rEND:VCARD\r');
    expect(mac.map((c) => value(c, 'FN'))).toEqual(['Mac', 'Two']);
  });

  it('Should unfold lines and decode vCard 2.1 quoted-printable with soft breaks and charsets', async () => {
    const card = Buffer.concat([
      Buffer.from(
        'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=BA=C3=B1ez;Jos=C3=\r\n=A9\r\n',
      ),
      Buffer.from('NOTE;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Caf=E9 cr=E8me=0D=0A=\r\nsecond line\r\n'),
      Buffer.from('ORG;CHARSET=windows-1252:M\xfcller\r\n', 'latin1'),
      Buffer.from('TITLE:A long title that\r\n  is folded\r\nEND:VCARD\r\n'),
    ]);
    const [c] = await read(card);
    expect(value(c!, 'N')).toBe('Ñúñez;José');
    expect(value(c!, 'NOTE')).toBe('Café crème\nsecond line');
    expect(value(c!, 'ORG')).toBe('Müller');
    expect(value(c!, 'TITLE')).toBe('A long title that is folded');
  });

  it('Should read grouped properties, bare and quoted parameters and RFC 6868 escapes', async () => {
    const [c] = await read(
      'BEGIN:VCARD\r\nVERSION:3.0\r\nitem1.EMAIL;type=INTERNET:a@example.com\r\nitem1.X-ABLabel:_$!<Work>!$_\r\nTEL;CELL;PREF:+33 6\r\nADR;TYPE="work,postal";LABEL="1 Rue ^\'X^\'^nParis":;;1 Rue X;Paris;;75001;France\r\nEND:VCARD\r\n',
    );
    const email = c!.properties.find((p) => p.name === 'EMAIL')!;
    expect(email.group).toBe('ITEM1');
    const tel = c!.properties.find((p) => p.name === 'TEL')!;
    expect(tel.params.get('TYPE')).toEqual(['CELL', 'PREF']);
    const adr = c!.properties.find((p) => p.name === 'ADR')!;
    expect(adr.params.get('TYPE')).toEqual(['work,postal']); // a quoted value is one value (RFC 6350 5.)
    expect(adr.params.get('LABEL')).toEqual(['1 Rue "X"\nParis']);
    expect(splitValue(adr.value, ';')).toEqual(['', '', '1 Rue X', 'Paris', '', '75001', 'France']);
  });

  it('Should skip photos without keeping them, and cards nested in AGENT', async () => {
    const photo = ` ${'A'.repeat(74)}\r\n`.repeat(2000);
    const cards = await read(
      `BEGIN:VCARD\r\nVERSION:2.1\r\nFN:With photo\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\n${photo}\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:Agent\r\nEND:VCARD\r\nEMAIL:after@example.com\r\nEND:VCARD\r\n`,
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]!.skipped).toEqual(['PHOTO']);
    expect(cards[0]!.properties.map((p) => p.name)).toEqual(['VERSION', 'FN', 'AGENT', 'EMAIL']);
    expect(cards[0]!.raw).toContain('PHOTO;ENCODING=BASE64;TYPE=JPEG:<photo left out>');
    expect(cards[0]!.raw.length).toBeLessThan(1000);
  });

  it('Should read a UTF-16 or Shift_JIS file and a card without END', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode('BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n', 'utf-16le'),
    ]);
    expect(value((await read(utf16, 'utf-16le'))[0]!, 'FN')).toBe('Zoë');
    const sjis = iconv.encode('BEGIN:VCARD\r\nFN:表示名\r\nNOTE:ソフト\\nです\r\n', 'shift_jis');
    const [c] = await read(sjis, 'shift_jis');
    expect(value(c!, 'FN')).toBe('表示名');
    expect(unescapeText(value(c!, 'NOTE')!)).toBe('ソフト\nです');
    expect(c!.problems).toEqual(['The card has no END:VCARD line']);
  });
});

describe('value helpers', () => {
  it('Should decode quoted-printable and undo text escapes', () => {
    expect(Buffer.from(decodeQuotedPrintable('a=3Db=C3=A9=')).toString('utf8')).toBe('a=bé');
    expect(unescapeText('a\\, b\\; c\\nd\\\\e\\"f C:\\Users')).toBe('a, b; c\nd\\e"f C:\\Users');
    expect(splitValue('Doe;John\\, Jr.;;;', ';')).toEqual(['Doe', 'John, Jr.', '', '', '']);
    expect(splitValue('a\\,b,c', ',')).toEqual(['a,b', 'c']);
  });
});
