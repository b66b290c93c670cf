import { readFile } from 'node:fs/promises';
import { expect, type Page } from '@playwright/test';
import { serverLogPath } from './server-log';

export const OWNER = { email: 'owner@acme.test', password: 'tollgate-owner-demo' };
export const DEVELOPER = { email: 'dev@acme.test', password: 'tollgate-dev-demo' };
export const BILLING = { email: 'billing@acme.test', password: 'tollgate-billing-demo' };

/** uniqueSuffix makes names and emails that never collide with earlier runs against the same database. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** signIn signs in through the login page and waits until the portal shows the account menu. */
export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: /^Account menu for / })).toBeVisible();
}

interface LogLine {
  msg?: string;
  email?: string;
  url?: string;
}

/**
 * invitationLink reads the server's JSON log (E2E_SERVER_LOG) until a line "invitation link" for email appears and
 * returns its url. Without SMTP the development server prints the link instead of mailing it.
 */
export async function invitationLink(email: string, timeoutMs = 15_000): Promise<string> {
  const file = serverLogPath();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    let found: string | undefined;
    for (const raw of text.split('\n')) {
      if (!raw.includes('invitation link')) continue;
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        continue; // not a JSON line (e.g. a panic trace)
      }
      if (line.msg?.includes('invitation link') && line.url && (!line.email || line.email === email.toLowerCase())) {
        found = line.url; // keep the last one: the newest invitation for this email
      }
    }
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no "invitation link" line for ${email} in ${file}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** pathOf keeps the path of a link, so tests follow it on the server under test whatever its public URL. */
export function pathOf(link: string): string {
  const u = new URL(link);
  return u.pathname + u.search;
}

/**
 * closeCopyOnce reads the value a copy-once dialog shows (a new API key, an invitation link), presses its copy
 * button and closes it. Headless browsers may refuse the clipboard; the dialog then asks before closing, and the
 * second click closes it.
 */
export async function closeCopyOnce(page: Page, title: string, label: string, copyLabel: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  const value = await dialog.getByLabel(label).inputValue();
  expect(value).not.toBe('');
  await dialog.getByRole('button', { name: copyLabel }).click();
  const close = dialog.locator('.dialog-footer').getByRole('button');
  await close.click();
  if (await dialog.isVisible()) await close.click();
  await expect(dialog).toBeHidden();
  return value;
}

/** nav returns the portal's main navigation. */
export function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

const API_BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';

/** apiLogin signs in through the management API and returns the access token, for steps a test need not click through. */
export async function apiLogin(who: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${API_BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(who),
  });
  expect(res.status, `login of ${who.email}`).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** apiCall sends one management API call inside a tenant and returns its JSON, failing the test on an error. */
export async function apiCall<T>(token: string, method: string, path: string, body?: unknown, tenant = 'acme'): Promise<T> {
  const res = await fetch(`${API_BASE}/api/v1/tenants/${tenant}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GatewayAnswer is how the gateway answered a call: its status and problem code (`ok` when the API answered). */
export interface GatewayAnswer {
  status: number;
  code: string;
}

/**
 * callGateway calls an API through the gateway (E2E_GATEWAY_URL) from the test itself, as an application would, with
 * a key (or none). A call that times out answers status 0.
 */
export async function callGateway(key: string | null, path = '/acme/weather/current?city=Lisbon'): Promise<GatewayAnswer> {
  try {
    const res = await fetch(`${process.env.E2E_GATEWAY_URL}${path}`, {
      headers: key ? { Authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
    if ((res.headers.get('Content-Type') ?? '').includes('problem+json')) {
      const body = (await res.json()) as { code?: string };
      return { status: res.status, code: body.code ?? '' };
    }
    await res.arrayBuffer();
    return { status: res.status, code: 'ok' };
  } catch {
    return { status: 0, code: 'no answer' };
  }
}
