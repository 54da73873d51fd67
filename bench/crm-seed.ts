/**
 * @module crm-seed
 * The seed of the CRM part: one tenant of 100,000 contacts and 49 of 10,000 (590,000 in all),
 * with data varied enough for full-text search to mean something: French, English, German and
 * Spanish first and last names, accents included (Élodie, François, Müller, Núñez…), e-mail
 * addresses at the contact's company or a mail provider (one in five with a second one, one in
 * twenty with none), phones as typed with their E.164 form (France, United Kingdom, United
 * States), companies per tenant (2,000 for the large tenant, 200 for the others) linked to seven
 * contacts in ten, job titles, tags, notes in French and English, addresses, owners, sources,
 * and one contact in fifty in the trash.
 *
 * Set-based and deterministic: every choice is a hash of the contact's number
 * (`hashint8extended(i, seed)`), so two runs seed the same names, e-mails and notes (only the
 * uuids and timestamps differ). Rows are inserted in creation order with every tenant spread
 * evenly over the heap (as a shared table fills in production), created over the last three
 * years.
 *
 * Run by `runSeed` (`seed.ts`): superuser, `session_replication_role = replica`: user triggers and
 * foreign-key checks are skipped. On crm.contacts the insert triggers are the audit triggers (one
 * audit row per contact: irrelevant to what is measured), the custom-field checks (nothing to
 * check: `custom` is `{}` and the tenants define no fields, required or not) and the company-name
 * trigger, which copies the company's name into `company_name`: the seed writes that column
 * itself, from the same company row. On crm.companies only the audit and custom-field triggers
 * fire on insert.
 * Generated columns (search, name_key, email_keys, phone_keys) are computed by PostgreSQL
 * whatever the role.
 */
import type { SeedPlan } from './seed.js';

/** Shape of the CRM seed. */
export interface CrmSeedOptions {
  /** Contacts of the large tenant (the one loaded). */
  largeContacts: number;
  /** Other tenants, and their contacts each. */
  smallTenants: number;
  smallContacts: number;
  /** Companies of the large tenant, and of each other tenant. */
  largeCompanies: number;
  smallCompanies: number;
}

/** What the issue asks for: 100k contacts in one tenant, 49 other tenants of 10k. */
export const CRM_SEED: CrmSeedOptions = {
  largeContacts: 100_000,
  smallTenants: 49,
  smallContacts: 10_000,
  largeCompanies: 2_000,
  smallCompanies: 200,
};

export const FIRST_NAMES = [
  'Élodie',
  'François',
  'Françoise',
  'Amélie',
  'Chloé',
  'Hélène',
  'Jérôme',
  'Loïc',
  'Gaëlle',
  'Zoé',
  'Noël',
  'Céline',
  'Benoît',
  'André',
  'René',
  'Inès',
  'Maël',
  'Anaïs',
  'Stéphane',
  'Grégoire',
  'Séverine',
  'Thérèse',
  'Frédéric',
  'Sébastien',
  'Léa',
  'Cédric',
  'Mégane',
  'Jean',
  'Marie',
  'Pierre',
  'Sophie',
  'Camille',
  'Lucas',
  'Hugo',
  'Manon',
  'Louis',
  'Nathalie',
  'Julien',
  'Isabelle',
  'Nicolas',
  'Claire',
  'Antoine',
  'Laure',
  'Mathieu',
  'Juliette',
  'Vincent',
  'Aurélie',
  'Thomas',
  'Emma',
  'Paul',
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Sarah',
  'Emily',
  'Oliver',
  'Charlotte',
  'Harry',
  'Jack',
  'Olivia',
  'George',
  'Amelia',
  'Jürgen',
  'Jörg',
  'Björn',
  'Günther',
  'Käthe',
  'José',
  'María',
  'Íñigo',
  'Sofía',
  'Raúl',
];

