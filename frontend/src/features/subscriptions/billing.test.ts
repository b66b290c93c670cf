import { describe, expect, it } from 'vitest';
import { paidSubscription, subscription } from '../../test/data';
import { canManageBilling, canPay, checkoutBanner, checkoutReturnOf, paysFor, suspendedForPayment } from './billing';

const team = { canManage: false, teamIds: ['team-m'] };
const stranger = { canManage: false, teamIds: ['team-p'] };
const admin = { canManage: true, teamIds: [] };

describe('who pays', () => {
  it('is the application’s team, or an owner or admin', () => {
    const sub = paidSubscription();
    expect(paysFor(team, sub)).toBe(true);
    expect(paysFor(admin, sub)).toBe(true);
    // The API's provider team sees the subscription but does not pay for it.
    expect(paysFor(stranger, sub)).toBe(false);
  });
});

describe('Pay', () => {
  it('shows while a paid subscription waits for its first payment', () => {
    expect(canPay(paidSubscription(), true)).toBe(true);
    expect(canPay(paidSubscription(), false)).toBe(false);
    expect(canPay(paidSubscription({ state: 'active' }), true)).toBe(false);
    expect(canPay(paidSubscription({ state: 'pending_approval' }), true)).toBe(false);
    expect(canPay(subscription({ state: 'pending_payment' }), true)).toBe(false);
  });
});

describe('Manage billing', () => {
  it('shows once the team has paid: Stripe knows the subscription, or it is active, past due or suspended', () => {
    expect(canManageBilling(paidSubscription(), true)).toBe(false);
    expect(canManageBilling(paidSubscription({ stripe_status: 'incomplete' }), true)).toBe(true);
    expect(canManageBilling(paidSubscription({ state: 'active' }), true)).toBe(true);
    expect(canManageBilling(paidSubscription({ state: 'past_due' }), true)).toBe(true);
    expect(canManageBilling(paidSubscription({ state: 'suspended' }), true)).toBe(true);
    expect(canManageBilling(paidSubscription({ state: 'canceled' }), true)).toBe(false);
    expect(canManageBilling(paidSubscription({ state: 'active' }), false)).toBe(false);
    // Free plans have nothing to manage.
    expect(canManageBilling(subscription({ state: 'active' }), true)).toBe(false);
  });

  it('tells a suspension for non-payment from an admin’s', () => {
    expect(suspendedForPayment(paidSubscription({ state: 'suspended', stripe_status: 'unpaid' }))).toBe(true);
    expect(suspendedForPayment(paidSubscription({ state: 'suspended', latest_invoice_status: 'open' }))).toBe(true);
    expect(suspendedForPayment(paidSubscription({ state: 'suspended', stripe_status: 'active', latest_invoice_status: 'paid' }))).toBe(false);
    expect(suspendedForPayment(subscription({ state: 'suspended' }))).toBe(false);
  });
});

describe('the checkout return banner', () => {
  it('reads only the values Checkout sends back', () => {
    expect(checkoutReturnOf('success')).toBe('success');
    expect(checkoutReturnOf('canceled')).toBe('canceled');
    expect(checkoutReturnOf('cancelled')).toBeNull();
    expect(checkoutReturnOf(null)).toBeNull();
  });

  it('waits for Stripe’s confirmation after a payment, then says it is confirmed', () => {
    const waiting = checkoutBanner('success', 'pending_payment', false);
    expect(waiting).toMatchObject({ tone: 'info', title: 'Payment received — waiting for Stripe’s confirmation', polling: true });
    expect(checkoutBanner('success', 'active', false)).toMatchObject({ tone: 'success', title: 'Payment confirmed', polling: false });
    // Confirmed even when the page had stopped waiting.
    expect(checkoutBanner('success', 'active', true)?.polling).toBe(false);
  });

  it('stops waiting after a while and says the confirmation is late', () => {
    expect(checkoutBanner('success', 'pending_payment', true)).toMatchObject({
      tone: 'warning',
      title: 'Stripe has not confirmed the payment yet',
      polling: false,
    });
  });

  it('says nothing was charged when the checkout was canceled, and offers Pay again', () => {
    const banner = checkoutBanner('canceled', 'pending_payment', false);
    expect(banner).toMatchObject({ title: 'Checkout canceled; nothing was charged', polling: false });
    expect(banner?.text).toContain('Pay');
    expect(checkoutBanner(null, 'pending_payment', false)).toBeNull();
  });
});
