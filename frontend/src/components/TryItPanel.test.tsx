import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test/fetch';
import { renderWithProviders } from '../test/render';
import type { OperationModel } from '../lib/openapi';
import { joinUrl, TryItPanel } from './TryItPanel';

const op: OperationModel = {
  key: 'GET /current',
  method: 'GET',
  path: '/current',
  summary: 'Current conditions',
  description: '',
  operationId: '',
  deprecated: false,
  tags: [],
  parameters: [],
  responses: [],
};

describe('joinUrl', () => {
  it('puts tenant, base path, path and query together', () => {
    expect(joinUrl('http://gw:8081/', 'acme', '/weather/', 'current', '?city=Lisbon')).toBe(
      'http://gw:8081/acme/weather/current?city=Lisbon',
    );
    expect(joinUrl('http://gw:8081', 'acme', '/weather', '', '')).toBe('http://gw:8081/acme/weather');
  });
});

describe('TryItPanel', () => {
  it('sends the request through the gateway with the pasted key and never stores the key', async () => {
    const { calls } = stubFetch({
      'GET /public/config': () => json(200, { gateway_url: 'http://gw.test:8081', public_url: 'http://portal.test' }),
      'GET /acme/weather/current': () =>
        json(200, { city: 'Lisbon', temperature_c: 21 }, { 'X-Quota-Remaining': '999' }),
    });
    renderWithProviders(<TryItPanel tenant="acme" basePath="/weather" operations={[op]} />);
    await screen.findByDisplayValue('http://gw.test:8081');
    await userEvent.selectOptions(screen.getByLabelText('Operation'), 'GET /current');
    await userEvent.type(screen.getByLabelText('Query (optional)'), 'city=Lisbon');
    await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(screen.getByLabelText('API key')).toHaveAccessibleDescription('Paste an API key of one of your applications.');
    await userEvent.type(screen.getByLabelText('API key'), 'tg_live_secret');
    await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
    const body = await screen.findByLabelText('Response body');
    expect(body).toHaveTextContent('"temperature_c": 21');
    const sent = calls.find((c) => c.path === '/acme/weather/current')!;
    expect(sent.url.origin).toBe('http://gw.test:8081');
    expect(sent.url.searchParams.get('city')).toBe('Lisbon');
    expect(sent.headers.Authorization).toBe('Bearer tg_live_secret');
    expect(sent.credentials).toBe('omit');
    expect(JSON.stringify({ ...localStorage })).not.toContain('tg_live_secret');
    expect(within(screen.getByText(/^200/).parentElement!).getByText('200')).toBeInTheDocument();
  });

  it('explains an unreachable gateway', async () => {
    stubFetch({ 'GET /public/config': () => json(200, { gateway_url: 'http://gw.test:8081', public_url: '' }) });
    const fetchFail = globalThis.fetch;
    renderWithProviders(<TryItPanel tenant="acme" basePath="/weather" />);
    await screen.findByDisplayValue('http://gw.test:8081');
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).startsWith('http://gw.test')) throw new TypeError('Failed to fetch');
      return fetchFail(input, init);
    }) as typeof fetch;
    await userEvent.type(screen.getByLabelText('API key'), 'k');
    await userEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The browser could not reach http://gw.test:8081/acme/weather.');
  });
});
