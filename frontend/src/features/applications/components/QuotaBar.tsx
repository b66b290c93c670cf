import { StateBadge } from '../../../components/Badge';
import { formatDate } from '../../../lib/format';
import type { QuotaUsage } from '../../../lib/types';
import { QUOTA_MARKS, quotaNote, quotaProgress } from '../quota';

/**
 * QuotaBar shows one subscription's use of its quota this period: a bar with the 80%, 90% and 100% marks (where
 * warnings are sent), what is left and when the quota resets.
 */
export function QuotaBar({ usage }: { usage: QuotaUsage }) {
  const q = quotaProgress(usage);
  const name = `${usage.api_name} (${usage.plan_name})`;
  const note = quotaNote(q.level);
  return (
    <li className="quota">
      <div className="quota-head">
        <span>
          <strong>{usage.api_name}</strong> <span className="muted">· {usage.plan_name}</span> <StateBadge state={usage.state} />
        </span>
        <span className="quota-summary">{q.summary}</span>
      </div>
      {!q.unlimited && (
        <div className="quota-track">
          <div className={`quota-bar quota-${q.level}`} role="progressbar" aria-label={`Quota of ${name}`} aria-valuemin={0}
            aria-valuemax={100} aria-valuenow={Math.round(q.width)} aria-valuetext={q.summary}>
            <div className="quota-fill" style={{ width: `${q.width}%` }} />
            {QUOTA_MARKS.map((m) => (
              <span key={m} className="quota-mark" style={{ left: `${m}%` }} aria-hidden="true" />
            ))}
          </div>
          <div className="quota-scale" aria-hidden="true">
            {QUOTA_MARKS.map((m) => (
              <span key={m} style={{ left: `${m}%` }}>
                {m}%
              </span>
            ))}
          </div>
        </div>
      )}
      <p className="muted small quota-foot">
        {q.unlimited
          ? `No quota: calls are not limited. This period ends on ${formatDate(usage.period_end)}.`
          : `${q.left} · resets on ${formatDate(usage.period_end)}`}
      </p>
      {note && <p className={`quota-note quota-note-${q.level}`}>{note}</p>}
    </li>
  );
}
