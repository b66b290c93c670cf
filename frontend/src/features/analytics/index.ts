// The providers' analytics dashboard, loaded on first use by the router (its charts pull in the charting library).
export { AnalyticsPage } from './components/AnalyticsPage';