export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Lemaître',
  'Bélanger',
  'Côté',
  'Gagné',
  'Pelletier',
  'Desjardins',
  'Hébert',
  'Lévesque',
  'Bouchard',
  'Gélinas',
  'Brûlé',
  'Frémont',
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Jackson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  "O'Brien",
  'McAllister',
  'Müller',
  'Schröder',
  'Weiß',
  'Schäfer',
  'Köhler',
  'Núñez',
  'Muñoz',
  'González',
  'Pérez',
  'Håkansson',
];

const COMPANY_PREFIXES = [
  'Atelier',
  'Boulangerie',
  'Cabinet',
  'Garage',
  'Studio',
  'Maison',
  'Librairie',
  'Pharmacie',
  'Agence',
  'Groupe',
  'Café',
  'Hôtel',
  'Transports',
  'Menuiserie',
  'Imprimerie',
  'Brasserie',
  'Fromagerie',
  'Clinique vétérinaire',
  'Laboratoire',
  'Domaine',
  'Northwind',
  'Blue Harbor',
  'Greenfield',
  'Brightside',
  'Crédit',
  'Électricité',
  'Plomberie',
  'Éditions',
  'Société',
  'Compagnie',
];
const COMPANY_CORES = [
  'Dupont',
  'Lumière',
  "Côte d'Azur",
  'Saint-Étienne',
  'Montmartre',
  'Bellevue',
  'Riviera',
  'des Alpes',
  'du Marais',
  'Martin',
  'Lefèvre',
  'Mercier',
  'Rousseau',
  'Chevalier',
  'Fontaine',
  'Océan',
  'Méditerranée',
  'Bretagne',
  'Provence',
  'Normandie',
  'Lyonnaise',
  'Parisienne',
  'Müller',
  'Núñez',
  'Traders',
  'Digital',
  'Solutions',
  'Logistics',
  'Partners',
  'Boréal',
];
const COMPANY_SUFFIXES = [
  '',
  '',
  '',
  ' SARL',
  ' SAS',
  ' & Fils',
  ' Ltd',
  ' GmbH',
  ' Consulting',
  ' et Associés',
];
const INDUSTRIES = [
  'Retail',
  'Food',
  'Services',
  'Construction',
  'Health',
  'Software',
  'Transport',
  'Hospitality',
];
const MAIL_PROVIDERS = [
  'gmail.com',
  'orange.fr',
  'free.fr',
  'outlook.com',
  'yahoo.fr',
  'laposte.net',
  'hotmail.com',
  'icloud.com',
  'proton.me',
  'sfr.fr',
];
const JOB_TITLES = [
  'Gérant',
  'Gérante',
  'Directrice commerciale',
  'Directeur financier',
  'Comptable',
  'Responsable achats',
  'Chargée de clientèle',
  'Chef de projet',
  'Ingénieure logiciel',
  'Développeur',
  'Office Manager',
  'Sales Manager',
  'CEO',
  'CTO',
  'Head of Marketing',
  'Account Executive',
  'Assistante de direction',
  'Responsable RH',
  'Architecte',
  'Pharmacien',
  'Boulanger',
  'Consultant',
  'Juriste',
  'Acheteuse',
];
const STATUS_TAGS = ['client', 'prospect', 'fournisseur', 'partenaire', 'ancien-client'];
const INTEREST_TAGS = ['newsletter', 'vip', 'salon-lyon-2025', 'webinar', 'b2b', 'b2c', 'relance'];
const REGION_TAGS = ['paris', 'lyon', 'ile-de-france', 'export', 'bretagne'];
const NOTES = [
  'Rencontré au salon de Lyon, intéressé par l’offre premium.',
  'Rappeler en septembre pour le renouvellement du contrat.',
  'Préfère être contacté par téléphone le matin.',
  'A demandé un devis pour la rénovation de la boutique.',
  'Client fidèle depuis 2019, très satisfait du service après-vente.',
  'Envoyer la plaquette commerciale et les tarifs 2026.',
  'Décisionnaire pour les achats de matériel informatique.',
  'Ancien collègue de Sébastien, recommandé par Hélène.',
  'Souhaite une démonstration du logiciel avant la fin du trimestre.',
  'Facture en attente de règlement, relancer la comptabilité.',
  'Met with them at the Paris trade fair, follow up about pricing.',
  'Prefers e-mail; do not call before 10 am.',
  'Asked for a quote for 50 licences, budget approved in March.',
  'Referred by the Northwind account manager.',
  'Interested in the annual maintenance plan.',
  'Moved to a new office in Bordeaux, update the shipping address.',
  'Allergique aux arachides : prévoir un autre traiteur pour le séminaire.',
  'Parle couramment allemand et espagnol.',
  'Wants to be invited to the next webinar about invoicing.',
  'Échéance du bail commercial en décembre, projet d’agrandissement.',
];
const CITIES: Array<[string, string, string]> = [
  ['Paris', '75011', 'FR'],
  ['Lyon', '69002', 'FR'],
  ['Marseille', '13001', 'FR'],
  ['Toulouse', '31000', 'FR'],
  ['Nantes', '44000', 'FR'],
  ['Lille', '59000', 'FR'],
  ['Bordeaux', '33000', 'FR'],
  ['Saint-Étienne', '42000', 'FR'],
  ['Besançon', '25000', 'FR'],
  ['Orléans', '45000', 'FR'],
  ['Genève', '1201', 'CH'],
  ['Bruxelles', '1000', 'BE'],
  ['Montréal', 'H2X 1Y4', 'CA'],
  ['London', 'EC1A 1BB', 'GB'],
  ['München', '80331', 'DE'],
  ['Sevilla', '41001', 'ES'],
];
const STREETS = [
  'rue de la République',
  'avenue Jean Jaurès',
  'boulevard Voltaire',
  'rue du Faubourg Saint-Honoré',
  'place Bellecour',
  'chemin des Écoliers',
  'High Street',
  'Hauptstraße',
];
const SOURCES = ['website', 'salon', 'referral', 'import: legacy.csv', 'newsletter', 'LinkedIn'];

