import { useEffect, useId, useState, type FormEvent } from 'react';
import { usePublicConfig } from '../lib/config';
import { sampleBody, sampleQuery, type OperationModel } from '../lib/openapi';
import { Alert } from './Alert';
import { SelectField, TextAreaField, TextField } from './FormField';

const GATEWAY_KEY = 'tollgate.gatewayUrl';
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** defaultGatewayUrl is the portal's own host on the gateway's default port, 8081. */
export function defaultGatewayUrl(): string {
  if (typeof window === 'undefined') return 'http://localhost:8081';
  const { protocol, hostname } = window.location;
  return `${protocol}//${hostname}:8081`;
}

function storedGatewayUrl(): string | null {
  try {
    return localStorage.getItem(GATEWAY_KEY);
  } catch {
    return null;
  }
}

/**
 * joinUrl puts the gateway address, tenant, base path, path and query together without doubled or missing slashes.
 * The gateway routes by /<tenant>/<base path>/….
 */
export function joinUrl(gateway: string, tenant: string, basePath: string, path: string, query: string): string {
  const g = gateway.trim().replace(/\/+$/, '');
  const t = tenant ? `/${encodeURIComponent(tenant)}` : '';
  const b = ('/' + basePath.trim().replace(/^\/+|\/+$/g, '')).replace(/^\/$/, '');
  const p = path.trim() === '' ? '' : '/' + path.trim().replace(/^\/+/, '');
  const q = query.trim().replace(/^\?/, '');
  return `${g}${t}${b}${p}${q ? `?${q}` : ''}`;
}

type KeyHeader = 'authorization' | 'x-api-key' | 'query';

function curlOf(method: string, url: string, keyHeader: KeyHeader, body: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = [`curl -i -X ${method}`, quote(url)];
  if (keyHeader === 'authorization') parts.push(`-H "Authorization: Bearer $TOLLGATE_API_KEY"`);
  else if (keyHeader === 'x-api-key') parts.push(`-H "X-API-Key: $TOLLGATE_API_KEY"`);
  else parts[1] = `"${url}${url.includes('?') ? '&' : '?'}api_key=$TOLLGATE_API_KEY"`;
  if (body.trim() && BODY_METHODS.has(method)) {
    parts.push(`-H 'Content-Type: application/json'`, `--data ${quote(body)}`);
  }
  return parts.join(' \\\n  ');
}

interface Result {
  status: number;
  statusText: string;
  ms: number;
  headers: [string, string][];
  body: string;
}

const SHOWN_HEADERS = /^(content-type|x-request-id|retry-after|ratelimit|x-ratelimit|x-tollgate|warning|www-authenticate)/i;

/**
 * TryItPanel sends one request through the gateway with a key the developer pastes. The key stays in this panel's
 * memory only: it is never stored and never sent to the portal's own API. The gateway address comes from the
 * server (else the portal's host on port 8081); a changed address is remembered, as it is not secret.
 */
