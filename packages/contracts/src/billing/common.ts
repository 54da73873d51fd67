/**
 * @module billing/common
 * Building blocks of the billing contracts: money in minor units, quantities in thousandths, VAT
 * categories, calendar dates, French company identifiers.
 */
import { z } from 'zod';
import { LineSchema } from '../common/index.js';

/** Largest amount accepted anywhere in billing: 1 000 000 000.00 in a 2-decimal currency. */
export const MAX_AMOUNT_MINOR = 100_000_000_000;

/** An amount in minor units of the document's currency (cents for EUR), never a float. */
export const MinorUnitsSchema = z
  .int('Use an integer amount in minor units (cents)')
  .min(-MAX_AMOUNT_MINOR)
  .max(MAX_AMOUNT_MINOR)
  .meta({ description: 'Integer minor units of the currency (cents for EUR)', example: 12_000 });

/** A strictly positive amount in minor units. */
export const PositiveMinorUnitsSchema = z
  .int('Use an integer amount in minor units (cents)')
  .min(1, 'Must be more than zero')
  .max(MAX_AMOUNT_MINOR)
  .meta({ description: 'Integer minor units of the currency (cents for EUR)', example: 12_000 });

/** A quantity in thousandths: 1500 = 1.5 units. */
export const QuantityMilliSchema = z
  .int('Use an integer number of thousandths (1500 = 1.5)')
  .min(-1_000_000_000_000)
  .max(1_000_000_000_000)
  .refine((q) => q !== 0, 'A quantity cannot be zero')
  .meta({ description: 'Thousandths of a unit: 1500 = 1.5', example: 1000 });

/** A calendar date `YYYY-MM-DD` (tenant time zone). */
export const CalendarDateSchema = z.iso.date('Use a date as YYYY-MM-DD').meta({ example: '2026-11-21' });

/** UN/ECE Recommendation 20 unit code. */
export const UnitCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]{2,3}$/, 'Use a UN/ECE Recommendation 20 unit code such as C62, HUR or DAY')
  .meta({ example: 'C62', description: 'UN/ECE Rec. 20: C62 one, HUR hour, DAY day, KGM kilogram' });

/** UNTDID 5305 VAT category codes used by EN 16931. */
export const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export const VatCategorySchema = z.enum(VAT_CATEGORIES).meta({
  description:
    'S standard, Z zero rated, E exempt, AE reverse charge, K intra-EU goods, G export, O outside scope',
});

/** ISO 3166-1 alpha-2 country code, upper case. */
export const CountryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Use a two-letter ISO 3166-1 country code such as FR')
  .meta({ example: 'FR' });

/** A VAT identifier with its country prefix, spaces removed (`FR40303265045`). */
export const VatNumberSchema = z
  .string()
  .transform((s) => s.replace(/[\s.-]/g, '').toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{2}[0-9A-Z+*.]{2,13}$/, 'Use a VAT number with its country prefix, e.g. FR40303265045'),
  )
  .meta({ example: 'FR40303265045' });

/** Luhn check used by SIREN and SIRET (INSEE). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** French SIREN: 9 digits with a Luhn check digit (spaces allowed on input). */
export const SirenSchema = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(
    z
      .string()
      .regex(/^[0-9]{9}$/, 'A SIREN has 9 digits')
      .refine(luhnValid, 'This SIREN fails its check digit'),
  )
  .meta({ example: '303265045' });

/** French SIRET: 14 digits with a Luhn check digit (La Poste's establishments excepted, per INSEE). */
export const SiretSchema = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(
    z
      .string()
      .regex(/^[0-9]{14}$/, 'A SIRET has 14 digits')
      .refine((s) => s.startsWith('356000000') || luhnValid(s), 'This SIRET fails its check digit'),
  )
  .meta({ example: '30326504500017' });

/** A short free reference (purchase order, buyer reference, payment reference). */
export const ReferenceSchema = LineSchema(100);
