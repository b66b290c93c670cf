import { describe, expect, it, vi } from 'vitest';
import { json, problem, stubFetch } from '../test/fetch';
import { ApiClient, ApiError, describeError, loginPath, parseProblem, type AuthEvent } from './api';
import type { TokenResponse } from './types';

const user = { id: 'u1', email: 'owner@acme.test', name: 'Olivia', is_platform_admin: false, created_at: '' };
const tokens = (access: string): TokenResponse => ({
  access_token: access,
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: 'r',
  user,
});

describe('parseProblem', () => {
  it('reads status, code, title, detail, field errors and request id from problem+json', async () => {
    const res = problem(422, 'validation_failed', 'Validation failed', '2 fields are invalid.', [
      { field: 'email', message: 'must be a valid email address' },
      { field: 'role', message: 'must be one of owner, admin, billing, developer' },
    ]);
    const err = await parseProblem(res);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('validation_failed');
    expect(err.title).toBe('Validation failed');
    expect(err.detail).toBe('2 fields are invalid.');
    expect(err.requestId).toBe('req-1');
    expect(err.message).toBe('2 fields are invalid.');
    expect(err.fieldErrors).toHaveLength(2);
    expect(err.fieldError('email')).toBe('Must be a valid email address.');
    expect(err.fieldError('name')).toBeUndefined();
    expect(err.fieldMap()).toEqual({
      email: 'Must be a valid email address.',
      role: 'Must be one of owner, admin, billing, developer.',
    });
  });

  it('keeps the server sentence as written: an address at the start is not capitalised', async () => {
    const err = await parseProblem(problem(409, 'conflict', 'Conflict', 'dev@acme.test is already a member of this tenant.'));
    expect(err.message).toBe('dev@acme.test is already a member of this tenant.');
    const noStop = await parseProblem(problem(409, 'conflict', 'Conflict', 'owner_email is taken'));
    expect(noStop.message).toBe('owner_email is taken.');
  });

  it('shows a restated field error once, under the field, in the words of the detail', async () => {
    const err = await parseProblem(
      problem(422, 'validation_failed', 'Validation failed', 'The current password is incorrect.', [
        { field: 'current_password', message: 'is incorrect' },
      ]),
    );
    expect(err.restates('current_password')).toBe(true);
    expect(err.fieldError('current_password')).toBe('The current password is incorrect.');
    const two = await parseProblem(
      problem(422, 'validation_failed', 'Validation failed', '2 fields are invalid.', [
        { field: 'email', message: 'must be a valid email address' },
        { field: 'name', message: 'is required' },
      ]),
    );
    expect(two.restates('email')).toBe(false);
    expect(two.fieldError('name')).toBe('Is required.');
  });

  it('falls back to the title when there is no detail', async () => {
    const err = await parseProblem(problem(403, 'forbidden', 'Forbidden'));
    expect(err.message).toBe('Forbidden.');
    expect(err.fieldErrors).toEqual([]);
  });

  it('says when to try again after a rate limit', async () => {
    const err = await parseProblem(
      problem(429, 'rate_limited', 'Too many requests', 'Too many login attempts.', undefined, { 'Retry-After': '30' }),
    );
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfter).toBe(30);
    expect(err.message).toBe('Too many login attempts. Try again in 30 seconds.');
  });

  it('turns a non-JSON server failure into a readable error with the request id', async () => {
    const res = new Response('<html>bad gateway</html>', {
      status: 502,
      headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'abc' },
    });
    const err = await parseProblem(res);
    expect(err.status).toBe(502);
    expect(err.code).toBe('internal');
    expect(err.message).toBe('The server could not handle the request. Please try again. (Request ID abc)');
  });

  it('derives the code from the status when the body has none', async () => {
    const res = new Response(JSON.stringify({ title: 'Conflict', status: 409 }), {
      status: 409,
      headers: { 'Content-Type': 'application/problem+json' },
    });
    const err = await parseProblem(res);
    expect(err.code).toBe('conflict');
    expect(describeError(err)).toBe('Conflict.');
  });
});

