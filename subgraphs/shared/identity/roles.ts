/**
 * Who may use Integra, as roles a token carries. The schemas name these roles in
 * `@requiresScopes` (a role is a scope), so the rules live next to the fields they guard and are
 * composed into the supergraph; README.md's role table is printed from them (npm run roles).
 */
export const PERSON_ROLES = ['salesperson', 'billing-specialist', 'conference-operator', 'mailing-clerk', 'administrator'] as const;

/** The conference bridge hardware: only the bridge API. */
export const BRIDGE_ROLE = 'bridge';

/** Another Integra service asking on its own behalf (bookings asking sales about a contract). */
export const SERVICE_ROLE = 'service';

export const ROLES = [...PERSON_ROLES, BRIDGE_ROLE, SERVICE_ROLE] as const;

export type Role = (typeof ROLES)[number];

/** Roles a token from the company's identity provider may carry; `service` is never one of them. */
export const USER_ROLES: readonly Role[] = [...PERSON_ROLES, BRIDGE_ROLE];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  salesperson: 'customers, contracts and rates; reads current billing figures; cannot issue or credit',
  'billing-specialist': 'reads customers and rates, and the call records (legs, phone numbers) behind each charge; invoices, billing periods, credit notes, replays of billing events',
  'conference-operator': 'bookings, bridge reservations with their access codes and PINs, running calls and their phone numbers',
  'mailing-clerk': 'letter templates, campaigns and their files; reads the postal data letters need, never rates or invoices',
  administrator: 'integration events and their replays in every service',
  bridge: 'the conference bridge hardware: joins, leaves and ends calls, nothing else',
  service: 'another Integra service asking on its own behalf (never given to a person)',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who a request acts for, once its credential is verified. */
export interface Identity {
  /** The token's subject: a person's user id, `bridge:<id>`, or `service:<name>`. */
  subject: string;
  roles: ReadonlySet<string>;
}

export function identityOf(subject: string, roles: Iterable<string>): Identity {
  return { subject, roles: new Set(roles) };
}

/** What every subgraph's request context carries: who is asking (absent only for an operation run in-process without one, which the access rules refuse). */
export interface CallerContext {
  identity?: Identity;
}
