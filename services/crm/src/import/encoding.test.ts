import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  assertText,
  decodeChunks,
  detectEncoding,
  firstInvalidUtf8,
  UnreadableFileError,
  Utf8Validator,
} from './encoding.js';

const validated = (bytes: Uint8Array, chunk = 7) => {
  const v = new Utf8Validator();
  for (let i = 0; i < bytes.length; i += chunk) v.write(bytes.subarray(i, i + chunk));
  v.end();
  return v;
};

async function decodeAll(bytes: Uint8Array, encoding: Parameters<typeof decodeChunks>[1], chunk: number) {
  async function* pieces() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  let text = '';
  for await (const t of decodeChunks(pieces(), encoding)) text += t;
  return text;
}

describe('detectEncoding', () => {
  it('Should read byte order marks (UTF-8, UTF-16 LE and BE)', () => {
    expect(detectEncoding(Buffer.from('\ufeffa,b', 'utf8'))).toMatchObject({
      encoding: 'utf-8',
      bom: 3,
      method: 'bom',
    });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toMatchObject({
      encoding: 'utf-16le',
      bom: 2,
    });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toMatchObject({
      encoding: 'utf-16be',
      bom: 2,
    });
  });

  it('Should refuse UTF-32', () => {
    expect(() => detectEncoding(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toThrow(UnreadableFileError);
  });

  it('Should recognise UTF-16 without a BOM by its zero bytes', () => {
    expect(detectEncoding(iconv.encode('Name,Email\r\nAda,ada@example.com\r\n', 'utf-16le')).encoding).toBe(
      'utf-16le',
    );
    expect(detectEncoding(iconv.encode('Name,Email\r\nAda,ada@example.com\r\n', 'utf-16be')).encoding).toBe(
      'utf-16be',
    );
  });

  it('Should take valid UTF-8 as UTF-8, even when the sample cuts a character', () => {
    const bytes = Buffer.from('Prénom,Nom\nÉlodie,Müller\n', 'utf8');
    expect(detectEncoding(bytes).encoding).toBe('utf-8');
    expect(detectEncoding(bytes.subarray(0, 3)).encoding).toBe('utf-8');
  });

  it('Should fall back to Windows-1252 for Latin-1 text, and find Shift_JIS', () => {
    const latin = iconv.encode('Prénom;Nom;Société\nÉlodie;Müller;Café Crème\n', 'windows-1252');
    expect(detectEncoding(latin, validated(latin))).toMatchObject({ encoding: 'windows-1252' });
    const sjis = iconv.encode(
      '名前,メール,会社\n山田太郎,taro@example.jp,株式会社サンプル\n鈴木花子,hanako@example.jp,東京商事\n',
      'shift_jis',
    );
    expect(detectEncoding(sjis, validated(sjis)).encoding).toBe('shift_jis');
  });

  it('Should use the validity of the whole file, not only of its start', () => {
    const bytes = Buffer.concat([
      Buffer.from('a,b\n'.repeat(100)),
      iconv.encode('Zoë,Ångström\n', 'windows-1252'),
    ]);
    const v = validated(bytes, 64);
    expect(v.valid).toBe(false);
    expect(detectEncoding(bytes.subarray(0, 64), v).encoding).toBe('windows-1252');
  });
});

describe('Utf8Validator', () => {
  it('Should accept a character split across chunks and locate the first bad byte', () => {
    expect(validated(Buffer.from('😀 é 山', 'utf8'), 1).valid).toBe(true);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe9, 0x63]))).toBe(2);
    expect(validated(Buffer.from([0x61, 0xc3])).valid).toBe(false);
  });
});

describe('assertText', () => {
  it('Should refuse spreadsheets, PDFs and binary files with a hint', () => {
    expect(() => assertText(Buffer.from([0x50, 0x4b, 0x03, 0x04]), 'utf-8')).toThrow(/xlsx/);
    expect(() => assertText(Buffer.from('%PDF-1.7'), 'utf-8')).toThrow(/PDF/);
    expect(() => assertText(Buffer.from([0x61, 0, 0x62]), 'utf-8')).toThrow(/binary/);
    expect(() => assertText(iconv.encode('a,b', 'utf-16le'), 'utf-16le')).not.toThrow();
  });
});

describe('decodeChunks', () => {
  it('Should keep multi-byte characters whole across chunk boundaries and drop the BOM', async () => {
    const text = '\ufeffÉlodie,山田,😀\n';
    expect(await decodeAll(Buffer.from(text, 'utf8'), 'utf-8', 1)).toBe(text.slice(1));
    expect(await decodeAll(iconv.encode('山田太郎,東京商事\n', 'shift_jis'), 'shift_jis', 1)).toBe(
      '山田太郎,東京商事\n',
    );
    expect(
      await decodeAll(
        Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Zoë\n', 'utf-16le')]),
        'utf-16le',
        3,
      ),
    ).toBe('Zoë\n');
  });
});
