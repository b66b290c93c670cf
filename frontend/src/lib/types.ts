// Shapes of the management API v1 (see the API contract). Timestamps are RFC 3339 strings.

export type Role = 'owner' | 'admin' | 'billing' | 'developer';

export const ROLES: readonly Role[] = ['owner', 'admin', 'billing', 'developer'];

export interface User {
  id: string;
  email: string;
  name: string;
  is_platform_admin: boolean;
  created_at: string;
}

export interface Membership {
  tenant: { id: string; slug: string; name: string };
  role: Role;
}

export interface Me extends User {
  memberships: Membership[];
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  user: User;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  allow_signup: boolean;
  created_at: string;
  /** The caller's role; omitted for a platform admin who is not a member. */
  role?: Role;
}

export interface PublicTenant {
  slug: string;
  name: string;
  allow_signup: boolean;
}

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired';

export interface UserRef {
  id: string;
  email: string;
  name: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  team_id: string | null;
  invited_by: UserRef;
  expires_at: string;
  accepted_at: string | null;
  created_at: string;
  status: InvitationStatus;
}

export interface InvitationPreview {
  tenant: { slug: string; name: string };
  email: string;
  role: Role;
  expires_at: string;
  user_exists: boolean;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  description: string;
  member_count: number;
  created_at: string;
}

export interface TeamMember {
  user_id: string;
  email: string;
  name: string;
  added_at: string;
}

export interface AuditEntry {
  /** The server sends a number (a bigint sequence); ids elsewhere are UUID strings. */
  id: string | number;
  actor: UserRef | null;
  action: string;
  target_type: string;
  target_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  request_id: string;
  ip: string;
  created_at: string;
}

export interface ListResponse<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
