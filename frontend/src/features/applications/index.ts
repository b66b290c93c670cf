// The application pages, loaded on first use by the router.
export { ApplicationDetailPage } from './components/ApplicationDetailPage';
export { ApplicationsPage } from './components/ApplicationsPage';
