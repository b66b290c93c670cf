import type { TokenResponse, User } from './types';

/** FieldError is one entry of a problem's `errors` array: which request field is wrong and why. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ApiErrorInit {
  status: number;
  code: string;
  title: string;
  detail?: string;
  type?: string;
  fieldErrors?: FieldError[];
  requestId?: string;
  retryAfter?: number;
}

const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  422: 'Validation failed',
  429: 'Too many requests',
  500: 'Internal error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'validation_failed',
  429: 'rate_limited',
};

/** sentence ends a server message with a full stop. The server already writes sentences, so the first letter is
 * left alone: capitalising would turn "dev@acme.test is already a member" into "Dev@acme.test …". */
function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** fragment turns a field message ("must be a valid email address") into a sentence shown under the field. A first
 * word that looks like an identifier or an address ("owner_email", "dev@acme.test") keeps its case. */
function fragment(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const first = t.split(' ')[0];
  const cased = /[@_/.]/.test(first) ? t : t[0].toUpperCase() + t.slice(1);
  return sentence(cased);
}

const normalise = (text: string) => text.trim().toLowerCase().replace(/[.!?]+$/, '');

/**
 * ApiError is a failed API call, parsed from an `application/problem+json` body (RFC 9457) when there is one.
 * Its `message` is a sentence that can be shown to people as is.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly type?: string;
  readonly fieldErrors: FieldError[];
  readonly requestId?: string;
  readonly retryAfter?: number;

  constructor(init: ApiErrorInit) {
    super(ApiError.compose(init));
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.fieldErrors = init.fieldErrors ?? [];
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }

  private static compose(init: ApiErrorInit): string {
    let msg = sentence(init.detail || init.title || 'The request failed');
    if (init.code === 'rate_limited' && init.retryAfter !== undefined) {
      msg += ` Try again in ${init.retryAfter} second${init.retryAfter === 1 ? '' : 's'}.`;
    }
    if (init.status >= 500 && init.requestId) {
      msg += ` (Request ID ${init.requestId})`;
    }
    return msg;
  }

  /**
   * restates reports whether the problem's detail says the same as this one field error ("the current password is
   * incorrect" for current_password "is incorrect"). The form then shows the detail under the field and no summary.
   */
  restates(field: string): boolean {
    if (this.fieldErrors.length !== 1 || this.fieldErrors[0].field !== field || !this.detail) return false;
    const msg = normalise(this.fieldErrors[0].message);
    return msg !== '' && normalise(this.detail).endsWith(msg);
  }

  /** fieldError returns the message for one request field, or undefined when that field is fine. */
  fieldError(field: string): string | undefined {
    const hit = this.fieldErrors.find((e) => e.field === field);
    if (!hit) return undefined;
    return this.restates(field) ? sentence(this.detail ?? hit.message) : fragment(hit.message);
  }

  /** fieldMap returns the field errors keyed by field name, each message as a sentence. */
  fieldMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.fieldErrors) {
      if (!(e.field in out)) out[e.field] = this.fieldError(e.field) ?? fragment(e.message);
    }
    return out;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, Math.ceil(secs));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** parseProblem turns a failed response into an ApiError, whatever its body (problem+json, other JSON, HTML). */
export async function parseProblem(res: Response): Promise<ApiError> {
  const headerRequestId = res.headers.get('X-Request-Id') ?? undefined;
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  const contentType = res.headers.get('Content-Type') ?? '';
  let body: unknown = undefined;
  if (contentType.includes('json')) {
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
  }
  const fallbackTitle = TITLE_BY_STATUS[res.status] ?? (res.statusText || `Request failed (${res.status})`);
  const fallbackCode = CODE_BY_STATUS[res.status] ?? (res.status >= 500 ? 'internal' : 'error');
  if (!isRecord(body)) {
    return new ApiError({
      status: res.status,
      code: fallbackCode,
      title: fallbackTitle,
      detail: res.status >= 500 ? 'The server could not handle the request. Please try again.' : undefined,
      requestId: headerRequestId,
      retryAfter,
    });
  }
  const fieldErrors: FieldError[] = [];
  if (Array.isArray(body.errors)) {
    for (const e of body.errors) {
      if (!isRecord(e)) continue;
      const field = str(e.field) ?? str(e.name) ?? '';
      const message = str(e.message) ?? str(e.detail) ?? 'is invalid';
      fieldErrors.push({ field, message });
    }
  }
  const status = typeof body.status === 'number' ? body.status : res.status;
  return new ApiError({
    status,
    code: str(body.code) ?? CODE_BY_STATUS[status] ?? fallbackCode,
    title: str(body.title) ?? fallbackTitle,
    detail: str(body.detail),
    type: str(body.type),
    fieldErrors,
    requestId: headerRequestId ?? str(body.instance),
    retryAfter,
  });
}