export function TryItPanel({
  tenant,
  basePath,
  allowQueryKey = false,
  operations = [],
  preset,
}: {
  /** The API accepts the key as ?api_key=. */
  allowQueryKey?: boolean;
  /** The tenant's slug: the gateway's first path segment. */
  tenant: string;
  basePath: string;
  operations?: OperationModel[];
  /** An operation chosen elsewhere (a "Try it" button in the docs). */
  preset?: OperationModel | null;
}) {
  const headingId = useId();
  const config = usePublicConfig();
  const [override, setOverride] = useState<string | null>(storedGatewayUrl);
  const serverDefault = config.data?.gateway_url || defaultGatewayUrl();
  const gateway = override ?? serverDefault;
  const [opKey, setOpKey] = useState('');
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('');
  const [query, setQuery] = useState('');
  const [body, setBody] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [keyHeader, setKeyHeader] = useState<KeyHeader>('authorization');
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keyError, setKeyError] = useState<string>();

  const choose = (op: OperationModel | undefined) => {
    setOpKey(op?.key ?? '');
    if (!op) return;
    setMethod(op.method);
    setPath(op.path);
    setQuery(sampleQuery(op));
    setBody(BODY_METHODS.has(op.method) ? sampleBody(op.requestBody?.content.find((c) => c.mediaType.includes('json')) ?? op.requestBody?.content[0]) : '');
    setResult(null);
    setError(null);
  };

  useEffect(() => {
    if (preset) choose(preset);
  }, [preset]);

  const saveGateway = (value: string | null) => {
    setOverride(value);
    try {
      if (value === null) localStorage.removeItem(GATEWAY_KEY);
      else localStorage.setItem(GATEWAY_KEY, value);
    } catch {
      // Not remembered; the default is used next time.
    }
  };

  const url = joinUrl(gateway, tenant, basePath, path, query);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!apiKey.trim()) {
      setKeyError('Paste an API key of one of your applications.');
      return;
    }
    setKeyError(undefined);
    setPending(true);
    setError(null);
    setResult(null);
    const headers: Record<string, string> = { Accept: 'application/json, */*' };
    let target = url;
    if (keyHeader === 'authorization') headers.Authorization = `Bearer ${apiKey.trim()}`;
    else if (keyHeader === 'x-api-key') headers['X-API-Key'] = apiKey.trim();
    else target = `${url}${url.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(apiKey.trim())}`;
    const sendBody = BODY_METHODS.has(method) && body.trim() !== '';
    if (sendBody) headers['Content-Type'] = 'application/json';
    const started = performance.now();
    try {
      const res = await fetch(target, {
        method,
        headers,
        body: sendBody ? body : undefined,
        mode: 'cors',
        credentials: 'omit',
        cache: 'no-store',
      });
      const raw = await res.text();
      let pretty = raw;
      if ((res.headers.get('Content-Type') ?? '').includes('json')) {
        try {
          pretty = JSON.stringify(JSON.parse(raw), null, 2);
        } catch {
          pretty = raw;
        }
      }
      const shown: [string, string][] = [];
      res.headers.forEach((v, k) => {
        if (SHOWN_HEADERS.test(k)) shown.push([k, v]);
      });
      setResult({ status: res.status, statusText: res.statusText, ms: Math.round(performance.now() - started), headers: shown, body: pretty });
    } catch (err) {
      setError(
        err instanceof TypeError
          ? `The browser could not reach ${url}. The gateway may not be running at ${gateway}, or the browser blocked the request (the gateway must allow this portal's origin with CORS, and the portal's Content-Security-Policy must allow connecting to it). Check the gateway address above, or run the curl command below.`
          : `The request failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="card try-it" aria-labelledby={headingId}>
      <h2 id={headingId}>Try it</h2>
      <p className="muted">
        Send a request through the gateway with one of your API keys. The key is kept only while this page is open; the
        portal never stores it.
      </p>
      <form onSubmit={onSubmit} noValidate aria-label="Try a request">
        <div className="grid-2">
          <TextField label="Gateway URL" value={gateway} onChange={(e) => saveGateway(e.target.value)}
            hint={
              override !== null && override !== serverDefault ? (
                <>
                  Changed from <code>{serverDefault}</code>.{' '}
                  <button type="button" className="link-button" onClick={() => saveGateway(null)}>
                    Use the default
                  </button>
                </>
              ) : (
                'Where the gateway listens, as the server says.'
              )
            } />
          {operations.length > 0 && (
            <SelectField label="Operation" value={opKey} onChange={(e) => choose(operations.find((o) => o.key === e.target.value))}>
              <option value="">Choose an operation…</option>
              {operations.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.key}
                  {o.summary ? ` — ${o.summary}` : ''}
                </option>
              ))}
            </SelectField>
          )}
        </div>
        <div className="try-it-line">
          <SelectField label="Method" value={method} onChange={(e) => setMethod(e.target.value)}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </SelectField>
          <TextField label="Path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/forecast"
            hint={<>After <code>/{tenant}{basePath}</code>; replace any {'{placeholders}'}.</>} />
          <TextField label="Query (optional)" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="city=Berlin" />
        </div>
        {BODY_METHODS.has(method) && (
          <TextAreaField label="Body (JSON, optional)" value={body} onChange={(e) => setBody(e.target.value)} rows={6}
            className="input textarea input-mono" />
        )}
        <div className="grid-2">
          <TextField label="API key" type="password" autoComplete="off" spellCheck={false} value={apiKey}
            onChange={(e) => {
              setApiKey(e.target.value);
              setKeyError(undefined);
            }}
            error={keyError} hint="Paste a key of an application subscribed to this API. It is not saved." />
          <SelectField label="Send the key as" value={keyHeader} onChange={(e) => setKeyHeader(e.target.value as KeyHeader)}>
            <option value="authorization">Authorization: Bearer header</option>
            <option value="x-api-key">X-API-Key header</option>
            {allowQueryKey && <option value="query">?api_key= in the query string</option>}
          </SelectField>
        </div>
        <p className="small">
          Request: <code className="break">{method} {url}</code>
        </p>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Sending…' : 'Send request'}
        </button>
      </form>
      <div aria-live="polite">
        {error && <Alert tone="error">{error}</Alert>}
        {result && (
          <div className="try-it-result">
            <p>
              <span className={`status-code ${result.status < 400 ? 'status-ok' : 'status-error'}`}>{result.status}</span>{' '}
              {result.statusText} <span className="muted small">in {result.ms} ms</span>
            </p>
            {result.headers.length > 0 && (
              <ul className="plain-list small">
                {result.headers.map(([k, v]) => (
                  <li key={k}>
                    <code>{k}</code>: {v}
                  </li>
                ))}
              </ul>
            )}
            <pre className="code-block" aria-label="Response body">{result.body || '(empty body)'}</pre>
          </div>
        )}
      </div>
      <details>
        <summary>The same request with curl</summary>
        <pre className="code-block">{curlOf(method, url, keyHeader, body)}</pre>
        <p className="muted small">Set TOLLGATE_API_KEY to your key first; it is not printed here.</p>
      </details>
    </section>
  );
}
