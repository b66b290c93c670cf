import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SubscriptionState } from '../../../lib/types';
import { json, problem, stubFetch } from '../../../test/fetch';
import { list, plan, subscription, weather } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { SubscribeDialog } from './SubscribeDialog';

const app = { id: 'app-1', team_id: 'team-m', team_name: 'Mobile', name: 'Mobile App', description: '', created_at: '', updated_at: '' };
const plans = [
  plan(),
  plan({ id: 'plan-partner', name: 'Partner', approval: 'manual' }),
  plan({ id: 'plan-ent', name: 'Enterprise', approval: 'two_person', paid: true }),
];

async function subscribe(planId: string, state: SubscriptionState) {
  const { calls } = stubFetch({
    'GET /tenants/acme/applications': () => json(200, list([app])),
    'POST /tenants/acme/applications/app-1/subscriptions': (req) => {
      const body = req.body as { plan_id: string };
      const p = plans.find((x) => x.id === body.plan_id)!;
      return json(201, subscription({ plan_id: p.id, plan_name: p.name, approval_policy: p.approval, state }));
    },
  });
  renderWithProviders(<SubscribeDialog open api={weather} plans={plans} planId={planId} onClose={vi.fn()} />, { role: 'developer' });
  const dialog = screen.getByRole('dialog', { name: 'Subscribe to Weather' });
  // The only application is chosen already.
  await vi.waitFor(() => expect(within(dialog).getByLabelText('Application')).toHaveValue('app-1'));
  await userEvent.type(within(dialog).getByLabelText('Reason'), 'Weather in the app');
  await userEvent.click(within(dialog).getByRole('button', { name: 'Subscribe' }));
  const done = await screen.findByRole('dialog', { name: 'Subscription requested' });
  return { done, calls };
}

describe('SubscribeDialog', () => {
  it('an automatic free plan is active at once', async () => {
    const { done, calls } = await subscribe('plan-free', 'active');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ plan_id: 'plan-free', reason: 'Weather in the app' });
    expect(done).toHaveTextContent('Active');
    expect(done).toHaveTextContent('The subscription is active. Create an API key in Mobile App');
    expect(within(done).getByRole('link', { name: 'Mobile App' })).toHaveAttribute('href', '/t/acme/applications/app-1');
  });

  it('a manual plan waits for approval', async () => {
    const { done } = await subscribe('plan-partner', 'pending_approval');
    expect(done).toHaveTextContent('Pending approval');
    expect(done).toHaveTextContent('The request waits for approval by an owner or admin.');
  });

  it('a two-person plan says two approvers are needed', async () => {
    const { done } = await subscribe('plan-ent', 'pending_approval');
    expect(done).toHaveTextContent('by two owners or admins');
  });

  it('a paid plan waits for payment', async () => {
    const { done } = await subscribe('plan-ent', 'pending_payment');
    expect(done).toHaveTextContent('Pending payment');
    expect(done).toHaveTextContent('the subscription starts once the payment is complete');
  });

  it('asks for a reason and shows a refusal readably', async () => {
    stubFetch({
      'GET /tenants/acme/applications': () => json(200, list([app])),
      'POST /tenants/acme/applications/app-1/subscriptions': () =>
        problem(409, 'conflict', 'Conflict', 'Mobile App already has an open subscription to Weather.'),
    });
    renderWithProviders(<SubscribeDialog open api={weather} plans={plans} planId="plan-free" onClose={vi.fn()} />, { role: 'developer' });
    const dialog = screen.getByRole('dialog', { name: 'Subscribe to Weather' });
    await vi.waitFor(() => expect(within(dialog).getByLabelText('Application')).toHaveValue('app-1'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Subscribe' }));
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(
      'Say what you will use the API for; approvers read it.',
    );
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Again');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Subscribe' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Mobile App already has an open subscription to Weather.');
  });

  it('points to the applications page when the user has none', async () => {
    stubFetch({ 'GET /tenants/acme/applications': () => json(200, list([])) });
    renderWithProviders(<SubscribeDialog open api={weather} plans={plans} planId="plan-free" onClose={vi.fn()} />, { role: 'developer' });
    expect(await screen.findByText('You have no application yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Create an application' })).toHaveAttribute('href', '/t/acme/applications');
    expect(screen.getByRole('button', { name: 'Subscribe' })).toBeDisabled();
  });
});
