/**
 * @module lib/sorts
 * Sort orders the contact and company lists offer (the API's `sort` values), shared by the
 * pages (server) and the list views (browser).
 */

/** A sort order with its label. */
export interface SortOption {
  value: string;
  label: string;
}

/** Orders of the contact and company lists; "Best match" needs a search. */
export const RECORD_SORTS: readonly SortOption[] = [
  { value: 'relevance', label: 'Best match' },
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: '-updated_at', label: 'Recently updated' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
];

/** The `sort` values of {@link RECORD_SORTS}. */
export const RECORD_SORT_VALUES = RECORD_SORTS.map((s) => s.value);
