import { useContext, useEffect, useState } from 'react';
import { TenantContext } from './tenant';

/** useDebouncedValue returns value once it has stopped changing for delay milliseconds. */
export function useDebouncedValue<T>(value: T, delay = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(id);
  }, [value, delay]);
  return debounced;
}

/** usePagination keeps a page offset that goes back to the first page whenever one of resetOn changes. */
export function usePagination(pageSize: number, resetOn: readonly unknown[]) {
  const [offset, setOffset] = useState(0);
  const key = JSON.stringify(resetOn);
  const [lastKey, setLastKey] = useState(key);
  if (key !== lastKey) {
    setLastKey(key);
    setOffset(0);
  }
  return { offset: key !== lastKey ? 0 : offset, limit: pageSize, setOffset };
}

/**
 * useDocumentTitle names the browser tab after the page: "Teams · Acme APIs · Tollgate". Inside a tenant the tenant's
 * name is added; the title goes back to "Tollgate" when the page goes away.
 */
export function useDocumentTitle(title: string | undefined) {
  const tenant = useContext(TenantContext)?.tenant.name;
  useEffect(() => {
    if (!title) return;
    document.title = [title, tenant !== title ? tenant : undefined, 'Tollgate'].filter(Boolean).join(' · ');
    return () => {
      document.title = 'Tollgate';
    };
  }, [title, tenant]);
}

/**
 * useAnchor is a page's "now": when its preset time ranges end. It is set when the page opens and moves forward when
 * key (the range and filters) changes or refresh is called, so the charts of one view all describe the same range and
 * do not shift while being read.
 */
export function useAnchor(key: string): { anchor: Date; refresh: () => void } {
  const [state, setState] = useState(() => ({ key, at: Date.now() }));
  let current = state;
  if (state.key !== key) {
    current = { key, at: Date.now() };
    setState(current);
  }
  return { anchor: new Date(current.at), refresh: () => setState({ key, at: Date.now() }) };
}
