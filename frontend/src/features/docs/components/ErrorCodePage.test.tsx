import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ALL_CODES, GATEWAY_CODES } from '../../../lib/codes';
import { renderWithProviders } from '../../../test/render';
import { errorDocs } from '../errorDocs';
import { ErrorCodePage } from './ErrorCodePage';
import { ErrorCodesPage } from './ErrorCodesPage';

// Every code the gateway or the management API answers with; problem `type` links point to their pages.
const CODES = [
  'ok', 'missing_api_key', 'invalid_api_key', 'api_key_revoked', 'api_key_expired', 'ip_not_allowed', 'no_route',
  'api_retired', 'key_scope_denied', 'not_subscribed', 'subscription_pending_approval', 'subscription_rejected',
  'subscription_revoked', 'subscription_suspended', 'payment_required', 'payment_overdue', 'subscription_canceled',
  'quota_exhausted', 'rate_limited', 'upstream_unavailable', 'upstream_timeout', 'client_closed_request',
  'gateway_unavailable', 'bad_request', 'payload_too_large',
  'unauthorized', 'invalid_credentials', 'forbidden', 'not_found', 'conflict', 'validation_failed', 'internal', 'unavailable',
  'stripe_not_connected', 'stripe_error',
];

const renderCode = (code: string) =>
  renderWithProviders(<ErrorCodePage />, { route: `/docs/errors/${code}`, path: '/docs/errors/:code' });

describe('error code pages', () => {
  it('exist for exactly the codes the servers answer with', () => {
    expect(ALL_CODES.map((c) => c.code).sort()).toEqual([...CODES].sort());
    expect(errorDocs('http://portal.test').map((d) => d.code).sort()).toEqual([...CODES].sort());
  });

  it.each(CODES)('%s has a page with a title, the status and a fix', (code) => {
    const { unmount } = renderCode(code);
    const article = screen.getByRole('article');
    expect(within(article).getByRole('heading', { level: 1 }).textContent).not.toBe('');
    expect(within(article).getAllByText(code, { selector: 'code' }).length).toBeGreaterThan(0);
    const fix = within(article).getByRole('region', { name: 'How to fix it' });
    expect(within(fix).getAllByRole('listitem').length).toBeGreaterThan(0);
    expect(within(article).getByRole('region', { name: 'What happened' })).toHaveTextContent(/\w+/);
    const status = GATEWAY_CODES.find((c) => c.code === code)?.status;
    if (code !== 'ok' && code !== 'client_closed_request') {
      const example = within(article).getAllByLabelText(/^Example answer/)[0];
      expect(example).toHaveTextContent(`"code": "${code}"`);
      expect(example).toHaveTextContent(`"type": "${window.location.origin}/docs/errors/${code}"`);
      expect(example).toHaveTextContent('application/problem+json');
      if (status) expect(example.textContent).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    }
    unmount();
  });

  it('say how to fix the common refusals', () => {
    const { unmount } = renderCode('api_key_revoked');
    expect(screen.getByRole('heading', { level: 1, name: 'API key revoked' })).toBeInTheDocument();
    expect(screen.getByText('401 Unauthorized')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'How to fix it' })).toHaveTextContent('Create key');
    unmount();

    renderCode('quota_exhausted');
    const fix = screen.getByRole('region', { name: 'How to fix it' });
    expect(fix).toHaveTextContent('Retry-After');
    expect(fix).toHaveTextContent('bigger plan');
    expect(screen.getByLabelText('Example answer')).toHaveTextContent('Retry-After: 739815');
  });

  it('tell an admin suspension from an overdue payment', () => {
    const { unmount } = renderCode('subscription_suspended');
    expect(screen.getByText('403 Forbidden')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'What happened' })).toHaveTextContent('paying does not lift it');
    unmount();
    renderCode('payment_overdue');
    expect(screen.getByText('402 Payment Required')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'How to fix it' })).toHaveTextContent('pay the open invoice');
  });

  it('help with an unknown code', () => {
    renderCode('api_key_revokd');
    expect(screen.getByText('There is no error code “api_key_revokd”')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'api_key_revoked' })).toHaveAttribute('href', '/docs/errors/api_key_revoked');
    expect(screen.getByRole('link', { name: 'See all error codes' })).toHaveAttribute('href', '/docs/errors');
  });

  it('are all listed on the index, the gateway’s in the order of its decision', () => {
    renderWithProviders(<ErrorCodesPage />, { route: '/docs/errors' });
    const links = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    for (const code of CODES) expect(links).toContain(`/docs/errors/${code}`);
    const table = screen.getByRole('table', { name: 'The gateway’s decision table' });
    const order = within(table)
      .getAllByRole('link')
      .map((a) => a.textContent);
    expect(order.indexOf('missing_api_key')).toBeLessThan(order.indexOf('api_key_revoked'));
    expect(order.indexOf('payment_required')).toBeLessThan(order.indexOf('quota_exhausted'));
    expect(order.indexOf('quota_exhausted')).toBeLessThan(order.indexOf('rate_limited'));
  });
});
