import type { ClassifierProfile, ErrorCategory } from './types';

/** Where the profile documents answers of this category: its section link, else its error page, else null (never invented). */
export function docsLink(category: ErrorCategory, profile: ClassifierProfile | null | undefined): string | null {
  if (!profile) return null;
  return profile.docsSections?.[category] ?? profile.docs ?? null;
}

/** Title of the documentation section about this category for the profile ("Retry logic"), or null. */
export function docsSectionName(category: ErrorCategory, profile: ClassifierProfile | null | undefined): string | null {
  return profile?.docsSectionNames?.[category] ?? null;
}
