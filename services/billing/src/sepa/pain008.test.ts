/**
 * pain.008.001.02 output: structure, totals and grouping checked on the parsed XML, and schema
 * validity checked with xmllint (WebAssembly) against the ISO 20022 XSD of the shared corpus
 * (`../shared/corpus/sepa/`, next to the repository, see its PROVENANCE.md). The corpus's own
 * third-party sample is validated too, to prove the validator accepts a known-good file and
 * rejects a broken one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { nextSequenceType } from './mandate.js';
import {
  buildPain008,
  type DirectDebitBatch,
  type DirectDebitCollection,
  formatEuroCents,
  Pain008Error,
} from './pain008.js';

/**
 * `/work/main/../shared/corpus`: walks up from this file to the repository root (the folder holding
 * `pnpm-workspace.yaml`), then goes to its sibling `shared/corpus`. `null` when not found.
 */
function findCorpus(): string | null {
  let dir = new URL('./', import.meta.url);
  for (let depth = 0; depth < 10; depth++) {
    if (existsSync(fileURLToPath(new URL('pnpm-workspace.yaml', dir)))) {
      const corpus = fileURLToPath(new URL('../shared/corpus/', dir));
      return existsSync(corpus) ? corpus : null;
    }
    dir = new URL('../', dir);
  }
  return null;
}

const CORPUS = findCorpus();
const XSD_PATH = CORPUS && `${CORPUS}sepa/php-sepa-xml__pain.008.001.02.xsd`;
const SAMPLE_PATH = CORPUS && `${CORPUS}sepa/php-sepa-xml__pain.008.001.02.xml`;
const HAS_SCHEMA = XSD_PATH !== null && existsSync(XSD_PATH);

async function validateAgainstXsd(xml: string) {
  return validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [{ fileName: 'pain.008.001.02.xsd', contents: readFileSync(XSD_PATH!, 'utf8') }],
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name) => ['PmtInf', 'DrctDbtTxInf'].includes(name),
});

function collection(overrides: Partial<DirectDebitCollection> = {}): DirectDebitCollection {
  return {
    endToEndId: 'INV-2025-0001',
    amountMinor: 4_990,
    currency: 'EUR',
    sequenceType: 'RCUR',
    requestedCollectionDate: '2025-07-05',
    mandate: { reference: 'MDT-2025-000123', signatureDate: '2025-06-01' },
    debtor: { name: 'Jeanne Dupont', iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'PSSTFRPPXXX' },
    remittanceText: 'Facture INV-2025-0001 - abonnement juillet',
    ...overrides,
  };
}

/** Five collections: two dates, three sequence types, French and German debtors, with and without BIC. */
const BATCH: DirectDebitBatch = {
  messageId: 'SDD-2025-07-0001',
  createdAt: new Date('2025-07-01T08:30:15.123Z'),
  creditor: {
    name: 'Comptoir SAS',
    iban: 'FR7630006000011234567890189',
    bic: 'AGRIFRPP',
    creditorId: 'FR72ZZZ123456',
  },
  collections: [
    collection(),
    collection({
      endToEndId: 'INV-2025-0002',
      amountMinor: 1,
      sequenceType: nextSequenceType({ type: 'recurrent', collectionsPresented: 0 }),
      mandate: { reference: 'MDT-2025-000124', signatureDate: '2025-06-20' },
      debtor: { name: 'Jürgen Weiß GmbH & Co. KG', iban: 'DE89 3704 0044 0532 0130 00' },
      remittanceText: 'Rechnung Nr. 2 – Größe L',
    }),
    collection({ endToEndId: 'INV-2025-0003', amountMinor: 123_456_789 }),
    collection({
      endToEndId: 'INV-2025-0004',
      amountMinor: 10,
      sequenceType: 'OOFF',
      requestedCollectionDate: '2025-07-10',
      mandate: { reference: 'MDT-ONE-OFF-1', signatureDate: '2025-06-30' },
      remittanceText: null,
    }),
    collection({
      endToEndId: 'INV-2025-0005',
      amountMinor: 99_999_999_999,
      requestedCollectionDate: '2025-07-10',
    }),
  ],
};

