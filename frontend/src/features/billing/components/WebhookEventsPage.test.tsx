import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { StripeEventRecord } from '../../../lib/types';
import { json, stubFetch } from '../../../test/fetch';
import { list } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { WebhookEventsPage } from './WebhookEventsPage';

const event = (over: Partial<StripeEventRecord> = {}): StripeEventRecord => ({
  id: 'evt_1',
  type: 'invoice.payment_failed',
  created: '2026-11-22T10:00:00Z',
  livemode: false,
  subscription_id: 'sub-1',
  source: 'webhook',
  received_at: '2026-11-22T10:00:01Z',
  processed_at: null,
  status: 'failed',
  outcome: '',
  error: 'fetch subscription sub_1: Stripe could not be reached',
  attempts: 8,
  next_attempt_at: null,
  ...over,
});

const render = (route = '/t/acme/billing/events', role: 'billing' | 'admin' = 'billing') =>
  renderWithProviders(<WebhookEventsPage />, { role, route, path: '/t/:tenant/billing/events' });

describe('WebhookEventsPage', () => {
  it('lists the events with their status, attempts and error, filtered from the URL', async () => {
    const { calls } = stubFetch({ 'GET /tenants/acme/billing/events': () => json(200, list([event()])) });
    render('/t/acme/billing/events?status=failed');
    const table = await screen.findByRole('table', { name: 'Webhook events' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('invoice.payment_failed');
    expect(row).toHaveTextContent('Failed');
    expect(row).toHaveTextContent('8');
    expect(row).toHaveTextContent('Stripe could not be reached');
    expect(calls[0].url.searchParams.get('status')).toBe('failed');
    await userEvent.selectOptions(screen.getByLabelText('Type'), 'invoice.paid');
    await vi.waitFor(() => {
      const q = calls.at(-1)?.url.searchParams;
      expect(q?.get('type')).toBe('invoice.paid');
      expect(q?.get('status')).toBe('failed');
      expect(q?.get('offset')).toBe('0');
    });
  });

  it('replays an event only after confirming', async () => {
    const { calls } = stubFetch({
      'GET /tenants/acme/billing/events': () => json(200, list([event()])),
      'POST /tenants/acme/billing/events/evt_1/replay': () => json(200, event({ status: 'processed', error: '', outcome: 'past_due', attempts: 9 })),
    });
    render();
    await userEvent.click(await screen.findByRole('button', { name: 'Replay event evt_1' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Replay event?' });
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Replay' }));
    expect(await screen.findByText('Event evt_1 was applied: past_due.')).toBeInTheDocument();
  });

  it('recovers undelivered events and says how many', async () => {
    stubFetch({
      'GET /tenants/acme/billing/events': () => json(200, list([])),
      'POST /tenants/acme/billing/events/recover': () => json(200, { recovered: 3 }),
    });
    render();
    expect(await screen.findByText('No webhook events yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Recover undelivered events' }));
    await userEvent.click(within(screen.getByRole('alertdialog', { name: 'Recover undelivered events?' })).getByRole('button', { name: 'Recover events' }));
    expect(await screen.findByText('3 undelivered events were recovered and applied.')).toBeInTheDocument();
  });
});
