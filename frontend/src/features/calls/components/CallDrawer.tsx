import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CodeBadge } from '../../../components/Badge';
import { Dialog } from '../../../components/Dialog';
import { ErrorState, LoadingState } from '../../../components/States';
import { codeInfo, errorDocPath } from '../../../lib/codes';
import { formatBytes, formatDateTimeSeconds, formatMicros } from '../../../lib/format';
import type { CallRecord } from '../../../lib/types';
import { useCall, type CallScope } from '../api/calls';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const none = <span className="muted">—</span>;

/** CallFields lists every field of a logged call, with links to what it refers to and to the code's explanation. */
export function CallFields({ call, slug, scope }: { call: CallRecord; slug: string; scope: CallScope }) {
  const info = codeInfo(call.code);
  const base = `/t/${slug}`;
  return (
    <>
      <div className="call-verdict">
        <span className={call.status < 400 ? 'status-code status-ok' : 'status-code status-error'}>{call.status}</span>{' '}
        <CodeBadge code={call.code} status={call.status} /> {info && <span>{info.title}</span>}
        <p>
          <Link to={errorDocPath(call.code)}>
            {call.code === 'ok' ? 'What “ok” means' : `What “${call.code}” means and how to fix it`}
          </Link>
        </p>
      </div>
      <dl className="details details-wide call-fields">
        <Row label="Time">
          {formatDateTimeSeconds(call.time)}
          <div className="muted small">
            <code>{call.time}</code>
          </div>
        </Row>
        <Row label="Request ID">
          <code className="break">{call.request_id}</code>
        </Row>
        <Row label="Method">
          <code>{call.method}</code>
        </Row>
        <Row label="Path">
          <code className="break">{call.path}</code>
        </Row>
        <Row label="Status">{call.status}</Row>
        <Row label="Decision">
          <code>{call.code}</code>
        </Row>
        <Row label="Latency">{formatMicros(call.latency_us)}</Row>
        <Row label="Upstream time">{call.upstream_us > 0 ? formatMicros(call.upstream_us) : 'Not called'}</Row>
        <Row label="Bytes in">{formatBytes(call.bytes_in)}</Row>
        <Row label="Bytes out">{formatBytes(call.bytes_out)}</Row>
        <Row label="Client IP">{call.client_ip ? <code>{call.client_ip}</code> : none}</Row>
        <Row label="Key prefix">{call.key_prefix ? <code>{call.key_prefix}…</code> : none}</Row>
        <Row label="Application">
          {call.application_id ? (
            <Link to={`${base}/applications/${call.application_id}`}>
              <code>{call.application_id}</code>
            </Link>
          ) : (
            <span className="muted">None: the key was missing or unknown</span>
          )}
        </Row>
        <Row label="API">
          {call.api_id ? (
            <Link to={scope === 'api' ? `${base}/apis/${call.api_id}` : `${base}/catalogue/${call.api_id}`}>
              <code>{call.api_id}</code>
            </Link>
          ) : (
            <span className="muted">None: no API is published at this path</span>
          )}
        </Row>
        <Row label="Subscription">
          {call.subscription_id ? (
            <Link to={`${base}/subscriptions/${call.subscription_id}`}>
              <code>{call.subscription_id}</code>
            </Link>
          ) : (
            <span className="muted">None</span>
          )}
        </Row>
      </dl>
    </>
  );
}

/** CallDrawer shows one call, loaded by its request id near the time it was listed with. */
export function CallDrawer({
  slug,
  scope,
  requestId,
  at,
  onClose,
}: {
  slug: string;
  scope: CallScope;
  requestId: string;
  at: string;
  onClose: () => void;
}) {
  const call = useCall(slug, requestId, at);
  return (
    <Dialog open={requestId !== ''} title="Call details" onClose={onClose} size="drawer"
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }>
      {call.isPending ? (
        <LoadingState label="Loading the call…" />
      ) : call.isError ? (
        <ErrorState error={call.error} title="This call cannot be shown" onRetry={() => call.refetch()} />
      ) : (
        <CallFields call={call.data} slug={slug} scope={scope} />
      )}
    </Dialog>
  );
}
