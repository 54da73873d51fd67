/**
 * @module pain008
 * ISO 20022 `pain.008.001.02` (CustomerDirectDebitInitiationV02) for SEPA Direct Debit Core, as
 * profiled by the EPC SDD Core Customer-to-PSP Implementation Guidelines: the file a creditor
 * uploads to its bank to collect a batch of direct debits.
 *
 * Layout: one `GrpHdr` (message id, creation time, number of transactions, control sum, initiating
 * party), then one `PmtInf` per (sequence type, requested collection date) with the creditor's
 * account, bank and creditor identifier, each holding its `DrctDbtTxInf` transactions (end-to-end
 * id, amount in EUR, mandate reference and signature date, debtor bank, name and account,
 * unstructured remittance information).
 *
 * Amounts are integer cents; the decimal strings are built from them with integer arithmetic, never
 * with floats. Free text is transliterated to the SEPA Latin character set and cut to the lengths
 * the EPC allows (names 70, remittance 140).
 */
import { create } from 'xmlbuilder2';
import { sepaIdentifierProblem, toSepaText } from './charset.js';
import {
  checkBic,
  checkCreditorId,
  checkSepaIban,
  EEA_COUNTRIES,
  isIsoDate,
  type SequenceType,
} from './mandate.js';

/** Namespace of the pain.008.001.02 schema. */
export const PAIN_008_001_02_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02';

/** The creditor (us): who collects, into which account. */
export interface DirectDebitCreditor {
  /** Creditor name (AT-03), transliterated and cut to 70 characters. */
  name: string;
  /** Account credited (AT-04), any spacing. */
  iban: string;
  /** BIC of the creditor's bank; `null`/absent writes `Othr/Id NOTPROVIDED` (IBAN-only). */
  bic?: string | null;
  /** SEPA Creditor Identifier (AT-02), e.g. `FR72ZZZ123456`. */
  creditorId: string;
}

/** One direct debit of the batch. */
export interface DirectDebitCollection {
  /** End-to-end identification (AT-10), returned in R-transactions: 1–35 SEPA characters, unique in the batch. */
  endToEndId: string;
  /** Amount in cents (integer, 1 to 99 999 999 999, i.e. 0.01 to 999 999 999.99 EUR, EPC AT-06). */
  amountMinor: number;
  /** ISO 4217 code; must be `EUR` (SEPA Direct Debit is euro-only). */
  currency: string;
  /** FRST/RCUR/FNAL/OOFF, see `nextSequenceType` in `./mandate.ts`. */
  sequenceType: SequenceType;
  /** Requested collection date (due date, AT-11), `YYYY-MM-DD`, a TARGET2 business day. */
  requestedCollectionDate: string;
  mandate: {
    /** Unique mandate reference (AT-01). */
    reference: string;
    /** Date of signature (AT-25), `YYYY-MM-DD`. */
    signatureDate: string;
  };
  debtor: {
    /** Debtor name (AT-14), transliterated and cut to 70 characters. */
    name: string;
    /** Debtor IBAN (AT-07), any spacing. */
    iban: string;
    /** Debtor BIC (AT-13); optional for an EEA IBAN, else `NOTPROVIDED` is not accepted. */
    bic?: string | null;
  };
  /** Unstructured remittance information (AT-22), transliterated and cut to 140 characters. */
  remittanceText?: string | null;
}

/** A batch of collections that becomes one pain.008 message. */
export interface DirectDebitBatch {
  /** Message identification (`GrpHdr/MsgId`): 1–35 SEPA characters, unique per creditor over time. */
  messageId: string;
  /** Creation instant (`GrpHdr/CreDtTm`), written in UTC to the second. */
  createdAt: Date;
  creditor: DirectDebitCreditor;
  /** Initiating party name; defaults to the creditor name. */
  initiatingPartyName?: string;
  /** `BtchBookg`: one booking per `PmtInf` (true, default) or one per transaction (false). */
  batchBooking?: boolean;
  /** At least one collection. */
  collections: readonly DirectDebitCollection[];
}

