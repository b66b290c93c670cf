/** VERIFY_SNIPPET checks a delivery's signature in Node.js; it is shown on the page as it is. */
export const VERIFY_SNIPPET = `import { createHmac, timingSafeEqual } from 'node:crypto';

// secret: the endpoint's signing secret (tgwh_…); body: the request body exactly as received (a string).
export function verifyTollgate(secret, header, body, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const t = Number(parts.t);
  if (!t || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false; // too old: a replay
  const expected = createHmac('sha256', secret).update(\`\${t}.\${body}\`).digest('hex');
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === 32 && timingSafeEqual(given, Buffer.from(expected, 'hex'));
}`;

const EXAMPLE_BODY = `{
  "id": "7f8c…",
  "type": "quota.threshold",
  "created": 1795351200,
  "tenant_id": "…",
  "data": { "title": "Mobile App used 80% of its Weather quota", "body": "…", "link": "…", "details": { … } }
}`;

/** SignatureHelp explains how deliveries are signed and how to check them, with a snippet to copy. */
export function SignatureHelp() {
  return (
    <section className="card" aria-labelledby="signature-title">
      <h2 id="signature-title">Verifying deliveries</h2>
      <p>
        Tollgate posts each event as JSON. Every request carries a <code>Tollgate-Signature</code> header:
      </p>
      <pre className="code-block">
        <code>Tollgate-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;body&gt;")&gt;</code>
      </pre>
      <p>
        Compute the HMAC-SHA256 of the timestamp, a full stop and the raw body with the endpoint’s signing secret, compare it with{' '}
        <code>v1</code> in constant time, and refuse requests whose timestamp is more than a few minutes old. Answer with a 2xx
        status within 5 seconds; other answers are retried with growing delays, up to six attempts in all.
      </p>
      <details className="chart-data">
        <summary>The body of a delivery</summary>
        <pre className="code-block">
          <code>{EXAMPLE_BODY}</code>
        </pre>
        <p className="muted small">
          <code>type</code> is the kind of event (<code>test</code> for test events); <code>id</code> is the same for every delivery
          of one event, so it can be used to skip duplicates.
        </p>
      </details>
      <details className="chart-data" open>
        <summary>Verify a signature in Node.js</summary>
        <pre className="code-block">
          <code>{VERIFY_SNIPPET}</code>
        </pre>
      </details>
    </section>
  );
}
