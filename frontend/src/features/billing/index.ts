// The billing pages and the Stripe settings, loaded on first use by the router.
export { BillingOverviewPage } from './components/BillingOverviewPage';
export { BillingUsagePage } from './components/BillingUsagePage';
export { ReconciliationPage } from './components/ReconciliationPage';
export { StripeSettingsPage } from './components/StripeSettingsPage';
export { WebhookEventsPage } from './components/WebhookEventsPage';
