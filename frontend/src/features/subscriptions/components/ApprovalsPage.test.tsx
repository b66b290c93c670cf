import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { api } from '../../../lib/api';
import { json, problem, stubFetch } from '../../../test/fetch';
import { adam, dev, list, olivia, subscription } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { ApprovalsPage } from './ApprovalsPage';

const pending = subscription({
  id: 'sub-2',
  plan_name: 'Enterprise',
  approval_policy: 'two_person',
  state: 'pending_approval',
  reason: 'Enterprise customers need more calls.',
});

function signInAs(user: typeof olivia) {
  api.acceptTokens({ access_token: 'A', token_type: 'Bearer', expires_in: 900, user: { ...user, is_platform_admin: false, created_at: '' } });
}

describe('ApprovalsPage', () => {
  beforeEach(() => signInAs(olivia));

  it('shows a two-person request with what the approvers need to know', async () => {
    stubFetch({ 'GET /tenants/acme/approvals': () => json(200, list([pending])) });
    renderWithProviders(<ApprovalsPage />, { role: 'owner' });
    const card = await screen.findByRole('listitem', { name: 'Mobile App → Weather' });
    expect(card).toHaveTextContent('Two-person approval');
    expect(card).toHaveTextContent('Enterprise');
    expect(card).toHaveTextContent('Mobile');
    expect(card).toHaveTextContent('Enterprise customers need more calls.');
    expect(card).toHaveTextContent(`by ${dev.name}`);
    expect(card).toHaveTextContent('0 of 2 approvals');
    expect(screen.getByText('1 request waits for a decision, oldest first.')).toBeInTheDocument();
  });

  it('approving once leaves a two-person request pending at 1 of 2', async () => {
    let current = pending;
    const { calls } = stubFetch({
      'GET /tenants/acme/approvals': () => json(200, list([current])),
      'POST /tenants/acme/subscriptions/sub-2/approve': () => {
        current = { ...pending, approvals: [{ admin: olivia, comment: 'Fine by me', created_at: '2026-11-21T10:00:00Z' }] };
        return json(200, current);
      },
    });
    renderWithProviders(<ApprovalsPage />, { role: 'owner' });
    await userEvent.click(await screen.findByRole('button', { name: 'Approve the request of Mobile App for Weather' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Approve request?' });
    expect(dialog).toHaveTextContent('This is approval 1 of 2');
    await userEvent.type(within(dialog).getByLabelText('Comment (optional)'), 'Fine by me');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Approved. Mobile App now waits for a second approval.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ comment: 'Fine by me' });
    const card = await screen.findByRole('listitem', { name: 'Mobile App → Weather' });
    await within(card).findByText('1 of 2 approvals');
    expect(card).toHaveTextContent('Olivia Owner approved');
    expect(card).toHaveTextContent('You approved this; it waits for another owner or admin.');
  });

  it('explains why approving twice is refused', async () => {
    const once = { ...pending, approvals: [{ admin: olivia, comment: '', created_at: '2026-11-21T10:00:00Z' }] };
    stubFetch({
      'GET /tenants/acme/approvals': () => json(200, list([once])),
      'POST /tenants/acme/subscriptions/sub-2/approve': () =>
        problem(409, 'conflict', 'Conflict', 'You have already approved this request.'),
    });
    renderWithProviders(<ApprovalsPage />, { role: 'owner' });
    await userEvent.click(await screen.findByRole('button', { name: /^Approve the request/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Approve request?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'You have already approved this request. A two-person approval needs two different owners or admins.',
    );
    expect(dialog).toBeInTheDocument();
  });

  it('requires a comment to reject', async () => {
    signInAs(adam);
    const { calls } = stubFetch({
      'GET /tenants/acme/approvals': () => json(200, list([pending])),
      'POST /tenants/acme/subscriptions/sub-2/reject': () => json(200, { ...pending, state: 'rejected' }),
    });
    renderWithProviders(<ApprovalsPage />, { role: 'admin' });
    await userEvent.click(await screen.findByRole('button', { name: /^Reject the request/ }));
    const dialog = screen.getByRole('alertdialog', { name: 'Reject request?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(within(dialog).getByLabelText('Comment')).toHaveAccessibleDescription(
      'Say why the request is rejected; the requester reads it.',
    );
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await userEvent.type(within(dialog).getByLabelText('Comment'), 'Not for mobile apps');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('The request of Mobile App for Weather was rejected.')).toBeInTheDocument();
  });

  it('shows an empty inbox', async () => {
    stubFetch({ 'GET /tenants/acme/approvals': () => json(200, list([])) });
    renderWithProviders(<ApprovalsPage />, { role: 'admin' });
    expect(await screen.findByText('Nothing to approve')).toBeInTheDocument();
  });
});
