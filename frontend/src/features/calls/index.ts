// The call log pages, loaded on first use by the router.
export { ApiCallsPage, AppCallsPage } from './components/CallLogPages';
