import type { ReactNode } from 'react';
import { roleLabel } from '../lib/format';
import type { Role } from '../lib/types';

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
