// What the subscription page offers for paying: who may pay, when Pay and Manage billing show, and what the page says
// after Stripe's Checkout sends the browser back.
import type { Subscription, SubscriptionState } from '../../lib/types';

/** CHECKOUT_POLL_MS is how often the page asks whether Stripe's confirmation has arrived. */
export const CHECKOUT_POLL_MS = 2_000;
/** CHECKOUT_WAIT_MS is how long the page keeps asking before it says the confirmation is late. */
export const CHECKOUT_WAIT_MS = 60_000;

/** BILLED_STATES are the states of a paid subscription that has been paid for at least once. */
const BILLED_STATES: readonly SubscriptionState[] = ['active', 'past_due', 'suspended'];

/**
 * paysFor reports whether the caller pays for a subscription: a member of the application's team, or an owner or
 * admin (the server allows both to open Checkout and the Billing Portal).
 */
export function paysFor(ctx: { canManage: boolean; teamIds: string[] }, sub: Pick<Subscription, 'team_id'>): boolean {
  return ctx.canManage || ctx.teamIds.includes(sub.team_id);
}

/** canPay: the team may pay while a paid subscription waits for its first payment. */
export function canPay(sub: Pick<Subscription, 'paid' | 'state'>, payer: boolean): boolean {
  return payer && !!sub.paid && sub.state === 'pending_payment';
}

/**
 * canManageBilling: the team may open Stripe's Billing Portal (card, invoices) once it has paid at least once: Stripe
 * knows the subscription, or it is active, past due or suspended on a paid plan.
 */
export function canManageBilling(sub: Pick<Subscription, 'paid' | 'state' | 'stripe_status'>, payer: boolean): boolean {
  if (!payer || !sub.paid) return false;
  return !!sub.stripe_status || BILLED_STATES.includes(sub.state);
}

/**
 * suspendedForPayment tells a suspension for non-payment (paying lifts it) from an admin's (it does not): Stripe
 * says the subscription is unpaid, or its latest invoice is still open.
 */
export function suspendedForPayment(
  sub: Pick<Subscription, 'paid' | 'state' | 'stripe_status' | 'latest_invoice_status'>,
): boolean {
  if (!sub.paid || sub.state !== 'suspended') return false;
  return ['unpaid', 'past_due', 'paused'].includes(sub.stripe_status ?? '') ||
    ['open', 'uncollectible'].includes(sub.latest_invoice_status ?? '');
}

export type CheckoutReturn = 'success' | 'canceled';

/** checkoutReturnOf reads the `checkout` query parameter Stripe's Checkout comes back with. */
export function checkoutReturnOf(value: string | null): CheckoutReturn | null {
  return value === 'success' || value === 'canceled' ? value : null;
}

export interface CheckoutBanner {
  tone: 'success' | 'info' | 'warning';
  title: string;
  text: string;
  /** Whether the page should keep asking for the subscription until Stripe's confirmation makes it active. */
  polling: boolean;
}

/**
 * checkoutBanner is what the page says after Checkout: on success it waits (and asks every few seconds) until Stripe's
 * confirmation makes the subscription active, and says so when that takes too long; on cancel it says nothing was
 * charged.
 */
export function checkoutBanner(ret: CheckoutReturn | null, state: SubscriptionState, timedOut: boolean): CheckoutBanner | null {
  if (ret === 'canceled') {
    return {
      tone: 'info',
      title: 'Checkout canceled; nothing was charged',
      text: state === 'pending_payment' ? 'Press Pay when you are ready to try again.' : 'The subscription did not change.',
      polling: false,
    };
  }
  if (ret !== 'success') return null;
  if (state === 'active') {
    return {
      tone: 'success',
      title: 'Payment confirmed',
      text: 'Stripe confirmed the payment: the subscription is active and its API keys work for this API.',
      polling: false,
    };
  }
  if (timedOut) {
    return {
      tone: 'warning',
      title: 'Stripe has not confirmed the payment yet',
      text: 'It can take a few minutes. Reload this page later: you also get a notification when the subscription starts.',
      polling: false,
    };
  }
  return {
    tone: 'info',
    title: 'Payment received — waiting for Stripe’s confirmation',
    text: 'This page updates by itself; it usually takes a few seconds.',
    polling: true,
  };
}
