import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, LifecycleBadge } from '../../../components/Badge';
import { SearchInput } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { formatDate, LIFECYCLE_LABELS } from '../../../lib/format';
import { useDebouncedValue, usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { Lifecycle } from '../../../lib/types';
import { useApis, useTeamOptions } from '../api/apis';
import { ApiFormDialog } from './ApiFormDialog';

const PAGE_SIZE = 20;
const LIFECYCLES: Lifecycle[] = ['draft', 'published', 'deprecated', 'retired'];

/** ApisPage is the provider's list of APIs: search, tag, lifecycle and team filters, and registering new ones. */
export function ApisPage() {
  const { tenant, canManage, teamIds, isProvider } = useTenant();
  const [search, setSearch] = useState('');
  const [tagInput, setTagInput] = useState('');
  const [lifecycle, setLifecycle] = useState<Lifecycle | ''>('');
  // Admins see every team's APIs; other members the APIs of one of their teams at a time (the list filters by one).
  const [teamId, setTeamId] = useState(canManage ? '' : (teamIds[0] ?? ''));
  const q = useDebouncedValue(search.trim());
  const tag = useDebouncedValue(tagInput.trim().toLowerCase());
  const page = usePagination(PAGE_SIZE, [q, tag, lifecycle, teamId]);
  const apis = useApis(tenant.slug, { q, tag, lifecycle, team_id: teamId, limit: page.limit, offset: page.offset }, isProvider);
  const teams = useTeamOptions(tenant.slug, isProvider);
  const [creating, setCreating] = useState(false);

  if (!isProvider) {
    return (
      <ForbiddenState what="the API management pages"
        because="Only owners and admins of this tenant, and members of its teams, can see the API management pages." />
    );
  }
  const teamChoices = (teams.data?.items ?? []).filter((t) => canManage || teamIds.includes(t.id));

  const registerButton = (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
      Register API
    </button>
  );
  const filtered = q !== '' || tag !== '' || lifecycle !== '' || (canManage && teamId !== '');
  const knownTags = [...new Set((apis.data?.items ?? []).flatMap((a) => a.tags ?? []))].sort();

  return (
    <>
      <PageHeader title="APIs"
        description={canManage ? 'The APIs your teams publish through the gateway.' : 'The APIs your team publishes through the gateway.'}
        actions={registerButton} />
      <div className="toolbar">
        <SearchInput label="Search APIs" value={search} onChange={setSearch} placeholder="Search by name or description" />
        <input className="input tag-input" aria-label="Filter by tag" placeholder="Tag" list="api-tags" value={tagInput}
          onChange={(e) => setTagInput(e.target.value)} />
        <datalist id="api-tags">
          {knownTags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <select className="input select" aria-label="Filter by lifecycle" value={lifecycle}
          onChange={(e) => setLifecycle(e.target.value as Lifecycle | '')}>
          <option value="">Any lifecycle</option>
          {LIFECYCLES.map((l) => (
            <option key={l} value={l}>
              {LIFECYCLE_LABELS[l]}
            </option>
          ))}
        </select>
        <select className="input select" aria-label="Filter by team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          {canManage && <option value="">Every team</option>}
          {teamChoices.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </div>
      {apis.isPending ? (
        <LoadingState />
      ) : apis.isError ? (
        <ErrorState error={apis.error} onRetry={() => apis.refetch()} />
      ) : apis.data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No APIs match your filters' : 'No APIs yet'} action={filtered ? undefined : registerButton}>
          {filtered
            ? 'Try another search, tag, lifecycle or team.'
            : 'Register an API: name it, say where its upstream runs and publish it when its docs and plans are ready.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">APIs</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Team</th>
                  <th scope="col">Base path</th>
                  <th scope="col">Lifecycle</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Docs</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {apis.data.items.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={a.id}>{a.name}</Link>
                      <div className="muted small">
                        <code>{a.slug}</code>
                      </div>
                    </td>
                    <td>{a.team_name}</td>
                    <td>
                      <code>{a.base_path}</code>
                    </td>
                    <td>
                      <LifecycleBadge lifecycle={a.lifecycle} />
                      {a.lifecycle === 'deprecated' && a.sunset_at && (
                        <div className="muted small">Sunset {formatDate(a.sunset_at)}</div>
                      )}
                    </td>
                    <td>
                      {(a.tags ?? []).length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        <span className="tag-list">
                          {a.tags.map((t) => (
                            <Badge key={t}>{t}</Badge>
                          ))}
                        </span>
                      )}
                    </td>
                    <td>{a.has_openapi ? 'OpenAPI' : <span className="muted">None</span>}</td>
                    <td>{formatDate(a.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={apis.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={['API', 'APIs']} />
        </>
      )}
      <ApiFormDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
