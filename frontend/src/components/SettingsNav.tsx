import { useTenant } from '../lib/tenant';
import { SectionNav, type SectionLink } from './SectionNav';

/**
 * SettingsNav links the tenant's settings pages: webhooks for admins and members of teams, the Stripe page for those
 * who see billing. With only the general page there is nothing to link.
 */
export function SettingsNav() {
  const { tenant, canBill, canManage, teamIds } = useTenant();
  const base = `/t/${tenant.slug}/settings`;
  const links: SectionLink[] = [{ to: base, label: 'General', end: true }];
  if (canManage || teamIds.length > 0) links.push({ to: `${base}/webhooks`, label: 'Webhooks' });
  if (canBill) links.push({ to: `${base}/stripe`, label: 'Stripe' });
  if (links.length === 1) return null;
  return <SectionNav label="Settings sections" links={links} />;
}
