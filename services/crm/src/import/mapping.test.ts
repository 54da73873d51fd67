import { describe, expect, it } from 'vitest';
import { classifyHeader, detectSource, labelFromText, squash, suggestMapping } from './mapping.js';

const targets = (headers: string[], custom: { key: string; label: string }[] = []) =>
  suggestMapping(headers, [], custom).mapping.map((m) => [
    headers[m.column],
    m.target,
    m.label ?? null,
    m.label_column ?? null,
    m.address ?? null,
  ]);

describe('squash', () => {
  it('Should fold accents, case and punctuation', () => {
    expect(squash('E-mail 2 Address')).toBe('email2address');
    expect(squash('Société')).toBe('societe');
    expect(squash('Straße')).toBe('strasse');
    expect(squash('FIRSTNAME')).toBe('firstname');
  });
});

describe('suggestMapping', () => {
  it('Should map Google Contacts with its type/value pairs', () => {
    const headers = [
      'Name',
      'Given Name',
      'Family Name',
      'E-mail 1 - Type',
      'E-mail 1 - Value',
      'Phone 1 - Type',
      'Phone 1 - Value',
      'Organization 1 - Name',
      'Organization 1 - Title',
      'Address 1 - Type',
      'Address 1 - Street',
      'Address 1 - PO Box',
      'Group Membership',
      'Phonetic First Name',
    ];
    expect(targets(headers)).toEqual([
      ['Name', 'full_name', null, null, null],
      ['Given Name', 'first_name', null, null, null],
      ['Family Name', 'last_name', null, null, null],
      ['E-mail 1 - Type', null, null, null, null],
      ['E-mail 1 - Value', 'email', null, 3, null],
      ['Phone 1 - Type', null, null, null, null],
      ['Phone 1 - Value', 'phone', 'work', 5, null],
      ['Organization 1 - Name', 'company', null, null, null],
      ['Organization 1 - Title', 'job_title', null, null, null],
      ['Address 1 - Type', null, null, null, null],
      ['Address 1 - Street', 'street', 'work', 9, 1],
      ['Address 1 - PO Box', 'street2', 'work', 9, 1],
      ['Group Membership', 'tags', null, null, null],
      ['Phonetic First Name', null, null, null, null],
    ]);
    expect(detectSource(headers)).toBe('google');
  });

  it('Should map Outlook, keeping its honorific "Title" out of the job title', () => {
    const headers = [
      'Title',
      'First Name',
      'Last Name',
      'Company',
      'Job Title',
      'Business Street',
      'Business City',
      'Home Street',
      'Home Postal Code',
      'Business Fax',
      'Mobile Phone',
      'E-mail Address',
      'E-mail 2 Address',
      'E-mail Display Name',
      'Categories',
      'Notes',
    ];
    expect(targets(headers)).toEqual([
      ['Title', null, null, null, null],
      ['First Name', 'first_name', null, null, null],
      ['Last Name', 'last_name', null, null, null],
      ['Company', 'company', null, null, null],
      ['Job Title', 'job_title', null, null, null],
      ['Business Street', 'street', 'work', null, 1],
      ['Business City', 'city', 'work', null, 1],
      ['Home Street', 'street', 'home', null, 2],
      ['Home Postal Code', 'postal_code', 'home', null, 2],
      ['Business Fax', 'phone', 'fax', null, null],
      ['Mobile Phone', 'phone', 'mobile', null, null],
      ['E-mail Address', 'email', null, null, null],
      ['E-mail 2 Address', 'email', 'other', null, null],
      ['E-mail Display Name', null, null, null, null],
      ['Categories', 'tags', null, null, null],
      ['Notes', 'notes', null, null, null],
    ]);
    expect(detectSource(headers)).toBe('outlook');
  });

  it('Should map HubSpot, Salesforce, Pipedrive and Zoho exports', () => {
    expect(
      targets([
        'First Name',
        'Email',
        'Phone Number',
        'Mobile Phone Number',
        'Company Name',
        'Street Address',
        'State/Region',
        'Country/Region',
        'Lifecycle Stage',
        'Record ID',
      ]).map((t) => t[1]),
    ).toEqual([
      'first_name',
      'email',
      'phone',
      'phone',
      'company',
      'street',
      'region',
      'country',
      null,
      null,
    ]);
    expect(
      targets([
        'FirstName',
        'LastName',
        'Title',
        'Account.Name',
        'MailingStreet',
        'MailingPostalCode',
        'MobilePhone',
        'LeadSource',
        'HasOptedOutOfEmail',
        'BILLINGCITY',
      ]).map((t) => t[1]),
    ).toEqual([
      'first_name',
      'last_name',
      'job_title',
      'company',
      'street',
      'postal_code',
      'phone',
      'source',
      null,
      'city',
    ]);
    expect(
      targets([
        'Person - Name',
        'Person - Email - Work',
        'Person - Phone - Mobile',
        'Person - Organization',
        'Person - Labels',
      ]).map((t) => [t[1], t[2]]),
    ).toEqual([
      ['full_name', null],
      ['email', 'work'],
      ['phone', 'mobile'],
      ['company', null],
      ['tags', null],
    ]);
    expect(detectSource(['Person - Name'])).toBe('pipedrive');
    expect(targets(['Mailing Zip', 'Secondary Email', 'Tag']).map((t) => [t[1], t[2]])).toEqual([
      ['postal_code', 'work'],
      ['email', 'other'],
      ['tags', null],
    ]);
  });

  it('Should read French and German column names', () => {
    expect(
      targets([
        'Prénom',
        'Nom',
        'Société',
        'Courriel',
        'Téléphone portable',
        'Code postal',
        'Ville',
        'Pays',
      ]).map((t) => t[1]),
    ).toEqual(['first_name', 'last_name', 'company', 'email', 'phone', 'postal_code', 'city', 'country']);
    expect(
      targets(['Vorname', 'Nachname', 'Firma', 'Straße', 'PLZ', 'Ort', 'Land', 'PLZ/Ort Kombination']).map(
        (t) => t[1],
      ),
    ).toEqual([
      'first_name',
      'last_name',
      'company',
      'street',
      'postal_code',
      'city',
      'country',
      'postal_code_city',
    ]);
  });

  it('Should map custom fields by key or label, and this API’s export columns', () => {
    const custom = [{ key: 'tier', label: 'Customer tier' }];
    expect(targets(['custom.tier', 'Customer Tier', 'custom.unknown'], custom).map((t) => t[1])).toEqual([
      'custom',
      'custom',
      null,
    ]);
    const ours = [
      'Id',
      'First name',
      'Email 1',
      'Email 1 label',
      'Phone 1',
      'Phone 1 label',
      'Address 1 label',
      'Address 1 street',
      'Address 1 postal code',
      'Created at',
    ];
    expect(targets(ours).map((t) => [t[1], t[3]])).toEqual([
      [null, null],
      ['first_name', null],
      ['email', 3],
      [null, null],
      ['phone', 5],
      [null, null],
      [null, null],
      ['street', 6],
      ['postal_code', 6],
      [null, null],
    ]);
    expect(detectSource(ours)).toBe('comptoir');
  });

  it('Should map a file without a header from its values', () => {
    const { mapping } = suggestMapping(null, [
      ['John Doe', 'John', 'Doe', 'john@doe.example', '+33 6 12 34 56 78'],
      ['Jane Roe', 'Jane', 'Roe', 'jane@roe.example', '06 98 76 54 32'],
    ]);
    expect(mapping.map((m) => m.target)).toEqual(['full_name', null, null, 'email', 'phone']);
  });
});

describe('classifyHeader and labelFromText', () => {
  it('Should not take lookalikes for fields', () => {
    expect(classifyHeader('Phonetic First Name')).toBeUndefined();
    expect(classifyHeader('Email Opt Out')).toBeUndefined();
    expect(classifyHeader('Vorwahl_Tel')).toBeUndefined();
    expect(classifyHeader('E-mail Type')).toBeUndefined();
  });

  it('Should read labels as exports write them', () => {
    expect(labelFromText('* Home', 'email')).toBe('home');
    expect(labelFromText('_$!<Mobile>!$_', 'phone')).toBe('mobile');
    expect(labelFromText('Work Fax', 'phone')).toBe('fax');
    expect(labelFromText('Privat', 'address')).toBe('home');
    expect(labelFromText('GRAND_CENTRAL', 'phone')).toBeUndefined();
  });
});
