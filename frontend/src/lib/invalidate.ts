import type { QueryClient } from '@tanstack/react-query';
import { queryKeys, type TenantArea } from './queryKeys';

/**
 * invalidateTenantAreas refreshes the named areas of one tenant after a write, and its audit log, which records
 * every write.
 */
export function invalidateTenantAreas(qc: QueryClient, slug: string, ...areas: TenantArea[]): Promise<unknown> {
  const all = new Set<TenantArea>([...areas, 'audit']);
  return Promise.all([...all].map((area) => qc.invalidateQueries({ queryKey: queryKeys.area(slug, area) })));
}