/** describeError turns anything thrown into a sentence for people. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return `Unexpected error: ${err.message}`;
  return 'Something went wrong.';
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A value sent as JSON. */
  body?: unknown;
  /** A body sent as it is, with contentType (e.g. an OpenAPI document in YAML). */
  rawBody?: string;
  contentType?: string;
  /** The Accept header; JSON and problems unless said otherwise (a CSV download). */
  accept?: string;
  signal?: AbortSignal;
}

/** AuthEvent tells subscribers that a user signed in (or their tokens were refreshed) or the session ended. */
export type AuthEvent =
  | { type: 'signed-in'; user: User }
  | { type: 'signed-out'; reason: 'logout' | 'expired' };

export interface ApiClientOptions {
  /** Origin prefix for requests; empty means same origin. */
  baseUrl?: string;
  /** fetch implementation; defaults to the global fetch at call time (so tests can stub it). */
  fetch?: typeof fetch;
  /** Called after a 401 that a refresh could not cure; the default loads /login. */
  onUnauthorized?: () => void;
}

const API_PREFIX = '/api/v1';

const SESSION_HINT = 'tollgate.session';

/**
 * hasSessionHint tells whether this browser signed in and has not signed out since. The refresh cookie is HttpOnly,
 * so the portal cannot see it; without this hint every signed-out page load would ask the server to refresh and get
 * the expected 401, which the browser logs as an error. Without storage the portal simply asks.
 */
export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) !== null;
  } catch {
    return true;
  }
}

function setSessionHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Storage may be unavailable (private mode); hasSessionHint then says yes and the portal asks the server.
  }
}

/** loginPath is the login page URL that brings the user back to `next` afterwards. */
export function loginPath(next?: string): string {
  if (!next || next === '/' || next.startsWith('/login') || next.startsWith('/logout')) return '/login';
  return `/login?next=${encodeURIComponent(next)}`;
}

function defaultUnauthorized(): void {
  if (typeof window === 'undefined') return;
  const here = window.location.pathname + window.location.search;
  if (window.location.pathname !== '/login') window.location.assign(loginPath(here));
}

/**
 * ApiClient calls the management API. It keeps the access token in memory only; the refresh token lives in an
 * HttpOnly cookie that the browser sends to /api/v1/auth. A 401 from any call but the auth endpoints triggers one
 * refresh (shared by concurrent callers) and one retry; if that fails too the session ends and the user is sent
 * to the login page.
 */
