// The approvals inbox and subscription pages, loaded on first use by the router.
export { ApprovalsPage } from './components/ApprovalsPage';
export { SubscriptionDetailPage } from './components/SubscriptionDetailPage';
export { SubscriptionsPage } from './components/SubscriptionsPage';
