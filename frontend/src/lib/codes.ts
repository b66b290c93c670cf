import type { GatewayCode } from './types';

/**
 * Where a code is answered: by the gateway (API calls), by the management API (the portal's own API), or by both
 * with the same meaning (bad_request, payload_too_large, rate_limited).
 */
export type CodeSource = 'gateway' | 'management' | 'both';

/** CodeInfo is what the portal knows of a problem code: its HTTP status and a short title. */
export interface CodeInfo {
  code: string;
  /** The HTTP status; null for `ok`, which carries the upstream's status. */
  status: number | null;
  title: string;
  source: CodeSource;
}

/**
 * GATEWAY_CODES are the gateway's decision codes in the order of its decision table (README, "The gateway"), then
 * the ones decided outside the table. Titles are the gateway's own problem titles.
 */
export const GATEWAY_CODES: readonly (CodeInfo & { code: GatewayCode })[] = [
  { code: 'ok', status: null, title: 'Passed to the API', source: 'gateway' },
  { code: 'missing_api_key', status: 401, title: 'API key required', source: 'gateway' },
  { code: 'invalid_api_key', status: 401, title: 'Invalid API key', source: 'gateway' },
  { code: 'api_key_revoked', status: 401, title: 'API key revoked', source: 'gateway' },
  { code: 'api_key_expired', status: 401, title: 'API key expired', source: 'gateway' },
  { code: 'ip_not_allowed', status: 403, title: 'Address not allowed', source: 'gateway' },
  { code: 'no_route', status: 404, title: 'No such API', source: 'gateway' },
  { code: 'api_retired', status: 410, title: 'API retired', source: 'gateway' },
  { code: 'key_scope_denied', status: 403, title: 'Key not valid for this API', source: 'gateway' },
  { code: 'not_subscribed', status: 403, title: 'Not subscribed', source: 'gateway' },
  { code: 'subscription_pending_approval', status: 403, title: 'Subscription pending approval', source: 'gateway' },
  { code: 'subscription_rejected', status: 403, title: 'Subscription rejected', source: 'gateway' },
  { code: 'subscription_revoked', status: 403, title: 'Subscription revoked', source: 'gateway' },
  { code: 'subscription_suspended', status: 403, title: 'Subscription suspended', source: 'gateway' },
  { code: 'payment_required', status: 402, title: 'Payment required', source: 'gateway' },
  { code: 'payment_overdue', status: 402, title: 'Payment overdue', source: 'gateway' },
  { code: 'subscription_canceled', status: 402, title: 'Subscription canceled', source: 'gateway' },
  { code: 'quota_exhausted', status: 402, title: 'Quota exhausted', source: 'gateway' },
  { code: 'rate_limited', status: 429, title: 'Too many requests', source: 'both' },
  { code: 'upstream_unavailable', status: 502, title: 'Upstream unavailable', source: 'gateway' },
  { code: 'upstream_timeout', status: 504, title: 'Upstream timed out', source: 'gateway' },
  { code: 'client_closed_request', status: 499, title: 'Client closed the request', source: 'gateway' },
  { code: 'gateway_unavailable', status: 503, title: 'Gateway unavailable', source: 'gateway' },
  { code: 'bad_request', status: 400, title: 'Bad request', source: 'both' },
  { code: 'payload_too_large', status: 413, title: 'Payload too large', source: 'both' },
];

/** MANAGEMENT_CODES are the management API's own codes (besides bad_request, payload_too_large, rate_limited). */
export const MANAGEMENT_CODES: readonly CodeInfo[] = [
  { code: 'unauthorized', status: 401, title: 'Authentication required', source: 'management' },
  { code: 'invalid_credentials', status: 401, title: 'Invalid credentials', source: 'management' },
  { code: 'forbidden', status: 403, title: 'Forbidden', source: 'management' },
  { code: 'not_found', status: 404, title: 'Not found', source: 'management' },
  { code: 'conflict', status: 409, title: 'Conflict', source: 'management' },
  { code: 'validation_failed', status: 422, title: 'Validation failed', source: 'management' },
  { code: 'stripe_not_connected', status: 409, title: 'Stripe is not connected', source: 'management' },
  { code: 'internal', status: 500, title: 'Internal error', source: 'management' },
  { code: 'stripe_error', status: 502, title: 'Stripe error', source: 'management' },
  { code: 'unavailable', status: 503, title: 'Service unavailable', source: 'management' },
];

/** ALL_CODES is every code that has an explanation page. */
export const ALL_CODES: readonly CodeInfo[] = [...GATEWAY_CODES, ...MANAGEMENT_CODES];

const byCode = new Map(ALL_CODES.map((c) => [c.code, c]));

/** codeInfo returns what is known of a code, or undefined for a code the portal does not know. */
export function codeInfo(code: string): CodeInfo | undefined {
  return byCode.get(code);
}

/** errorDocPath is the portal page explaining a code; problem `type` URLs point there. */
export function errorDocPath(code: string): string {
  return `/docs/errors/${encodeURIComponent(code)}`;
}

/**
 * Codes that never appear in an application's call log: calls without a known key have no application, and
 * gateway_unavailable and bad_request are decided before the tenant is known.
 */
const NOT_IN_APP_LOG = new Set(['missing_api_key', 'invalid_api_key', 'gateway_unavailable', 'bad_request']);
/** Codes that never appear in an API's call log. */
const NOT_IN_API_LOG = new Set(['gateway_unavailable', 'bad_request']);

/** loggedCodes lists the gateway codes that can appear in an API's or an application's call log. */
export function loggedCodes(scope: 'api' | 'application'): readonly (CodeInfo & { code: GatewayCode })[] {
  const skip = scope === 'api' ? NOT_IN_API_LOG : NOT_IN_APP_LOG;
  return GATEWAY_CODES.filter((c) => !skip.has(c.code));
}