export class ApiClient {
  private accessToken: string | null = null;
  private refreshing: Promise<TokenResponse | null> | null = null;
  private readonly listeners = new Set<(e: AuthEvent) => void>();
  private readonly baseUrl: string;
  private readonly fetchImpl?: typeof fetch;
  private unauthorized: () => void;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch;
    this.unauthorized = options.onUnauthorized ?? defaultUnauthorized;
  }

  getAccessToken(): string | null {
    return this.accessToken;
  }

  setUnauthorizedHandler(handler: () => void): void {
    this.unauthorized = handler;
  }

  subscribe(listener: (e: AuthEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: AuthEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** acceptTokens stores the access token of a login, sign-up or accepted invitation and announces the user. */
  acceptTokens(tokens: TokenResponse): void {
    this.accessToken = tokens.access_token;
    setSessionHint(true);
    this.emit({ type: 'signed-in', user: tokens.user });
  }

  private url(path: string, query?: Record<string, QueryValue>): string {
    let url = this.baseUrl + API_PREFIX + path;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined || v === null || v === '') continue;
        params.set(k, String(v));
      }
      const qs = params.toString();
      if (qs) url += (url.includes('?') ? '&' : '?') + qs;
    }
    return url;
  }

  private async send(method: string, path: string, options: RequestOptions, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json, application/problem+json' };
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      body = options.rawBody;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (auth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    const doFetch = this.fetchImpl ?? globalThis.fetch;
    try {
      return await doFetch(this.url(path, options.query), {
        method,
        headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError({
        status: 0,
        code: 'network_error',
        title: 'Network error',
        detail: 'The server cannot be reached. Check your connection and try again.',
      });
    }
  }

  private async decode<T>(res: Response): Promise<T> {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    if (text === '') return undefined as T;
    return JSON.parse(text) as T;
  }

  /** request sends one call and returns its decoded JSON body, or throws an ApiError. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.decode<T>(await this.respond(method, path, options));
  }

  /**
   * respond sends one call and returns the successful response, unread, or throws an ApiError. A 401 triggers one
   * refresh and one retry (but not for the auth endpoints themselves).
   */
  private async respond(method: string, path: string, options: RequestOptions): Promise<Response> {
    const isAuthCall = path.startsWith('/auth/');
    const res = await this.send(method, path, options, true);
    if (res.status !== 401 || isAuthCall) {
      if (!res.ok) throw await parseProblem(res);
      return res;
    }
    const firstError = await parseProblem(res);
    const refreshed = await this.refresh();
    if (!refreshed) {
      this.expire();
      throw firstError;
    }
    const retry = await this.send(method, path, options, true);
    if (retry.ok) return retry;
    const retryError = await parseProblem(retry);
    if (retry.status === 401) this.expire();
    throw retryError;
  }

  /**
   * download fetches a file the API serves behind the bearer token (a CSV export) and returns it with the file name
   * the server suggests in Content-Disposition.
   */
  async download(path: string, accept = '*/*'): Promise<{ blob: Blob; filename: string | undefined }> {
    const res = await this.respond('GET', path, { accept: `${accept}, application/problem+json` });
    const disposition = res.headers.get('Content-Disposition') ?? '';
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    return { blob: await res.blob(), filename };
  }

  get<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  /** putRaw sends a body as it is, e.g. a YAML document, with its content type. */
  putRaw<T>(path: string, rawBody: string, contentType: string): Promise<T> {
    return this.request<T>('PUT', path, { rawBody, contentType });
  }

  delete<T = void>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /**
   * refresh exchanges the refresh cookie for a new access token. Concurrent callers share one request, because
   * the server rotates refresh tokens and treats reuse of a rotated one as theft. It resolves to null when the
   * server refuses (no or revoked session) and rejects when the server cannot be reached or fails.
   */
  refresh(): Promise<TokenResponse | null> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const res = await this.send('POST', '/auth/refresh', { body: {} }, false);
          if (res.status >= 400 && res.status < 500) {
            setSessionHint(false);
            return null;
          }
          if (!res.ok) throw await parseProblem(res);
          const tokens = await this.decode<TokenResponse>(res);
          this.acceptTokens(tokens);
          return tokens;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  /** login signs in with email and password; a wrong pair rejects with code invalid_credentials. */
  async login(email: string, password: string): Promise<TokenResponse> {
    const tokens = await this.request<TokenResponse>('POST', '/auth/login', { body: { email, password } });
    this.acceptTokens(tokens);
    return tokens;
  }

  /** logout ends the session on the server (best effort) and forgets the access token. */
  async logout(): Promise<void> {
    try {
      await this.request<void>('POST', '/auth/logout', { body: {} });
    } catch {
      // The session ends locally either way; the server revokes the refresh token when it can.
    } finally {
      this.accessToken = null;
      setSessionHint(false);
      this.emit({ type: 'signed-out', reason: 'logout' });
    }
  }

  private expire(): void {
    this.accessToken = null;
    setSessionHint(false);
    this.emit({ type: 'signed-out', reason: 'expired' });
    this.unauthorized();
  }
}

/** api is the portal's one API client. */
export const api = new ApiClient();