/** Thrown by {@link buildPain008} when the batch cannot produce a valid message; `path` names the input. */
export class Pain008Error extends Error {
  override readonly name = 'Pain008Error';
  constructor(
    /** Where in the batch, e.g. `collections[2].currency`. */
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** Largest amount of one SEPA transaction, in cents (999 999 999.99 EUR, EPC AT-06). */
const MAX_AMOUNT_MINOR = 99_999_999_999;
/** Order of the `PmtInf` blocks of one date. */
const SEQUENCE_ORDER: readonly SequenceType[] = ['FRST', 'RCUR', 'FNAL', 'OOFF'];

/**
 * Formats integer cents as a decimal string with two fraction digits, by string arithmetic
 * (`12345n` → `"123.45"`, `5n` → `"0.05"`). EUR has two minor-unit digits (ISO 4217).
 *
 * @throws RangeError for a negative amount.
 */
export function formatEuroCents(amountMinor: bigint): string {
  if (amountMinor < 0n) throw new RangeError('amount must not be negative');
  const digits = amountMinor.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** An element under construction (xmlbuilder2 does not export the type from its root). */
type XmlElement = ReturnType<typeof create>;

/** Validated, normalised collection, ready to write. */
interface PreparedCollection {
  endToEndId: string;
  amountMinor: bigint;
  sequenceType: SequenceType;
  date: string;
  mandateReference: string;
  signatureDate: string;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  remittance: string;
}

function requireIdentifier(path: string, value: string): string {
  const problem = sepaIdentifierProblem(value);
  if (problem === null) return value;
  const why = {
    required: 'is required',
    too_long: 'has more than 35 characters',
    invalid_characters: "may only use a-z A-Z 0-9 / - ? : ( ) . , ' + and space",
    invalid_format: "may not start or end with '/' nor contain '//'",
  }[problem];
  throw new Pain008Error(path, `${JSON.stringify(value)} ${why}`);
}

function requireName(path: string, value: string): string {
  const name = toSepaText(value, 70);
  if (name === '') throw new Pain008Error(path, 'name is empty once written in SEPA Latin characters');
  return name;
}

function requireIban(path: string, value: string): string {
  const result = checkSepaIban(value);
  if ('code' in result) throw new Pain008Error(path, result.message);
  return result.iban;
}

function optionalBic(path: string, value: string | null | undefined, iban: string): string | null {
  const raw = value?.trim() ?? '';
  if (raw === '') {
    if (!EEA_COUNTRIES.has(iban.slice(0, 2)))
      throw new Pain008Error(path, `BIC is required for an account outside the EEA (${iban.slice(0, 2)})`);
    return null;
  }
  const result = checkBic(raw);
  if ('code' in result) throw new Pain008Error(path, result.message);
  return result.bic;
}

function prepareCollection(
  collection: DirectDebitCollection,
  index: number,
  createdDate: string,
  seen: Set<string>,
): PreparedCollection {
  const at = `collections[${index}]`;
  if (collection.currency !== 'EUR')
    throw new Pain008Error(
      `${at}.currency`,
      `SEPA direct debits are in EUR only, got ${collection.currency}`,
    );
  if (!Number.isSafeInteger(collection.amountMinor) || collection.amountMinor < 1)
    throw new Pain008Error(
      `${at}.amountMinor`,
      `must be a positive integer number of cents, got ${collection.amountMinor}`,
    );
  if (collection.amountMinor > MAX_AMOUNT_MINOR)
    throw new Pain008Error(`${at}.amountMinor`, 'exceeds 999 999 999.99 EUR, the SEPA maximum');
  const endToEndId = requireIdentifier(`${at}.endToEndId`, collection.endToEndId);
  if (seen.has(endToEndId))
    throw new Pain008Error(`${at}.endToEndId`, `${endToEndId} appears twice in the batch`);
  seen.add(endToEndId);
  if (!SEQUENCE_ORDER.includes(collection.sequenceType))
    throw new Pain008Error(`${at}.sequenceType`, `unknown sequence type ${collection.sequenceType}`);
  const date = collection.requestedCollectionDate;
  if (!isIsoDate(date))
    throw new Pain008Error(`${at}.requestedCollectionDate`, `${date} is not a YYYY-MM-DD date`);
  if (date < createdDate)
    throw new Pain008Error(
      `${at}.requestedCollectionDate`,
      `${date} is before the message creation date ${createdDate}`,
    );
  const mandateReference = requireIdentifier(`${at}.mandate.reference`, collection.mandate.reference);
  const signatureDate = collection.mandate.signatureDate;
  if (!isIsoDate(signatureDate))
    throw new Pain008Error(`${at}.mandate.signatureDate`, `${signatureDate} is not a YYYY-MM-DD date`);
  if (signatureDate > date)
    throw new Pain008Error(
      `${at}.mandate.signatureDate`,
      `mandate signed ${signatureDate}, after the collection date`,
    );
  const debtorIban = requireIban(`${at}.debtor.iban`, collection.debtor.iban);
  return {
    endToEndId,
    amountMinor: BigInt(collection.amountMinor),
    sequenceType: collection.sequenceType,
    date,
    mandateReference,
    signatureDate,
    debtorName: requireName(`${at}.debtor.name`, collection.debtor.name),
    debtorIban,
    debtorBic: optionalBic(`${at}.debtor.bic`, collection.debtor.bic, debtorIban),
    remittance: toSepaText(collection.remittanceText ?? '', 140),
  };
}

/** Writes `FinInstnId` with the BIC, or `Othr/Id NOTPROVIDED` when there is none (EPC IG, IBAN-only). */
function agent(parent: XmlElement, name: 'CdtrAgt' | 'DbtrAgt', bic: string | null): void {
  const institution = parent.ele(name).ele('FinInstnId');
  if (bic) institution.ele('BIC').txt(bic);
  else institution.ele('Othr').ele('Id').txt('NOTPROVIDED');
}

/**
 * Builds a pain.008.001.02 SEPA Direct Debit Core message (UTF-8 XML, pretty-printed).
 *
 * - `GrpHdr`: `MsgId`, `CreDtTm` (UTC, `YYYY-MM-DDThh:mm:ssZ`), `NbOfTxs`, `CtrlSum` (sum of all
 *   amounts), `InitgPty/Nm`.
 * - One `PmtInf` per (sequence type, requested collection date), ordered by date then FRST, RCUR,
 *   FNAL, OOFF; `PmtInfId` is the message id with `-1`, `-2`, … (cut to 35 characters); `PmtMtd`
 *   DD, `BtchBookg`, its own `NbOfTxs`/`CtrlSum`, `PmtTpInf` (`SvcLvl/Cd` SEPA, `LclInstrm/Cd`
 *   CORE, `SeqTp`), `ReqdColltnDt`, `Cdtr`, `CdtrAcct`, `CdtrAgt`, `ChrgBr` SLEV, `CdtrSchmeId`
 *   (`PrvtId/Othr/Id` + `SchmeNm/Prtry` SEPA).
 * - One `DrctDbtTxInf` per collection, in input order: `PmtId/EndToEndId`, `InstdAmt Ccy="EUR"`,
 *   `DrctDbtTx/MndtRltdInf` (`MndtId`, `DtOfSgntr`), `DbtrAgt`, `Dbtr/Nm`, `DbtrAcct`, `RmtInf/Ustrd`
 *   (omitted when empty).
 *
 * Sources: ISO 20022 message definition pain.008.001.02; EPC SDD Core Customer-to-PSP
 * Implementation Guidelines (field usage, character set, name 70 / remittance 140, `NOTPROVIDED`).
 * Not checked: that the collection date is a TARGET2 day far enough ahead for the bank's cut-off
 * (D-1 interbank for Core), and mandate amendments (`AmdmntInd`), which are not written.
 *
 * @throws Pain008Error (with the input `path`) when a currency is not EUR, an amount is not a
 *   positive integer of cents (≤ 999 999 999.99), an identifier is empty, longer than 35 characters
 *   or outside the SEPA character set, an end-to-end id repeats, a date is invalid or before the
 *   creation date, an IBAN, BIC or creditor identifier is invalid, a BIC is missing for a non-EEA
 *   account, a name has nothing left after transliteration, or there is no collection.
 */
export function buildPain008(batch: DirectDebitBatch): string {
  if (Number.isNaN(batch.createdAt.getTime())) throw new Pain008Error('createdAt', 'invalid date');
  const messageId = requireIdentifier('messageId', batch.messageId);
  const createdAt = batch.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const createdDate = createdAt.slice(0, 10);
  if (batch.collections.length === 0)
    throw new Pain008Error('collections', 'a message needs at least one collection');

  const creditorName = requireName('creditor.name', batch.creditor.name);
  const initiatingPartyName =
    batch.initiatingPartyName === undefined
      ? creditorName
      : requireName('initiatingPartyName', batch.initiatingPartyName);
  const creditorIban = requireIban('creditor.iban', batch.creditor.iban);
  const creditorBic = optionalBic('creditor.bic', batch.creditor.bic, creditorIban);
  const creditorId = checkCreditorId(batch.creditor.creditorId);
  if ('code' in creditorId) throw new Pain008Error('creditor.creditorId', creditorId.message);

  const seen = new Set<string>();
  const collections = batch.collections.map((c, i) => prepareCollection(c, i, createdDate, seen));

  const groups = new Map<string, PreparedCollection[]>();
  for (const collection of collections) {
    const key = `${collection.date}|${SEQUENCE_ORDER.indexOf(collection.sequenceType)}`;
    const group = groups.get(key);
    if (group) group.push(collection);
    else groups.set(key, [collection]);
  }
  const orderedKeys = [...groups.keys()].sort();
  const total = collections.reduce((sum, c) => sum + c.amountMinor, 0n);

  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(PAIN_008_001_02_NAMESPACE, 'Document');
  const initiation = root.ele('CstmrDrctDbtInitn');
  const header = initiation.ele('GrpHdr');
  header.ele('MsgId').txt(messageId);
  header.ele('CreDtTm').txt(createdAt);
  header.ele('NbOfTxs').txt(String(collections.length));
  header.ele('CtrlSum').txt(formatEuroCents(total));
  header.ele('InitgPty').ele('Nm').txt(initiatingPartyName);

  orderedKeys.forEach((key, index) => {
    const group = groups.get(key)!;
    const first = group[0]!;
    const suffix = `-${index + 1}`;
    const info = initiation.ele('PmtInf');
    info.ele('PmtInfId').txt(`${messageId.slice(0, 35 - suffix.length)}${suffix}`);
    info.ele('PmtMtd').txt('DD');
    info.ele('BtchBookg').txt(String(batch.batchBooking ?? true));
    info.ele('NbOfTxs').txt(String(group.length));
    info.ele('CtrlSum').txt(formatEuroCents(group.reduce((sum, c) => sum + c.amountMinor, 0n)));
    const type = info.ele('PmtTpInf');
    type.ele('SvcLvl').ele('Cd').txt('SEPA');
    type.ele('LclInstrm').ele('Cd').txt('CORE');
    type.ele('SeqTp').txt(first.sequenceType);
    info.ele('ReqdColltnDt').txt(first.date);
    info.ele('Cdtr').ele('Nm').txt(creditorName);
    info.ele('CdtrAcct').ele('Id').ele('IBAN').txt(creditorIban);
    agent(info, 'CdtrAgt', creditorBic);
    info.ele('ChrgBr').txt('SLEV');
    const scheme = info.ele('CdtrSchmeId').ele('Id').ele('PrvtId').ele('Othr');
    scheme.ele('Id').txt(creditorId.creditorId);
    scheme.ele('SchmeNm').ele('Prtry').txt('SEPA');

    for (const collection of group) {
      const tx = info.ele('DrctDbtTxInf');
      tx.ele('PmtId').ele('EndToEndId').txt(collection.endToEndId);
      tx.ele('InstdAmt', { Ccy: 'EUR' }).txt(formatEuroCents(collection.amountMinor));
      const mandate = tx.ele('DrctDbtTx').ele('MndtRltdInf');
      mandate.ele('MndtId').txt(collection.mandateReference);
      mandate.ele('DtOfSgntr').txt(collection.signatureDate);
      agent(tx, 'DbtrAgt', collection.debtorBic);
      tx.ele('Dbtr').ele('Nm').txt(collection.debtorName);
      tx.ele('DbtrAcct').ele('Id').ele('IBAN').txt(collection.debtorIban);
      if (collection.remittance !== '') tx.ele('RmtInf').ele('Ustrd').txt(collection.remittance);
    }
  });

  return root.end({ prettyPrint: true });
}
