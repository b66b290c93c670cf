// The public documentation pages (error codes), loaded on first use by the router.
export { DocsLayout } from './components/DocsLayout';
export { ErrorCodePage } from './components/ErrorCodePage';
export { ErrorCodesPage } from './components/ErrorCodesPage';
