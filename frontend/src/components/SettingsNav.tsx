import { useTenant } from '../lib/tenant';
import { SectionNav } from './SectionNav';

/** SettingsNav links the tenant's settings pages; the Stripe page is only for those who see billing. */
export function SettingsNav() {
  const { tenant, canBill } = useTenant();
  if (!canBill) return null;
  const base = `/t/${tenant.slug}/settings`;
  return (
    <SectionNav label="Settings sections" links={[
      { to: base, label: 'General', end: true },
      { to: `${base}/stripe`, label: 'Stripe' },
    ]} />
  );
}
