import { Link } from 'react-router';
import { RoleBadge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import { useTenantCounts } from '../api/tenants';

function Count({ value, pending, error }: { value?: number; pending: boolean; error: boolean }) {
  if (pending) return <span className="stat-value muted">…</span>;
  if (error) return <span className="stat-value muted">—</span>;
  return <span className="stat-value">{value}</span>;
}

/** OverviewPage is a tenant's home: who you are in it and how big it is. */
export function OverviewPage() {
  const { tenant, role, canManage } = useTenant();
  const counts = useTenantCounts(tenant.slug, canManage);
  const stats = [
    { label: 'Members', to: 'members', q: counts.members },
    { label: 'Teams', to: 'teams', q: counts.teams },
    ...(canManage ? [{ label: 'Pending invitations', to: 'invitations', q: counts.invitations }] : []),
  ];
  return (
    <>
      <PageHeader
        title={tenant.name}
        description={
          <>
            Your role: <RoleBadge role={role} /> · created {formatDate(tenant.created_at)}
          </>
        }
      />
      <ul className="stats" aria-label="Tenant summary">
        {stats.map((s) => (
          <li key={s.label} className="stat card">
            <Link to={s.to} className="stat-label">
              {s.label}
            </Link>
            <Count value={s.q.data} pending={s.q.isPending} error={s.q.isError} />
          </li>
        ))}
      </ul>
      <section className="card" aria-labelledby="next-title">
        <h2 id="next-title">Coming next</h2>
        <p className="muted">
          The API catalogue, applications, approvals, usage and billing will appear in the sidebar as they are
          released. Until then, manage who works in {tenant.name}: invite members, group them in teams and review
          the audit log.
        </p>
      </section>
    </>
  );
}
