import { useMemo, useState } from 'react';
import {
  readOpenApi,
  type ContentModel,
  type OperationModel,
  type ParameterModel,
  type SchemaNode,
} from '../lib/openapi';
import { Alert } from './Alert';
import { SearchInput } from './FormField';

/** Paragraphs splits plain text on blank lines; descriptions are shown as text, never as HTML. */
function Paragraphs({ text, className }: { text: string; className?: string }) {
  if (!text.trim()) return null;
  return (
    <div className={className}>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i} className="prewrap">
            {p}
          </p>
        ))}
    </div>
  );
}

/** SchemaView shows a schema as a nested list of properties with their types. */
export function SchemaView({ node }: { node: SchemaNode }) {
  const props = node.properties ?? node.items?.properties;
  return (
    <div className="schema">
      <p className="schema-type">
        <code>{node.label}</code>
        {node.nullable && <span className="muted small"> or null</span>}
        {node.enumValues && <span className="muted small"> — one of {node.enumValues.join(', ')}</span>}
      </p>
      {node.description && <p className="muted small prewrap">{node.description}</p>}
      {props && props.length > 0 && <PropertyList properties={props} />}
      {node.variants && (
        <ul className="schema-variants">
          {node.variants.map((v, i) => (
            <li key={i}>
              <SchemaView node={v} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PropertyList({ properties }: { properties: NonNullable<SchemaNode['properties']> }) {
  return (
    <ul className="schema-props">
      {properties.map((p) => {
        const inner = p.schema.properties ?? p.schema.items?.properties;
        return (
          <li key={p.name}>
            <code className="schema-name">{p.name}</code> <span className="muted small">{p.schema.label}</span>
            {p.schema.nullable && <span className="muted small"> or null</span>}
            {p.required && <span className="schema-required"> required</span>}
            {p.schema.enumValues && <span className="muted small"> — one of {p.schema.enumValues.join(', ')}</span>}
            {p.schema.description && <div className="muted small prewrap">{p.schema.description}</div>}
            {inner && inner.length > 0 && <PropertyList properties={inner} />}
          </li>
        );
      })}
    </ul>
  );
}

function ParametersTable({ params }: { params: ParameterModel[] }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact">
        <caption className="sr-only">Parameters</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">In</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {params.map((p) => (
            <tr key={`${p.in}:${p.name}`}>
              <td>
                <code>{p.name}</code>
                {p.required && <span className="schema-required"> required</span>}
                {p.deprecated && <span className="muted small"> deprecated</span>}
              </td>
              <td>{p.in}</td>
              <td>
                <code>{p.schema?.label ?? 'any'}</code>
                {p.schema?.enumValues && <div className="muted small">one of {p.schema.enumValues.join(', ')}</div>}
              </td>
              <td className="wrap prewrap">
                {p.description || (p.example === undefined && <span className="muted">—</span>)}
                {p.example !== undefined && (
                  <div className="muted small">
                    Example: <code>{p.example}</code>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Content({ content }: { content: ContentModel[] }) {
  return (
    <>
      {content.map((c) => (
        <div key={c.mediaType} className="doc-content">
          <p className="muted small">
            <code>{c.mediaType}</code>
          </p>
          {c.schema && <SchemaView node={c.schema} />}
          {c.example && (
            <details>
              <summary>Example</summary>
              <pre className="code-block">{c.example}</pre>
            </details>
          )}
        </div>
      ))}
    </>
  );
}

function statusTone(status: string): string {
  if (status.startsWith('2')) return 'status-ok';
  if (status.startsWith('4') || status.startsWith('5')) return 'status-error';
  return 'status-other';
}

function Operation({ op, onTry }: { op: OperationModel; onTry?: (op: OperationModel) => void }) {
  return (
    <details className={op.deprecated ? 'operation operation-deprecated' : 'operation'}>
      <summary>
        <span className={`method method-${op.method.toLowerCase()}`}>{op.method}</span>
        <code className="operation-path">{op.path}</code>
        {op.summary && <span className="operation-summary">{op.summary}</span>}
        {op.deprecated && <span className="badge badge-amber">Deprecated</span>}
      </summary>
      <div className="operation-body">
        <Paragraphs text={op.description} />
        {op.operationId && (
          <p className="muted small">
            Operation ID <code>{op.operationId}</code>
          </p>
        )}
        {op.parameters.length > 0 && (
          <>
            <h4>Parameters</h4>
            <ParametersTable params={op.parameters} />
          </>
        )}
        {op.requestBody && (
          <>
            <h4>Request body{op.requestBody.required ? ' (required)' : ''}</h4>
            <Paragraphs text={op.requestBody.description} className="muted" />
            <Content content={op.requestBody.content} />
          </>
        )}
        <h4>Responses</h4>
        {op.responses.length === 0 ? (
          <p className="muted">No responses are documented.</p>
        ) : (
          <ul className="responses">
            {op.responses.map((r) => (
              <li key={r.status}>
                <span className={`status-code ${statusTone(r.status)}`}>{r.status}</span> {r.description}
                {r.content.length > 0 && <Content content={r.content} />}
              </li>
            ))}
          </ul>
        )}
        {onTry && (
          <button type="button" className="btn btn-sm" onClick={() => onTry(op)}
            aria-label={`Try ${op.method} ${op.path}`}>
            Try it
          </button>
        )}
      </div>
    </details>
  );
}

/**
 * OpenApiDocs renders an OpenAPI document readably: title and description, servers, and every operation grouped by
 * tag with its parameters, request body and responses. onTry, when given, adds a "Try it" button per operation.
 */
export function OpenApiDocs({ doc, onTry }: { doc: unknown; onTry?: (op: OperationModel) => void }) {
  const [filter, setFilter] = useState('');
  const model = useMemo(() => {
    try {
      return { ok: true as const, value: readOpenApi(doc) };
    } catch (err) {
      return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
    }
  }, [doc]);
  if (!model.ok) {
    return <Alert tone="warning" title="These docs cannot be shown">{model.error}</Alert>;
  }
  const m = model.value;
  const q = filter.trim().toLowerCase();
  const match = (op: OperationModel) =>
    !q || `${op.method} ${op.path} ${op.summary} ${op.operationId}`.toLowerCase().includes(q);
  const groups = m.groups.map((g) => ({ ...g, operations: g.operations.filter(match) })).filter((g) => g.operations.length);
  return (
    <article className="openapi-docs" aria-label={`${m.title} documentation`}>
      <header className="doc-header">
        <h2>
          {m.title} {m.version && <span className="muted small">version {m.version}</span>}
        </h2>
        <Paragraphs text={m.description} />
        {m.servers.length > 0 && (
          <p className="muted small">
            Servers in the document: {m.servers.map((s, i) => (
              <span key={s}>
                {i > 0 && ', '}
                <code>{s}</code>
              </span>
            ))}
          </p>
        )}
      </header>
      {m.operations.length === 0 ? (
        <p className="muted">The document describes no operations.</p>
      ) : (
        <>
          {m.operations.length > 8 && (
            <div className="toolbar">
              <SearchInput label="Filter operations" value={filter} onChange={setFilter} placeholder="Filter by path or summary" />
            </div>
          )}
          {groups.length === 0 && <p className="muted">No operation matches the filter.</p>}
          {groups.map((g) => (
            <section key={g.tag || '(untagged)'} className="doc-group" aria-label={g.tag || 'Other operations'}>
              {(m.groups.length > 1 || g.tag) && <h3>{g.tag || 'Other operations'}</h3>}
              <Paragraphs text={g.description} className="muted" />
              {g.operations.map((op) => (
                <Operation key={op.key} op={op} onTry={onTry} />
              ))}
            </section>
          ))}
        </>
      )}
    </article>
  );
}
