/**
 * @module lib/endpoints
 * Browser paths of the CRM API's import and export endpoints, in one place.
 */

/** `POST` the file as the raw body (`?filename=`) → the import, detected and mapped. */
export const IMPORTS_PATH = '/api/crm/imports';
/** One import: `GET` its status and progress, `PATCH` its settings, mapping and options. */
export const importPath = (id: string) => `/api/crm/imports/${id}`;
/** `POST` → the dry run's preview and every row's problems. */
export const importDryRunPath = (id: string) => `/api/crm/imports/${id}/dry-run`;
/** `POST` → queues the import (202). */
export const importRunPath = (id: string) => `/api/crm/imports/${id}/run`;
/** `POST` → cancels the import (a running one stops after its batch). */
export const importCancelPath = (id: string) => `/api/crm/imports/${id}/cancel`;
/** `GET` → the rows not imported (rejected and skipped), as CSV. */
export const importRejectionsCsvPath = (id: string) => `/api/crm/imports/${id}/rejections.csv`;
/** `GET` with the list's filters → CSV of every matching contact. */
export const CONTACTS_CSV_EXPORT_PATH = '/api/crm/exports/contacts.csv';
/** `POST { ids }` → vCard 4.0 of the selected contacts. */
export const VCARD_EXPORT_PATH = '/api/crm/exports/vcard';
/** `GET` → vCard 4.0 of one contact. */
export const contactVcardPath = (id: string) => `/api/crm/contacts/${id}/vcard`;
