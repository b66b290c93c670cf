// The outgoing webhook pages (settings), loaded on first use by the router.
export { WebhookEndpointPage } from './components/WebhookEndpointPage';
export { WebhooksPage } from './components/WebhooksPage';
