// The provider's API pages, loaded on first use by the router.
export { ApiDetailPage } from './components/ApiDetailPage';
export { ApisPage } from './components/ApisPage';
