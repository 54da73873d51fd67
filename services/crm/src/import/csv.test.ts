import { describe, expect, it } from 'vitest';
import { cleanCell, csvRecords, detectDelimiter, detectHeader, sampleRecords } from './csv.js';
import { isKnownHeader } from './mapping.js';

async function records(text: string, delimiter: ',' | ';' | '\t' | '|' = ',', chunk = 5) {
  async function* pieces() {
    for (let i = 0; i < text.length; i += chunk) yield text.slice(i, i + chunk);
  }
  const out = [];
  for await (const r of csvRecords(pieces(), delimiter)) out.push(r);
  return out;
}

describe('detectDelimiter', () => {
  it('Should pick the delimiter found as often on every line, outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('Prénom;Nom;Notes\nÉlodie;Martin;"a, b, c, d"\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
    expect(detectDelimiter('Primary Email\ntest@domain.tld\n')).toBe(',');
  });

  it('Should ignore a last line cut by the sample', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n4;5,6,7,8,9,10', false)).toBe(';');
  });
});

describe('detectHeader', () => {
  it('Should see known column names as a header and data as no header', () => {
    expect(detectHeader([['Vorwahl_Tel', 'Telefonnummer', 'Name']], isKnownHeader)).toBe(true);
    expect(detectHeader([['John Doe', 'John', 'Doe', 'john@doe.invalid']], isKnownHeader)).toBe(false);
    expect(detectHeader([['column1', 'column2']], isKnownHeader)).toBe(true);
    expect(detectHeader([], isKnownHeader)).toBe(true);
  });
});

describe('sampleRecords', () => {
  it('Should read the first records of a sample cut inside a quoted field', () => {
    expect(sampleRecords('a,b\n1,"x\ny"\n2,"unfinished', ',', 5, false)).toEqual([
      ['a', 'b'],
      ['1', 'x\ny'],
    ]);
  });
});

describe('cleanCell', () => {
  it('Should trim and unquote fields whose quotes stand apart from the delimiters', () => {
    expect(cleanCell('  "a, ""b""" ')).toBe('a, "b"');
    expect(cleanCell(' plain ')).toBe('plain');
    expect(cleanCell('"kept"')).toBe('"kept"');
  });
});

describe('csvRecords', () => {
  it('Should stream records across chunks with their line numbers (quoted line breaks, CRLF, blank lines)', async () => {
    const out = await records(
      'Name,Notes\r\nAda,"line one\r\nline two"\r\n\r\nBob,""""\r\nZoë,  "x"  \r\n',
      ',',
      3,
    );
    expect(out.map((r) => [r.record, r.line, r.cells])).toEqual([
      [1, 1, ['Name', 'Notes']],
      [2, 2, ['Ada', 'line one\r\nline two']],
      [3, 5, ['Bob', '"']],
      [4, 6, ['Zoë', 'x']],
    ]);
  });

  it('Should keep reading after a stray quote and report an unclosed one with its raw text', async () => {
    const out = await records('a,b\n1,"x"y\n2,"never closed\n3,4\n');
    expect(out.map((r) => [r.record, r.cells, r.error])).toEqual([
      [1, ['a', 'b'], undefined],
      [2, ['1', '"x"y'], undefined],
      [3, ['2,"never closed\n3,4\n'], expect.stringMatching(/never closed/)],
    ]);
  });
});