describe('ApiClient', () => {
  it('sends JSON with the bearer token and decodes the answer', async () => {
    const { calls } = stubFetch({ 'POST /auth/login': () => json(200, tokens('A1')), 'GET /me': () => json(200, user) });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    await client.login('owner@acme.test', 'pw');
    await expect(client.get('/me', { q: 'x', role: '', limit: 10, offset: undefined })).resolves.toEqual(user);
    expect(calls[0].body).toEqual({ email: 'owner@acme.test', password: 'pw' });
    expect(calls[0].headers['Content-Type']).toBe('application/json');
    expect(calls[1].headers.Authorization).toBe('Bearer A1');
    expect(calls[1].url.search).toBe('?q=x&limit=10');
  });

  it('downloads a file behind the bearer token, refreshing on a 401, with the name the server suggests', async () => {
    const csv = () =>
      new Response('subscription_id\nsub-1\n', {
        status: 200,
        headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="reconciliation-20261122.csv"' },
      });
    const { calls } = stubFetch({
      'POST /auth/login': () => json(200, tokens('OLD')),
      'GET /tenants/acme/billing/reconciliation.csv': [() => problem(401, 'unauthorized', 'Unauthorized'), csv],
      'POST /auth/refresh': () => json(200, tokens('NEW')),
    });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    await client.login('owner@acme.test', 'pw');
    const { blob, filename } = await client.download('/tenants/acme/billing/reconciliation.csv', 'text/csv');
    expect(filename).toBe('reconciliation-20261122.csv');
    expect(await blob.text()).toBe('subscription_id\nsub-1\n');
    expect(calls[3].headers.Authorization).toBe('Bearer NEW');
    expect(calls[3].headers.Accept).toBe('text/csv, application/problem+json');
  });

  it('turns a refused download into a problem', async () => {
    stubFetch({
      'GET /tenants/acme/billing/reconciliation.csv': () => problem(404, 'not_found', 'Not found', 'no reconciliation has run yet: start one first'),
    });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    await expect(client.download('/tenants/acme/billing/reconciliation.csv')).rejects.toMatchObject({
      status: 404,
      message: 'no reconciliation has run yet: start one first.',
    });
  });

  it('returns undefined for 204 No Content', async () => {
    stubFetch({ 'DELETE /tenants/acme/teams/t1': () => json(204, null) });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    await expect(client.delete('/tenants/acme/teams/t1')).resolves.toBeUndefined();
  });

  it('restores a session from the refresh cookie with an empty body', async () => {
    const { calls } = stubFetch({ 'POST /auth/refresh': () => json(200, tokens('A1')) });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    const events: AuthEvent[] = [];
    client.subscribe((e) => events.push(e));
    await expect(client.refresh()).resolves.toMatchObject({ access_token: 'A1' });
    expect(calls[0].body).toEqual({});
    expect(calls[0].credentials).toBe('same-origin');
    expect(calls[0].headers.Authorization).toBeUndefined();
    expect(client.getAccessToken()).toBe('A1');
    expect(events).toEqual([{ type: 'signed-in', user }]);
  });

  it('resolves refresh to null when there is no session', async () => {
    stubFetch({ 'POST /auth/refresh': () => problem(401, 'unauthorized', 'Unauthorized') });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    await expect(client.refresh()).resolves.toBeNull();
  });

  it('on a 401 refreshes once, retries with the new token and returns the answer', async () => {
    const onUnauthorized = vi.fn();
    const { calls } = stubFetch({
      'POST /auth/login': () => json(200, tokens('OLD')),
      'GET /tenants': [
        () => problem(401, 'unauthorized', 'Unauthorized', 'The access token has expired.'),
        () => json(200, { items: [], total: 0, limit: 50, offset: 0 }),
      ],
      'POST /auth/refresh': () => json(200, tokens('NEW')),
    });
    const client = new ApiClient({ onUnauthorized });
    await client.login('owner@acme.test', 'pw');
    await expect(client.get('/tenants')).resolves.toEqual({ items: [], total: 0, limit: 50, offset: 0 });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /auth/login',
      'GET /tenants',
      'POST /auth/refresh',
      'GET /tenants',
    ]);
    expect(calls[1].headers.Authorization).toBe('Bearer OLD');
    expect(calls[3].headers.Authorization).toBe('Bearer NEW');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('sends the user to login when the refresh is refused', async () => {
    const onUnauthorized = vi.fn();
    stubFetch({
      'GET /me': () => problem(401, 'unauthorized', 'Unauthorized', 'The access token has expired.'),
      'POST /auth/refresh': () => problem(401, 'unauthorized', 'Unauthorized', 'The session has ended.'),
    });
    const client = new ApiClient({ onUnauthorized });
    const events: AuthEvent[] = [];
    client.subscribe((e) => events.push(e));
    const err = await client.get('/me').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(events).toEqual([{ type: 'signed-out', reason: 'expired' }]);
    expect(client.getAccessToken()).toBeNull();
  });

  it('sends the user to login when the retry is refused again', async () => {
    const onUnauthorized = vi.fn();
    const { calls } = stubFetch({
      'GET /me': () => problem(401, 'unauthorized', 'Unauthorized'),
      'POST /auth/refresh': () => json(200, tokens('NEW')),
    });
    const client = new ApiClient({ onUnauthorized });
    await expect(client.get('/me')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
    expect(calls.filter((c) => c.path === '/me')).toHaveLength(2);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('shares one refresh between concurrent 401s, since refresh tokens rotate', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { calls } = stubFetch({
      'GET /a': [() => problem(401, 'unauthorized', 'Unauthorized'), () => json(200, 'a')],
      'GET /b': [() => problem(401, 'unauthorized', 'Unauthorized'), () => json(200, 'b')],
      'POST /auth/refresh': async () => {
        await gate;
        return json(200, tokens('NEW'));
      },
    });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    const both = Promise.all([client.get('/a'), client.get('/b')]);
    await vi.waitFor(() => expect(calls.filter((c) => c.path !== '/auth/refresh')).toHaveLength(2));
    release();
    await expect(both).resolves.toEqual(['a', 'b']);
    expect(calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
  });

  it('does not refresh or redirect on wrong credentials at login', async () => {
    const onUnauthorized = vi.fn();
    const { calls } = stubFetch({
      'POST /auth/login': () => problem(401, 'invalid_credentials', 'Invalid credentials', 'Email or password is wrong.'),
    });
    const client = new ApiClient({ onUnauthorized });
    await expect(client.login('a@b.c', 'nope')).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'Email or password is wrong.',
    });
    expect(calls).toHaveLength(1);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('does not redirect on 403', async () => {
    const onUnauthorized = vi.fn();
    stubFetch({ 'GET /tenants/acme/audit': () => problem(403, 'forbidden', 'Forbidden', 'Your role does not allow this.') });
    const client = new ApiClient({ onUnauthorized });
    await expect(client.get('/tenants/acme/audit')).rejects.toMatchObject({ status: 403 });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    await expect(client.get('/me')).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
      message: 'The server cannot be reached. Check your connection and try again.',
    });
  });

  it('forgets the token and announces the sign-out on logout, even if the server fails', async () => {
    stubFetch({
      'POST /auth/login': () => json(200, tokens('A1')),
      'POST /auth/logout': () => problem(500, 'internal', 'Internal error'),
    });
    const client = new ApiClient({ onUnauthorized: vi.fn() });
    const events: AuthEvent[] = [];
    client.subscribe((e) => events.push(e));
    await client.login('owner@acme.test', 'pw');
    await client.logout();
    expect(client.getAccessToken()).toBeNull();
    expect(events.at(-1)).toEqual({ type: 'signed-out', reason: 'logout' });
  });
});

describe('loginPath', () => {
  it('keeps where the user was going', () => {
    expect(loginPath('/t/acme/teams?q=x')).toBe('/login?next=%2Ft%2Facme%2Fteams%3Fq%3Dx');
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('/logout')).toBe('/login');
  });
});
