import { useQuery } from '@tanstack/react-query';
import { api } from './api';

/** PublicConfig is what the server tells the portal before anyone signs in. */
export interface PublicConfig {
  /** Where API callers reach the gateway, e.g. http://localhost:8081. */
  gateway_url: string;
  public_url: string;
}

/** usePublicConfig loads the server's public settings once per page load. */
export function usePublicConfig() {
  return useQuery({
    queryKey: ['public-config'],
    queryFn: ({ signal }) => api.get<PublicConfig>('/public/config', undefined, signal),
    staleTime: Infinity,
    retry: false,
  });
}
