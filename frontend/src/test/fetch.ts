import { vi } from 'vitest';

export interface StubRequest {
  method: string;
  path: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  credentials?: RequestCredentials;
}

export type StubHandler = (req: StubRequest) => Response | Promise<Response>;

/** json builds a JSON response, as the API sends it. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-test', ...headers },
  });
}

/** problem builds an application/problem+json response. */
export function problem(
  status: number,
  code: string,
  title: string,
  detail?: string,
  errors?: { field: string; message: string }[],
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ type: `about:blank`, title, status, detail, code, errors, instance: 'req-1' }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'X-Request-Id': 'req-1', ...headers },
  });
}

/**
 * stubFetch replaces fetch with a router keyed by "METHOD /path" (path without /api/v1 and query). A handler may be
 * a list, used one after the other (the last one repeats). Unknown routes answer 404 problem+json.
 */
export function stubFetch(routes: Record<string, StubHandler | StubHandler[]>) {
  const calls: StubRequest[] = [];
  const used: Record<string, number> = {};
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = { ...(init.headers as Record<string, string> | undefined) };
    const req: StubRequest = {
      method,
      path,
      url,
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    calls.push(req);
    const key = `${method} ${path}`;
    const handler = routes[key];
    if (!handler) return problem(404, 'not_found', 'Not found', `no stub for ${key}`);
    if (Array.isArray(handler)) {
      const i = used[key] ?? 0;
      used[key] = i + 1;
      return handler[Math.min(i, handler.length - 1)](req);
    }
    return handler(req);
  });
  vi.stubGlobal('fetch', fn);
  return { fn, calls };
}