describe('buildPain008', () => {
  const xml = buildPain008(BATCH);
  const document = parser.parse(xml).Document;
  const initiation = document.CstmrDrctDbtInitn;

  it('writes the pain.008.001.02 namespace and a UTC creation time to the second', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(document['@_xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.008.001.02');
    expect(initiation.GrpHdr).toMatchObject({
      MsgId: 'SDD-2025-07-0001',
      CreDtTm: '2025-07-01T08:30:15Z',
      InitgPty: { Nm: 'Comptoir SAS' },
    });
  });

  it('counts every transaction and sums exact cents in GrpHdr (string arithmetic, no float)', () => {
    // 49.90 + 0.01 + 1 234 567.89 + 0.10 + 999 999 999.99 = 1 001 234 617.89
    expect(initiation.GrpHdr.NbOfTxs).toBe('5');
    expect(initiation.GrpHdr.CtrlSum).toBe('1001234617.89');
  });

  it('makes one PmtInf per (collection date, sequence type), each with its own count and sum', () => {
    const blocks = initiation.PmtInf.map((p: any) => ({
      id: p.PmtInfId,
      date: p.ReqdColltnDt,
      seq: p.PmtTpInf.SeqTp,
      count: p.NbOfTxs,
      sum: p.CtrlSum,
      ids: p.DrctDbtTxInf.map((t: any) => t.PmtId.EndToEndId),
    }));
    expect(blocks).toEqual([
      {
        id: 'SDD-2025-07-0001-1',
        date: '2025-07-05',
        seq: 'FRST',
        count: '1',
        sum: '0.01',
        ids: ['INV-2025-0002'],
      },
      {
        id: 'SDD-2025-07-0001-2',
        date: '2025-07-05',
        seq: 'RCUR',
        count: '2',
        sum: '1234617.79',
        ids: ['INV-2025-0001', 'INV-2025-0003'],
      },
      {
        id: 'SDD-2025-07-0001-3',
        date: '2025-07-10',
        seq: 'RCUR',
        count: '1',
        sum: '999999999.99',
        ids: ['INV-2025-0005'],
      },
      {
        id: 'SDD-2025-07-0001-4',
        date: '2025-07-10',
        seq: 'OOFF',
        count: '1',
        sum: '0.10',
        ids: ['INV-2025-0004'],
      },
    ]);
    const totalOfBlocks = blocks.reduce((sum: bigint, b: any) => sum + BigInt(b.sum.replace('.', '')), 0n);
    expect(formatEuroCents(totalOfBlocks)).toBe(initiation.GrpHdr.CtrlSum);
  });

  it('fills the creditor part of every PmtInf as the EPC guidelines ask', () => {
    for (const block of initiation.PmtInf) {
      expect(block).toMatchObject({
        PmtMtd: 'DD',
        BtchBookg: 'true',
        PmtTpInf: { SvcLvl: { Cd: 'SEPA' }, LclInstrm: { Cd: 'CORE' } },
        Cdtr: { Nm: 'Comptoir SAS' },
        CdtrAcct: { Id: { IBAN: 'FR7630006000011234567890189' } },
        CdtrAgt: { FinInstnId: { BIC: 'AGRIFRPP' } },
        ChrgBr: 'SLEV',
        CdtrSchmeId: { Id: { PrvtId: { Othr: { Id: 'FR72ZZZ123456', SchmeNm: { Prtry: 'SEPA' } } } } },
      });
    }
  });

  it('writes each transaction with amount, mandate, debtor agent (BIC or NOTPROVIDED) and Latin-only text', () => {
    const [frst, rcur] = initiation.PmtInf;
    expect(rcur.DrctDbtTxInf[0]).toEqual({
      PmtId: { EndToEndId: 'INV-2025-0001' },
      InstdAmt: { '#text': '49.90', '@_Ccy': 'EUR' },
      DrctDbtTx: { MndtRltdInf: { MndtId: 'MDT-2025-000123', DtOfSgntr: '2025-06-01' } },
      DbtrAgt: { FinInstnId: { BIC: 'PSSTFRPPXXX' } },
      Dbtr: { Nm: 'Jeanne Dupont' },
      DbtrAcct: { Id: { IBAN: 'FR1420041010050500013M02606' } },
      RmtInf: { Ustrd: 'Facture INV-2025-0001 - abonnement juillet' },
    });
    expect(frst.DrctDbtTxInf[0]).toMatchObject({
      InstdAmt: { '#text': '0.01' },
      DbtrAgt: { FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } },
      Dbtr: { Nm: 'Jurgen Weiss GmbH + Co. KG' },
      RmtInf: { Ustrd: 'Rechnung Nr. 2 - Grosse L' },
    });
    const ooff = initiation.PmtInf[3].DrctDbtTxInf[0];
    expect(ooff.RmtInf).toBeUndefined();
  });

  it('cuts names to 70 and remittance text to 140 characters after transliteration', () => {
    const long = buildPain008({
      ...BATCH,
      creditor: { ...BATCH.creditor, name: 'É'.repeat(100) },
      collections: [
        collection({
          debtor: { ...collection().debtor, name: 'Ü'.repeat(100) },
          remittanceText: 'ß'.repeat(100),
        }),
      ],
    });
    const tx = parser.parse(long).Document.CstmrDrctDbtInitn.PmtInf[0];
    expect(tx.Cdtr.Nm).toBe('E'.repeat(70));
    expect(tx.DrctDbtTxInf[0].Dbtr.Nm).toBe('U'.repeat(70));
    expect(tx.DrctDbtTxInf[0].RmtInf.Ustrd).toBe('s'.repeat(140));
  });

  it('writes only SEPA Latin characters in text nodes', () => {
    const texts = xml.match(/>([^<]+)</g)?.map((t) => t.slice(1, -1).trim()) ?? [];
    for (const text of texts.filter(Boolean)) expect(text).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]+$/);
  });

  describe('refuses a batch that would make an invalid message', () => {
    const cases: [string, DirectDebitBatch, string][] = [
      [
        'a currency other than EUR',
        { ...BATCH, collections: [collection({ currency: 'USD' })] },
        'collections[0].currency',
      ],
      [
        'a float amount',
        { ...BATCH, collections: [collection({ amountMinor: 49.9 })] },
        'collections[0].amountMinor',
      ],
      [
        'a zero amount',
        { ...BATCH, collections: [collection({ amountMinor: 0 })] },
        'collections[0].amountMinor',
      ],
      [
        'an amount over 999 999 999.99',
        { ...BATCH, collections: [collection({ amountMinor: 100_000_000_000 })] },
        'collections[0].amountMinor',
      ],
      ['no collection', { ...BATCH, collections: [] }, 'collections'],
      ['a message id of 36 characters', { ...BATCH, messageId: 'M'.repeat(36) }, 'messageId'],
      [
        'a duplicated end-to-end id',
        { ...BATCH, collections: [collection(), collection()] },
        'collections[1].endToEndId',
      ],
      [
        'an end-to-end id with an underscore',
        { ...BATCH, collections: [collection({ endToEndId: 'INV_1' })] },
        'collections[0].endToEndId',
      ],
      [
        'a mandate reference with //',
        {
          ...BATCH,
          collections: [collection({ mandate: { reference: 'A//B', signatureDate: '2025-06-01' } })],
        },
        'collections[0].mandate.reference',
      ],
      [
        'a collection date before the creation date',
        { ...BATCH, collections: [collection({ requestedCollectionDate: '2025-06-30' })] },
        'collections[0].requestedCollectionDate',
      ],
      [
        'a Swiss debtor without BIC',
        {
          ...BATCH,
          collections: [
            collection({ debtor: { name: 'Heidi Muster', iban: 'CH9300762011623852957', bic: null } }),
          ],
        },
        'collections[0].debtor.bic',
      ],
      [
        'a wrong debtor IBAN',
        {
          ...BATCH,
          collections: [collection({ debtor: { name: 'X', iban: 'FR7630006000011234567890188' } })],
        },
        'collections[0].debtor.iban',
      ],
      [
        'a wrong creditor identifier',
        { ...BATCH, creditor: { ...BATCH.creditor, creditorId: 'FR73ZZZ123456' } },
        'creditor.creditorId',
      ],
      [
        'a debtor name with nothing in Latin letters',
        {
          ...BATCH,
          collections: [collection({ debtor: { name: 'Ωμέγα', iban: 'DE89370400440532013000' } })],
        },
        'collections[0].debtor.name',
      ],
    ];
    it.each(cases)('%s', (_label, batch, path) => {
      expect(() => buildPain008(batch)).toThrow(Pain008Error);
      try {
        buildPain008(batch);
      } catch (error) {
        expect((error as Pain008Error).path).toBe(path);
      }
    });
  });

  it('formats cents with string arithmetic', () => {
    expect(formatEuroCents(0n)).toBe('0.00');
    expect(formatEuroCents(5n)).toBe('0.05');
    expect(formatEuroCents(12_345n)).toBe('123.45');
    expect(formatEuroCents(900_719_925_474_099_312n)).toBe('9007199254740993.12');
    expect(() => formatEuroCents(-1n)).toThrow(RangeError);
  });
});

