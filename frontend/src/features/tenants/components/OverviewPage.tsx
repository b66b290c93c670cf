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

/** OverviewPage is a tenant's home: who you are in it, how big it is, and what to do next for your role. */
export function OverviewPage() {
  const { tenant, role, canManage } = useTenant();
  const counts = useTenantCounts(tenant.slug, canManage);
  const stats = [
    { label: 'Members', to: 'members', q: counts.members },
    { label: 'Teams', to: 'teams', q: counts.teams },
    ...(canManage ? [{ label: 'Pending invitations', to: 'invitations', q: counts.invitations }] : []),
  ];
  const steps = canManage
    ? [
        { to: 'apis', title: 'Publish APIs', text: 'Register an API, upload its OpenAPI document, add plans and publish it.' },
        { to: 'approvals', title: 'Decide on requests', text: 'Approve or reject subscription requests for plans that need approval.' },
        { to: 'invitations', title: 'Invite people', text: 'Invite members by email and group them in teams.' },
      ]
    : [
        { to: 'catalogue', title: 'Browse the catalogue', text: 'Read the docs of the published APIs and compare their plans.' },
        { to: 'applications', title: 'Create an application', text: 'Applications hold your subscriptions and API keys.' },
        { to: 'applications', title: 'Subscribe and get a key', text: 'Subscribe an application to a plan, then create a key to call the API.' },
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
        <h2 id="next-title">Get started</h2>
        <ol className="steps">
          {steps.map((s) => (
            <li key={s.title}>
              <Link to={s.to}>{s.title}</Link>
              <p className="muted">{s.text}</p>
            </li>
          ))}
        </ol>
        {!canManage && (
          <p className="muted small">
            Usage pages arrive later. You can leave {tenant.name} from its <Link to="settings">settings</Link>.
          </p>
        )}
      </section>
    </>
  );
}
