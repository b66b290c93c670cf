import { SelectField } from '../../../components/FormField';
import { RangePicker } from '../../../components/RangePicker';
import { useTenant } from '../../../lib/tenant';
import { useApiOptions, useApplicationOptions, usePlanOptions } from '../api/analytics';
import { isNarrowed, type AnalyticsFilters } from '../filters';

/** Option is one choice of a filter. */
interface Option {
  id: string;
  name: string;
}

/** FilterSelect chooses one of the options or "all"; an id from the URL the options do not list is kept, by id. */
function FilterSelect({
  label,
  all,
  value,
  options,
  loading,
  disabled,
  onChange,
}: {
  label: string;
  all: string;
  value: string;
  options: Option[];
  loading: boolean;
  disabled?: boolean;
  onChange: (id: string) => void;
}) {
  const known = value === '' || options.some((o) => o.id === value);
  return (
    <SelectField label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      <option value="">{loading ? 'Loading…' : all}</option>
      {!known && <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </SelectField>
  );
}

/** AnalyticsFiltersBar chooses the time range and narrows the dashboard to one API, application or plan. */
export function AnalyticsFiltersBar({
  filters,
  anchor,
  onChange,
}: {
  filters: AnalyticsFilters;
  anchor: Date;
  onChange: (next: AnalyticsFilters) => void;
}) {
  const { tenant } = useTenant();
  const apis = useApiOptions(tenant.slug);
  const apps = useApplicationOptions(tenant.slug);
  const plans = usePlanOptions(tenant.slug, filters.apiId);
  const planOptions = (plans.data?.items ?? []).map((p) => ({ id: p.id, name: p.archived_at ? `${p.name} (archived)` : p.name }));

  return (
    <div className="toolbar toolbar-fields analytics-filters">
      <RangePicker value={filters} anchor={anchor} onChange={(r) => onChange({ ...filters, ...r })} />
      <FilterSelect label="API" all="All APIs" value={filters.apiId} options={apis.data?.items ?? []} loading={apis.isPending}
        onChange={(apiId) => onChange({ ...filters, apiId, planId: '' })} />
      <FilterSelect label="Application" all="All applications" value={filters.applicationId} options={apps.data?.items ?? []}
        loading={apps.isPending} onChange={(applicationId) => onChange({ ...filters, applicationId })} />
      <FilterSelect label="Plan" all={filters.apiId ? 'All plans' : 'Choose an API first'} value={filters.planId}
        options={planOptions} loading={filters.apiId !== '' && plans.isPending} disabled={filters.apiId === ''}
        onChange={(planId) => onChange({ ...filters, planId })} />
      {isNarrowed(filters) && (
        <button type="button" className="btn btn-ghost" onClick={() => onChange({ ...filters, apiId: '', applicationId: '', planId: '' })}>
          Clear filters
        </button>
      )}
    </div>
  );
}