// Skipped when ../shared/corpus/sepa (third-party ISO 20022 XSD and sample, beside the repository,
// never copied into it) is absent, e.g. in a checkout without ../shared: nothing to validate against.
describe.skipIf(!HAS_SCHEMA)('pain.008.001.02 XSD validation (shared corpus)', () => {
  it('accepts the generated message', async () => {
    const result = await validateAgainstXsd(buildPain008(BATCH));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('accepts a minimal one-transaction message with IBAN-only creditor and debtor', async () => {
    const xml = buildPain008({
      ...BATCH,
      creditor: { ...BATCH.creditor, bic: null },
      batchBooking: false,
      collections: [
        collection({ debtor: { name: 'Jürgen Weiß', iban: 'DE89370400440532013000' }, remittanceText: '' }),
      ],
    });
    const result = await validateAgainstXsd(xml);
    expect(result.errors).toEqual([]);
  });

  it('validates the third-party sample of the corpus (php-sepa-xml), so the validator itself is sane', async () => {
    const sample = readFileSync(SAMPLE_PATH!, 'utf8');
    const parsed = parser.parse(sample).Document.CstmrDrctDbtInitn;
    expect(parsed.GrpHdr).toMatchObject({ NbOfTxs: '1', CtrlSum: '12.34' });
    expect(parsed.PmtInf[0].PmtTpInf.SeqTp).toBe('OOFF');
    const result = await validateAgainstXsd(sample);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('rejects a broken message (no MsgId, an amount with six decimals), so a pass means something', async () => {
    const broken = buildPain008(BATCH)
      .replace(/<MsgId>[^<]*<\/MsgId>/, '')
      .replace('<InstdAmt Ccy="EUR">49.90</InstdAmt>', '<InstdAmt Ccy="EUR">49.901234</InstdAmt>');
    const result = await validateAgainstXsd(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/MsgId|NbOfTxs/);
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
  });
});
