import { ALL_CODES, codeInfo, type CodeInfo } from '../../lib/codes';
import { errorDocs, EXAMPLE_REQUEST_ID, type ErrorDoc, type ProblemExample } from './errorDocs';

/** REASONS are the HTTP reason phrases of the statuses Tollgate answers with. */
export const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** statusText says a status with its reason phrase: "402 Payment Required"; `ok` has the upstream's status. */
export function statusText(status: number | null): string {
  if (status === null) return 'The API’s own status';
  return REASONS[status] ? `${status} ${REASONS[status]}` : String(status);
}

/** The portal's address, as problem `type` links use it. */
export function portalOrigin(): string {
  return typeof window !== 'undefined' ? window.location.origin : 'http://localhost:8080';
}

/** findDoc returns a code's explanation with its status and title, or undefined for an unknown code. */
export function findDoc(code: string, origin = portalOrigin()): (ErrorDoc & CodeInfo) | undefined {
  const info = codeInfo(code);
  const doc = errorDocs(origin).find((d) => d.code === code);
  return info && doc ? { ...info, ...doc } : undefined;
}

/** exampleBody is the problem+json body of an example, as the server sends it. */
export function exampleBody(info: CodeInfo, example: ProblemExample, origin = portalOrigin()): Record<string, unknown> {
  return {
    type: `${origin}/docs/errors/${info.code}`,
    title: info.title,
    status: info.status,
    detail: example.detail,
    instance: EXAMPLE_REQUEST_ID,
    code: info.code,
    ...example.extra,
  };
}

/** exampleResponse writes an example as an HTTP response: status line, headers, blank line, body. */
export function exampleResponse(info: CodeInfo, example: ProblemExample, origin = portalOrigin()): string {
  const headers = {
    'Content-Type': 'application/problem+json',
    'X-Request-Id': EXAMPLE_REQUEST_ID,
    ...example.headers,
  };
  const lines = [`HTTP/1.1 ${statusText(info.status)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\n')}\n\n${JSON.stringify(exampleBody(info, example, origin), null, 2)}`;
}

/** distance is the edit distance between two short strings, to suggest the code someone meant. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** suggestCodes lists the known codes closest to an unknown one (a typo, another spelling, a part of a code). */
export function suggestCodes(unknown: string, max = 3): CodeInfo[] {
  const u = unknown.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (u === '') return [];
  return ALL_CODES.map((c) => ({
    c,
    score: c.code.includes(u) || (u.length >= 4 && u.includes(c.code)) ? 0 : distance(u, c.code),
  }))
    .filter((x) => x.score <= Math.max(2, Math.floor(u.length / 3)))
    .sort((a, b) => a.score - b.score || a.c.code.localeCompare(b.c.code))
    .slice(0, max)
    .map((x) => x.c);
}
