import type { ReactNode } from 'react';
import { LIFECYCLE_LABELS, roleLabel, stateLabel } from '../lib/format';
import type { KeyStatus, Lifecycle, Role, SubscriptionState } from '../lib/types';

export type BadgeTone = 'neutral' | 'blue' | 'green' | 'amber' | 'red' | 'violet';

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const ROLE_TONE: Record<Role, BadgeTone> = {
  owner: 'violet',
  admin: 'blue',
  billing: 'amber',
  developer: 'green',
};

export function RoleBadge({ role }: { role: Role | null | undefined }) {
  return <Badge tone={role ? ROLE_TONE[role] : 'red'}>{roleLabel(role)}</Badge>;
}

const LIFECYCLE_TONE: Record<Lifecycle, BadgeTone> = {
  draft: 'neutral',
  published: 'green',
  deprecated: 'amber',
  retired: 'red',
};

export function LifecycleBadge({ lifecycle }: { lifecycle: Lifecycle }) {
  return <Badge tone={LIFECYCLE_TONE[lifecycle] ?? 'neutral'}>{LIFECYCLE_LABELS[lifecycle] ?? lifecycle}</Badge>;
}

const STATE_TONE: Record<SubscriptionState, BadgeTone> = {
  requested: 'blue',
  pending_approval: 'amber',
  approved: 'blue',
  pending_payment: 'amber',
  active: 'green',
  past_due: 'red',
  suspended: 'red',
  rejected: 'neutral',
  revoked: 'neutral',
  canceled: 'neutral',
};

export function StateBadge({ state }: { state: SubscriptionState }) {
  return <Badge tone={STATE_TONE[state] ?? 'neutral'}>{stateLabel(state)}</Badge>;
}

const KEY_TONE: Record<KeyStatus, BadgeTone> = { active: 'green', expired: 'neutral', revoked: 'red' };
const KEY_LABEL: Record<KeyStatus, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

export function KeyStatusBadge({ status }: { status: KeyStatus }) {
  return <Badge tone={KEY_TONE[status] ?? 'neutral'}>{KEY_LABEL[status] ?? status}</Badge>;
}

/** codeTone colours a gateway decision: passed, refused for money or time (amber), refused or failed (red). */
export function codeTone(code: string, status: number): BadgeTone {
  if (code === 'ok') return 'green';
  if (status === 402 || status === 429) return 'amber';
  if (status === 499 || status === 404 || status === 410) return 'neutral';
  return 'red';
}

/** CodeBadge shows a call's decision code, e.g. `api_key_revoked`, with its title as a tooltip. */
export function CodeBadge({ code, status, title }: { code: string; status: number; title?: string }) {
  return (
    <span className={`badge badge-${codeTone(code, status)} badge-code`} title={title}>
      {code}
    </span>
  );
}

const STRIPE_TONE: Record<string, BadgeTone> = {
  active: 'green',
  trialing: 'blue',
  past_due: 'amber',
  incomplete: 'amber',
  unpaid: 'red',
  paused: 'neutral',
  canceled: 'neutral',
  incomplete_expired: 'neutral',
};

/** StripeStatusBadge shows Stripe's status of a subscription ("past_due" as "past due"), or a dash when Stripe has none. */
export function StripeStatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return <span className="muted">—</span>;
  return <Badge tone={STRIPE_TONE[status] ?? 'neutral'}>{status.replace(/_/g, ' ')}</Badge>;
}
