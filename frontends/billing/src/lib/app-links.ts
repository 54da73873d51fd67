/**
 * @module lib/app-links
 * Links into the platform's sibling apps (`crm.<domain>`…), built from the public base URL
 * with `@comptoir/routing`, the one table of hosts.
 */
import { parsePublicOrigin, subdomainUrl } from '@comptoir/routing';

/**
 * The CRM page of a deal: `http://crm.comptoir.localhost:8080/deals/<id>`.
 *
 * @param publicBaseUrl the platform's public URL (`PUBLIC_BASE_URL`).
 */
export function crmDealUrl(publicBaseUrl: string, dealId: string): string {
  return `${subdomainUrl(parsePublicOrigin(publicBaseUrl), 'crm')}/deals/${encodeURIComponent(dealId)}`;
}