/** A SQL text[] literal of trusted constants. */
const textArray = (values: readonly string[]) =>
  `array[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}]::text[]`;

/** A non-negative pseudo-random integer for `key` (an int8 expression) and `seed`. */
const hash = (key: string, seed: number) => `(hashint8extended(${key}, ${seed}) & 2147483647)`;

/** A 1-based index into `values`, chosen by `key` and `seed`. */
const index = (values: readonly unknown[], key: string, seed: number) =>
  `(1 + ${hash(key, seed)} % ${values.length})::int`;

/** A deterministic choice among `values` for `key` and `seed`. */
const pick = (values: readonly string[], key: string, seed: number) =>
  `(${textArray(values)})[${index(values, key, seed)}]`;

/**
 * A name as an e-mail local part: accents and case folded, only letters and digits ("Élodie" →
 * "elodie", "O'Brien" → "obrien", "Weiß" → "weiss"). Done here, once per name, rather than by
 * PostgreSQL once per row.
 */
export const mailPart = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .replace(/[^a-z0-9]+/g, '');

const positiveInt = (name: string, value: number) => {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
};

/**
 * The CRM seed: 1 + `smallTenants` tenants (slugs `bench-001`, the large one, to `bench-050`),
 * each with one OWNER, its companies (inserted by `prepare`) and its contacts (the bulk step).
 */
