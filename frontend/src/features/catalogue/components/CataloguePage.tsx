import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, LifecycleBadge } from '../../../components/Badge';
import { SearchInput } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { Alert } from '../../../components/Alert';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDate } from '../../../lib/format';
import { useDebouncedValue, usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import { CATALOGUE_FETCH_LIMIT, useCatalogue } from '../api/catalogue';

const PAGE_SIZE = 12;

/** CataloguePage lists the published and deprecated APIs developers can subscribe to, with search and tags. */
export function CataloguePage() {
  const { tenant } = useTenant();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const q = useDebouncedValue(search.trim());
  const catalogue = useCatalogue(tenant.slug, { q, tag });
  // Tags to filter by: those of the APIs found without a tag filter would be best, but the current result is
  // enough to narrow down further; a chosen tag stays listed.
  const tags = [...new Set([...catalogue.items.flatMap((a) => a.tags ?? []), ...(tag ? [tag] : [])])].sort();
  const page = usePagination(PAGE_SIZE, [q, tag]);
  const shown = catalogue.items.slice(page.offset, page.offset + page.limit);
  const filtered = q !== '' || tag !== '';

  return (
    <>
      <PageHeader title="Catalogue" description={`APIs published in ${tenant.name}. Open one to read its docs and subscribe.`} />
      <div className="toolbar">
        <SearchInput label="Search the catalogue" value={search} onChange={setSearch} placeholder="Search APIs" />
        <select className="input select" aria-label="Filter by tag" value={tag} onChange={(e) => setTag(e.target.value)}>
          <option value="">Every tag</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      {catalogue.isPending ? (
        <LoadingState />
      ) : catalogue.isError ? (
        <ErrorState error={catalogue.error} onRetry={() => catalogue.refetch()} />
      ) : catalogue.items.length === 0 ? (
        <EmptyState title={filtered ? 'No APIs match your search' : 'The catalogue is empty'}>
          {filtered ? 'Try other words or another tag.' : 'No API is published for you yet. Check back later.'}
        </EmptyState>
      ) : (
        <>
          {catalogue.truncated && (
            <Alert tone="info">Only the first {CATALOGUE_FETCH_LIMIT} APIs of each kind are listed; search to narrow down.</Alert>
          )}
          <ul className="card-grid" aria-label="APIs">
            {shown.map((a) => (
              <li key={a.id} className="card api-card">
                <h2 className="api-card-title">
                  <Link to={a.id}>{a.name}</Link>
                </h2>
                <p className="muted small">
                  <code>{a.base_path}</code> · {a.team_name}
                </p>
                {a.lifecycle === 'deprecated' && (
                  <p className="small">
                    <LifecycleBadge lifecycle={a.lifecycle} />{' '}
                    {a.sunset_at ? `Sunset on ${formatDate(a.sunset_at)}` : 'No sunset date'}
                  </p>
                )}
                <p className="api-card-description">{a.description || <span className="muted">No description.</span>}</p>
                {(a.tags ?? []).length > 0 && (
                  <p className="tag-list">
                    {a.tags.map((t) => (
                      <button key={t} type="button" className="tag-button" onClick={() => setTag(t)}
                        aria-label={`Show APIs tagged ${t}`}>
                        <Badge>{t}</Badge>
                      </button>
                    ))}
                  </p>
                )}
              </li>
            ))}
          </ul>
          <Pagination total={catalogue.items.length} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={['API', 'APIs']} />
        </>
      )}
    </>
  );
}
