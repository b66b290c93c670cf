/**
 * browser wraps the page navigations that leave the portal (to Stripe's Checkout and Billing Portal), so tests can
 * replace them.
 */
export const browser = {
  /** leaveTo loads another site's page in this tab. */
  leaveTo(url: string): void {
    window.location.assign(url);
  },
};