export function crmSeedPlan(options: CrmSeedOptions = CRM_SEED): SeedPlan {
  const large = positiveInt('largeContacts', options.largeContacts);
  const small = positiveInt('smallContacts', options.smallContacts);
  const tenants = positiveInt('smallTenants', options.smallTenants) + 1;
  const largeCompanies = positiveInt('largeCompanies', options.largeCompanies);
  const smallCompanies = positiveInt('smallCompanies', options.smallCompanies);
  // r.i: a contact's number, unique over the whole seed.
  const h = (seed: number) => hash('r.i', seed);
  const cities = CITIES.map(([city]) => city);
  const postcodes = CITIES.map(([, code]) => code);
  const countries = CITIES.map(([, , country]) => country);
  const personal = `r.first_mail || '.' || r.last_mail || (r.j % 1000)::text || '@' || ${pick(MAIL_PROVIDERS, 'r.i', 11)}`;
  const work = `left(r.first_mail, 1) || '.' || r.last_mail || '@' || c.domain`;
  // Phones as typed, with their E.164 form: France (mobile 06/07), United Kingdom, United States.
  const digits8 = `lpad((${h(21)} % 100000000)::text, 8, '0')`;
  const phone = `case
      when ${h(20)} % 10 = 0 then '[]'::jsonb
      when ${h(20)} % 10 = 1 then jsonb_build_array(jsonb_build_object('label', 'mobile',
        'number', '+44 7700 9' || substr(${digits8}, 1, 5), 'e164', '+4477009' || substr(${digits8}, 1, 5)))
      when ${h(20)} % 20 = 2 then jsonb_build_array(jsonb_build_object('label', 'work',
        'number', '+1 415-555-' || substr(${digits8}, 1, 4), 'e164', '+1415555' || substr(${digits8}, 1, 4)))
      else jsonb_build_array(jsonb_build_object('label', 'mobile',
        'number', '0' || (6 + ${h(22)} % 2) || ' ' || substr(${digits8}, 1, 2) || ' ' || substr(${digits8}, 3, 2)
                  || ' ' || substr(${digits8}, 5, 2) || ' ' || substr(${digits8}, 7, 2),
        'e164', '+33' || (6 + ${h(22)} % 2) || ${digits8}))
    end`;
  const companyKey = 't.n * 100000 + k';
  return {
    prepare: `
      create table bench_seed.tenants as
        select n, gen_random_uuid() as tenant_id, gen_random_uuid() as user_id,
               case when n = 1 then ${large} else ${small} end as contacts,
               case when n = 1 then ${largeCompanies} else ${smallCompanies} end as companies
        from generate_series(1, ${tenants}) as n;
      insert into platform.tenants (id, slug, name)
        select tenant_id, 'bench-' || lpad(n::text, 3, '0'),
               case when n = 1 then 'Bench large tenant' else 'Bench tenant ' || n end
        from bench_seed.tenants;
      insert into platform.users (id, email, password_hash, name)
        select user_id, 'owner-' || lpad(n::text, 3, '0') || '@bench.example', 'not-a-login', 'Owner ' || n
        from bench_seed.tenants;
      insert into platform.memberships (tenant_id, user_id, role)
        select tenant_id, user_id, 'OWNER' from bench_seed.tenants;

      create table bench_seed.companies as
        select t.n, k, gen_random_uuid() as id, t.tenant_id, t.user_id, x.name,
               regexp_replace(private.fold(x.name), '[^a-z0-9]+', '-', 'g')
                 || (array['.fr', '.com', '.eu', '.co.uk'])[1 + k % 4] as domain
        from bench_seed.tenants as t
        cross join lateral generate_series(1, t.companies) as k
        cross join lateral (
          select ${pick(COMPANY_PREFIXES, companyKey, 1)} || ' ' || ${pick(COMPANY_CORES, companyKey, 2)}
                 || ${pick(COMPANY_SUFFIXES, companyKey, 3)} as name
        ) as x;
      create index on bench_seed.companies (n, k);
      insert into crm.companies
        (id, tenant_id, name, domain, industry, emails, phones, tags, created_by, created_at, updated_at)
        select id, tenant_id, name, domain, ${pick(INDUSTRIES, 'n * 100000 + k', 4)},
               jsonb_build_array(jsonb_build_object('label', 'work', 'address', 'contact@' || domain)),
               jsonb_build_array(jsonb_build_object('label', 'work', 'number', '01 45 ' || lpad((k % 100)::text, 2, '0') || ' 00 00',
                                                    'e164', '+33145' || lpad((k % 100)::text, 2, '0') || '0000')),
               case when k % 3 = 0 then array['client'] else '{}' end,
               user_id, now() - interval '4 years' + k * interval '1 minute', now() - interval '4 years' + k * interval '1 minute'
        from bench_seed.companies;
      analyze bench_seed.companies;
    `,
    bulk: (part, parts) => `
      insert into crm.contacts
        (tenant_id, first_name, last_name, job_title, company_id, company_name, emails, phones, addresses,
         tags, notes, owner_id, source, created_by, created_at, updated_at, deleted_at)
        select r.tenant_id, r.first_name, r.last_name,
               case when ${h(30)} % 10 < 6 then ${pick(JOB_TITLES, 'r.i', 31)} end,
               c.id, c.name,
               case
                 when ${h(40)} % 20 = 0 then '[]'::jsonb
                 when ${h(40)} % 5 = 1 then jsonb_build_array(
                   jsonb_build_object('label', 'work', 'address', coalesce(${work}, ${personal})),
                   jsonb_build_object('label', 'home', 'address', ${personal}))
                 else jsonb_build_array(jsonb_build_object('label', case when c.id is null then 'home' else 'work' end,
                                                           'address', coalesce(${work}, ${personal})))
               end,
               ${phone},
               case when ${h(50)} % 10 < 3 then jsonb_build_array(jsonb_build_object(
                 'label', 'work', 'street', (1 + ${h(51)} % 120) || ' ' || ${pick(STREETS, 'r.i', 52)},
                 'postal_code', ${pick(postcodes, 'r.i', 53)}, 'city', ${pick(cities, 'r.i', 53)},
                 'country', ${pick(countries, 'r.i', 53)}))
               else '[]'::jsonb end,
               array_remove(array[
                 case when ${h(60)} % 3 > 0 then ${pick(STATUS_TAGS, 'r.i', 61)} end,
                 case when ${h(62)} % 4 = 0 then ${pick(INTEREST_TAGS, 'r.i', 63)} end,
                 case when ${h(64)} % 6 = 0 then ${pick(REGION_TAGS, 'r.i', 65)} end
               ], null),
               case when ${h(70)} % 10 < 4 then ${pick(NOTES, 'r.i', 71)}
                    || case when ${h(72)} % 3 = 0 then ' ' || ${pick(NOTES, 'r.i', 73)} else '' end end,
               case when ${h(80)} % 2 = 0 then r.user_id end,
               case when ${h(81)} % 3 > 0 then ${pick(SOURCES, 'r.i', 82)} end,
               r.user_id, r.at, least(now(), r.at + (${h(90)} % 90) * interval '1 day'),
               case when ${h(91)} % 50 = 0 then least(now(), r.at + interval '30 days') end
        from (
          select s.*, (${textArray(FIRST_NAMES)})[s.fi] as first_name, (${textArray(FIRST_NAMES.map(mailPart))})[s.fi] as first_mail,
                 (${textArray(LAST_NAMES)})[s.li] as last_name, (${textArray(LAST_NAMES.map(mailPart))})[s.li] as last_mail
          from (
            select t.n, t.tenant_id, t.user_id, j, t.n::bigint * 1000000 + j as i, t.companies,
                   ${index(FIRST_NAMES, 't.n::bigint * 1000000 + j', 1)} as fi,
                   ${index(LAST_NAMES, 't.n::bigint * 1000000 + j', 2)} as li,
                   now() - (1 - j::float8 / t.contacts) * interval '3 years' - t.n * interval '1 second' as at
            from bench_seed.tenants as t
            cross join lateral generate_series(1, t.contacts) as j
            where (t.n::bigint * 1000000 + j) % ${parts} = ${part}
          ) as s
        ) as r
        left join bench_seed.companies as c
          on c.n = r.n and c.k = 1 + ${h(5)} % r.companies and ${h(6)} % 10 < 7
        order by r.at;
    `,
    rebuildIndexesOf: ['crm.contacts'],
  };
}
