import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, problem, stubFetch } from '../../../test/fetch';
import { plan } from '../../../test/data';
import { renderWithProviders } from '../../../test/render';
import { PlanFormDialog } from './PlanFormDialog';

const render = (p?: ReturnType<typeof plan>) =>
  renderWithProviders(<PlanFormDialog open apiId="api-1" plan={p} onClose={() => undefined} />, { role: 'owner' });

describe('PlanFormDialog alert thresholds', () => {
  it('starts with 80, 90 and 100 and sends them as numbers', async () => {
    const { calls } = stubFetch({ 'POST /tenants/acme/apis/api-1/plans': () => json(201, plan()) });
    render();
    const dialog = screen.getByRole('dialog', { name: 'Create plan' });
    expect(within(dialog).getByLabelText('Quota alerts (% of the quota)')).toHaveValue('80, 90, 100');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Starter');
    await userEvent.type(within(dialog).getByLabelText('Monthly quota'), '20');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create plan' }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ name: 'Starter', monthly_quota: 20, alert_thresholds: [80, 90, 100] });
  });

  it('checks the thresholds before sending, and sends a plan’s edited ones sorted', async () => {
    const { calls } = stubFetch({ 'PATCH /tenants/acme/apis/api-1/plans/plan-free': () => json(200, plan()) });
    render(plan({ alert_thresholds: [50, 100] }));
    const dialog = screen.getByRole('dialog', { name: 'Edit plan Free' });
    const field = within(dialog).getByLabelText('Quota alerts (% of the quota)');
    expect(field).toHaveValue('50, 100');
    await userEvent.clear(field);
    await userEvent.type(field, '10, 20, 30, 40, 50, 60');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save plan' }));
    expect(field).toHaveAccessibleDescription('Use at most 5 thresholds.');
    await userEvent.clear(field);
    await userEvent.type(field, '120');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save plan' }));
    expect(field).toHaveAccessibleDescription('“120” is not a whole percent from 1 to 100.');
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    await userEvent.clear(field);
    await userEvent.type(field, '95, 75');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save plan' }));
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toMatchObject({ alert_thresholds: [75, 95] });
  });

  it('shows the server’s refusal under the field', async () => {
    stubFetch({
      'PATCH /tenants/acme/apis/api-1/plans/plan-free': () =>
        problem(422, 'validation_failed', 'Validation failed', '1 field is invalid', [{ field: 'alert_thresholds', message: 'at most 5 thresholds' }]),
    });
    render(plan());
    const dialog = screen.getByRole('dialog', { name: 'Edit plan Free' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save plan' }));
    expect(await within(dialog).findByText('At most 5 thresholds.')).toBeInTheDocument();
  });
});
