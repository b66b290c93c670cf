import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { codeInfo, errorDocPath, MANAGEMENT_CODES } from '../../../lib/codes';
import { findDoc, statusText } from '../docs';
import { Rich } from './Rich';

/** DECISION_TABLE is the gateway's decision (README, "The gateway"): the first row whose condition holds wins. */
const DECISION_TABLE: { condition: string; codes: string[] }[] = [
  { condition: 'No key; a malformed key or one with a bad checksum; a key the gateway does not know (or another tenant’s)', codes: ['missing_api_key', 'invalid_api_key'] },
  { condition: 'The key is revoked; expired; or the caller’s address is not in its allow-list', codes: ['api_key_revoked', 'api_key_expired', 'ip_not_allowed'] },
  { condition: 'No published API at this path; the API is retired', codes: ['no_route', 'api_retired'] },
  { condition: 'The key is limited to other APIs; the application is not subscribed', codes: ['key_scope_denied', 'not_subscribed'] },
  {
    condition: 'The subscription is pending approval; rejected; revoked; suspended by an admin',
    codes: ['subscription_pending_approval', 'subscription_rejected', 'subscription_revoked', 'subscription_suspended'],
  },
  { condition: 'A paid plan whose checkout is not completed', codes: ['payment_required'] },
  { condition: 'Past due after the grace period, or suspended for non-payment', codes: ['payment_overdue'] },
  { condition: 'The subscription is canceled', codes: ['subscription_canceled'] },
  { condition: 'The period’s quota is used up and the plan blocks overage', codes: ['quota_exhausted'] },
  { condition: 'The rate limit is exceeded', codes: ['rate_limited'] },
  {
    condition: 'Otherwise the call goes to the API; its server is unreachable or answers badly; times out; the caller leaves first',
    codes: ['ok', 'upstream_unavailable', 'upstream_timeout', 'client_closed_request'],
  },
];

/** OUTSIDE_TABLE are decided before the table: on the request itself, or on the gateway's own state. */
const OUTSIDE_TABLE: { condition: string; code: string }[] = [
  { condition: 'The path has dot segments, doubled or encoded slashes, backslashes or invalid characters', code: 'bad_request' },
  { condition: 'The body is larger than the gateway accepts', code: 'payload_too_large' },
  { condition: 'The gateway cannot confirm access: its copy of keys and subscriptions is too old (the database is unreachable)', code: 'gateway_unavailable' },
];

function CodeLink({ code }: { code: string }) {
  const info = codeInfo(code);
  return (
    <span className="code-link">
      <Link to={errorDocPath(code)}>
        <code>{code}</code>
      </Link>{' '}
      <span className="muted small">{info?.status ?? 'API’s status'}</span>
    </span>
  );
}

/** ErrorCodesPage lists every code: the gateway's decision table, then the management API's own codes. */
export function ErrorCodesPage() {
  return (
    <>
      <PageHeader title="Error codes"
        description={
          <>
            Every refusal of the gateway and every error of the management API is an <code>application/problem+json</code>{' '}
            answer with a stable <code>code</code>, and its <code>type</code> links to the page explaining it: what happened,
            why, and how to fix it.
          </>
        } />
      <section className="section" aria-labelledby="gateway-title">
        <h2 id="gateway-title">The gateway’s decision</h2>
        <p className="muted">
          For every call, the gateway checks these conditions in order; the first one that holds decides the answer. Each
          decision is recorded in the call logs with its code.
        </p>
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">The gateway’s decision table</caption>
            <thead>
              <tr>
                <th scope="col" className="num">#</th>
                <th scope="col">When</th>
                <th scope="col">Code and status</th>
              </tr>
            </thead>
            <tbody>
              {DECISION_TABLE.map((row, i) => (
                <tr key={row.codes[0]}>
                  <td className="num">{i + 1}</td>
                  <td>{row.condition}</td>
                  <td>
                    <ul className="code-list">
                      {row.codes.map((c) => (
                        <li key={c}>
                          <CodeLink code={c} />
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
              {OUTSIDE_TABLE.map((row) => (
                <tr key={row.code}>
                  <td className="num muted">—</td>
                  <td>{row.condition}</td>
                  <td>
                    <CodeLink code={row.code} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">
          Rows without a number are checked before the table. A failing database never turns into a 401 or 403: the
          gateway answers <code>gateway_unavailable</code> instead.
        </p>
      </section>
      <section className="section" aria-labelledby="management-title">
        <h2 id="management-title">The management API</h2>
        <p className="muted">
          The portal’s own API (<code>/api/v1</code>) answers these, and also <Link to={errorDocPath('bad_request')}>bad_request</Link>,{' '}
          <Link to={errorDocPath('payload_too_large')}>payload_too_large</Link> and{' '}
          <Link to={errorDocPath('rate_limited')}>rate_limited</Link>.
        </p>
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">The management API’s codes</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Status</th>
                <th scope="col">Meaning</th>
              </tr>
            </thead>
            <tbody>
              {MANAGEMENT_CODES.map((c) => (
                <tr key={c.code}>
                  <td>
                    <Link to={errorDocPath(c.code)}>
                      <code>{c.code}</code>
                    </Link>
                  </td>
                  <td className="nowrap">{statusText(c.status)}</td>
                  <td>
                    <Rich text={findDoc(c.code)?.what ?? c.title} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
