// The catalogue's pages, loaded on first use by the router.
export { CatalogueApiPage } from './components/CatalogueApiPage';
export { CataloguePage } from './components/CataloguePage';
