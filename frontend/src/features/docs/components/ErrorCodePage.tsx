import { Link, useParams } from 'react-router';
import { Badge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { codeInfo, errorDocPath } from '../../../lib/codes';
import { useDocumentTitle } from '../../../lib/hooks';
import { exampleResponse, findDoc, statusText, suggestCodes } from '../docs';
import { Rich } from './Rich';

const SOURCE: Record<string, string> = {
  gateway: 'Answered by the gateway to API calls',
  management: 'Answered by the management API (the portal’s own API)',
  both: 'Answered by the gateway and by the management API',
};

/** UnknownCode is the page for a code Tollgate does not have: what might have been meant, and the full list. */
function UnknownCode({ code }: { code: string }) {
  const suggestions = suggestCodes(code);
  return (
    <>
      <PageHeader title="Unknown error code" back={<Link to="/docs/errors">← All error codes</Link>} />
      <div className="state state-empty" role="status">
        <p className="state-title">There is no error code “{code}”</p>
        <p className="state-text">
          Tollgate does not answer with this code. Check the <code>code</code> member of the problem you received, or the
          last part of its <code>type</code> link.
        </p>
        {suggestions.length > 0 && (
          <div className="state-action">
            <p className="state-text">Did you mean:</p>
            <ul className="plain-list">
              {suggestions.map((s) => (
                <li key={s.code}>
                  <Link to={errorDocPath(s.code)}>
                    <code>{s.code}</code>
                  </Link>{' '}
                  <span className="muted">{s.title}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="state-action">
          <Link className="btn" to="/docs/errors">
            See all error codes
          </Link>
        </div>
      </div>
    </>
  );
}

/** ErrorCodePage explains one code in plain words: what happened, why, how to fix it, and an example answer. */
export function ErrorCodePage() {
  const { code = '' } = useParams();
  const doc = findDoc(code);
  if (!doc) return <UnknownCode code={code} />;
  return (
    <article className="error-doc" aria-labelledby="error-doc-title">
      <div className="page-header">
        <div>
          <div className="page-back">
            <Link to="/docs/errors">← All error codes</Link>
          </div>
          <DocTitle title={doc.title} code={doc.code} />
          <div className="page-description">
            <code>{doc.code}</code> · <Badge tone={doc.status === null ? 'green' : doc.status >= 500 ? 'red' : 'amber'}>{statusText(doc.status)}</Badge>{' '}
            · <span className="muted">{SOURCE[doc.source]}</span>
          </div>
        </div>
      </div>

      <section className="card error-doc-section" aria-labelledby="what-title">
        <h2 id="what-title">What happened</h2>
        <p>
          <Rich text={doc.what} />
        </p>
        <h3>Why</h3>
        <ul>
          {doc.why.map((w) => (
            <li key={w}>
              <Rich text={w} />
            </li>
          ))}
        </ul>
      </section>

      <section className="card error-doc-section error-doc-fix" aria-labelledby="fix-title">
        <h2 id="fix-title">How to fix it</h2>
        <ol>
          {doc.fix.map((f) => (
            <li key={f}>
              <Rich text={f} />
            </li>
          ))}
        </ol>
        <dl className="details details-wide">
          <div>
            <dt>Who can fix it</dt>
            <dd>{doc.who}</dd>
          </div>
          <div>
            <dt>Retrying</dt>
            <dd>
              <Rich text={doc.retry} />
            </dd>
          </div>
        </dl>
      </section>

      {doc.fields && doc.fields.length > 0 && (
        <section className="card error-doc-section" aria-labelledby="fields-title">
          <h2 id="fields-title">{doc.code === 'ok' ? 'Headers worth reading' : 'What the answer tells you'}</h2>
          <dl className="details details-wide error-doc-fields">
            {doc.fields.map((f) => (
              <div key={f.name}>
                <dt>
                  <code>{f.name}</code>
                </dt>
                <dd>
                  <Rich text={f.meaning} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      <section className="card error-doc-section" aria-labelledby="example-title">
        <h2 id="example-title">{doc.examples.length > 1 ? 'Examples' : 'Example'}</h2>
        {doc.examples.length === 0 ? (
          <p className="muted">
            {doc.code === 'ok'
              ? 'The answer is the API’s own response, passed through unchanged; the gateway adds its headers.'
              : 'The caller never receives this answer: it had already gone. The code is only recorded in the call log.'}
          </p>
        ) : (
          doc.examples.map((ex, i) => (
            <figure key={i} className="error-doc-example">
              {ex.label && <figcaption>{ex.label}</figcaption>}
              <pre className="code-block" aria-label={ex.label ? `Example answer ${ex.label.toLowerCase()}` : 'Example answer'}>
                {exampleResponse(doc, ex)}
              </pre>
            </figure>
          ))
        )}
      </section>

      {doc.related && doc.related.length > 0 && (
        <section className="section" aria-labelledby="related-title">
          <h2 id="related-title">Related codes</h2>
          <ul className="code-list">
            {doc.related.map((r) => (
              <li key={r}>
                <Link to={errorDocPath(r)}>
                  <code>{r}</code>
                </Link>{' '}
                <span className="muted">{codeInfo(r)?.title}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

function DocTitle({ title, code }: { title: string; code: string }) {
  // PageHeader is not used: the heading belongs to the article, and the tab names the code as well.
  useDocumentTitle(`${title} (${code})`);
  return <h1 id="error-doc-title">{title}</h1>;
}
