/**
 * A small reader of OpenAPI documents (3.x, and the common parts of Swagger 2) that turns the JSON the server stores
 * into what the portal shows: operations grouped by tag with their parameters, bodies and responses, and schemas as
 * a tree. Only local references (#/...) are followed; cycles and deep nesting stop with a named reference.
 */

export interface SchemaProperty {
  name: string;
  required: boolean;
  schema: SchemaNode;
}

export interface SchemaNode {
  /** A short type for people: "string (date-time)", "array of Forecast", "Forecast". */
  label: string;
  description?: string;
  enumValues?: string[];
  nullable?: boolean;
  example?: string;
  properties?: SchemaProperty[];
  items?: SchemaNode;
  /** oneOf / anyOf alternatives. */
  variants?: SchemaNode[];
  /** Set when a reference was not expanded again (a cycle, or too deep). */
  truncated?: boolean;
}

export interface ParameterModel {
  name: string;
  in: string;
  required: boolean;
  description: string;
  deprecated: boolean;
  schema?: SchemaNode;
  /** An example value, from the parameter or its schema. */
  example?: string;
}

export interface ContentModel {
  mediaType: string;
  schema?: SchemaNode;
  example?: string;
}

export interface RequestBodyModel {
  required: boolean;
  description: string;
  content: ContentModel[];
}

export interface ResponseModel {
  status: string;
  description: string;
  content: ContentModel[];
}

export interface OperationModel {
  /** "GET /forecast": unique within a document. */
  key: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  operationId: string;
  deprecated: boolean;
  tags: string[];
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  responses: ResponseModel[];
}

export interface TagGroup {
  tag: string;
  description: string;
  operations: OperationModel[];
}

export interface DocModel {
  title: string;
  version: string;
  description: string;
  openapi: string;
  servers: string[];
  groups: TagGroup[];
  operations: OperationModel[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const MAX_DEPTH = 4;

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function exampleText(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return undefined;
  }
}

/** resolvePointer follows a local JSON reference such as "#/components/schemas/Forecast". */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const parts = ref
    .slice(1)
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = doc;
  for (const p of parts) {
    if (!isObj(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Obj)[p];
  }
  return cur;
}

function refName(ref: string): string {
  return ref.split('/').pop() || ref;
}

/** deref follows $ref chains of any object (parameters, responses, bodies), giving up after a few hops. */
function deref(doc: unknown, v: unknown): Obj | undefined {
  let cur = v;
  for (let i = 0; i < 10 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
    cur = resolvePointer(doc, cur.$ref);
  }
  return isObj(cur) ? cur : undefined;
}

/** describeSchema turns a JSON schema into a tree for display. */
export function describeSchema(doc: unknown, schema: unknown, depth = 0, seen: readonly string[] = []): SchemaNode {
  if (!isObj(schema)) return { label: 'any' };
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    if (seen.includes(schema.$ref) || depth >= MAX_DEPTH) return { label: name, truncated: true };
    const target = resolvePointer(doc, schema.$ref);
    if (!isObj(target)) return { label: `${name} (unresolved reference)` };
    const inner = describeSchema(doc, target, depth + 1, [...seen, schema.$ref]);
    const primitive = !inner.properties && !inner.items && !inner.variants;
    return { ...inner, label: primitive && inner.label !== 'object' ? `${name} (${inner.label})` : name };
  }
  const node: SchemaNode = { label: 'any' };
  if (typeof schema.description === 'string') node.description = schema.description;
  if (Array.isArray(schema.enum)) node.enumValues = schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  if (schema.nullable === true) node.nullable = true;
  const ex = exampleText(schema.example);
  if (ex !== undefined) node.example = ex;

  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((s) => describeSchema(doc, s, depth + 1, seen));
    const props: SchemaProperty[] = [];
    for (const p of parts) for (const prop of p.properties ?? []) if (!props.some((x) => x.name === prop.name)) props.push(prop);
    const own = describeSchema(doc, { ...schema, allOf: undefined }, depth, seen);
    for (const prop of own.properties ?? []) if (!props.some((x) => x.name === prop.name)) props.push(prop);
    return {
      ...node,
      label: parts.map((p) => p.label).filter((l) => l !== 'object' && l !== 'any').join(' & ') || 'object',
      properties: props,
      description: node.description ?? parts.find((p) => p.description)?.description,
    };
  }
  const alternatives = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : null;
  if (alternatives) {
    const variants = alternatives.map((s) => describeSchema(doc, s, depth + 1, seen));
    return { ...node, label: `one of ${variants.map((v) => v.label).join(' | ')}`, variants };
  }

  let type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null').join(' | ') : text(schema.type);
  if (Array.isArray(schema.type) && schema.type.includes('null')) node.nullable = true;
  if (!type) {
    if (isObj(schema.properties)) type = 'object';
    else if (schema.items !== undefined) type = 'array';
  }
  if (type === 'array') {
    const items = describeSchema(doc, schema.items, depth + 1, seen);
    return { ...node, label: `array of ${items.label}`, items };
  }
  if (type === 'object' || isObj(schema.properties)) {
    const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
    const props: SchemaProperty[] = [];
    if (isObj(schema.properties) && depth < MAX_DEPTH) {
      for (const [name, s] of Object.entries(schema.properties)) {
        props.push({ name, required: required.includes(name), schema: describeSchema(doc, s, depth + 1, seen) });
      }
    }
    if (isObj(schema.additionalProperties)) {
      const value = describeSchema(doc, schema.additionalProperties, depth + 1, seen);
      return { ...node, label: props.length ? 'object' : `map of ${value.label}`, properties: props };
    }
    return { ...node, label: 'object', properties: props, truncated: isObj(schema.properties) && depth >= MAX_DEPTH };
  }
  const format = text(schema.format);
  node.label = type ? (format ? `${type} (${format})` : type) : 'any';
  return node;
}

function contentOf(doc: unknown, content: unknown): ContentModel[] {
  if (!isObj(content)) return [];
  return Object.entries(content).map(([mediaType, media]) => {
    const m = isObj(media) ? media : {};
    let example = exampleText(m.example);
    if (example === undefined && isObj(m.examples)) {
      const first = deref(doc, Object.values(m.examples)[0]);
      example = exampleText(first?.value);
    }
    return { mediaType, schema: m.schema !== undefined ? describeSchema(doc, m.schema) : undefined, example };
  });
}

function parameterOf(doc: unknown, raw: unknown): ParameterModel | undefined {
  const p = deref(doc, raw);
  if (!p || typeof p.name !== 'string') return undefined;
  // Swagger 2 puts the type on the parameter itself.
  const schema = p.schema !== undefined ? p.schema : p.type !== undefined ? p : undefined;
  const described = schema !== undefined ? describeSchema(doc, schema) : undefined;
  let example = exampleText(p.example);
  if (example === undefined && isObj(p.examples)) example = exampleText(deref(doc, Object.values(p.examples)[0])?.value);
  return {
    name: p.name,
    in: text(p.in),
    required: p.required === true || p.in === 'path',
    description: text(p.description),
    deprecated: p.deprecated === true,
    schema: described,
    example: example ?? described?.example,
  };
}

/** readOpenApi reads a parsed OpenAPI document. It throws an Error with a readable message for non-documents. */
export function readOpenApi(doc: unknown): DocModel {
  if (!isObj(doc)) throw new Error('The document is not a JSON object.');
  const version = text(doc.openapi) || text(doc.swagger);
  if (!version) throw new Error('The document has no "openapi" version field.');
  const info = isObj(doc.info) ? doc.info : {};
  const servers: string[] = [];
  if (Array.isArray(doc.servers)) for (const s of doc.servers) if (isObj(s) && typeof s.url === 'string') servers.push(s.url);
  if (typeof doc.host === 'string') servers.push(`${doc.host}${text(doc.basePath)}`);

  const operations: OperationModel[] = [];
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem);
    if (!item) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const params = new Map<string, ParameterModel>();
      for (const raw of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = parameterOf(doc, raw);
        if (p) params.set(`${p.in}:${p.name}`, p); // the operation's own definition wins
      }
      let requestBody: RequestBodyModel | undefined;
      const body = deref(doc, op.requestBody);
      if (body) {
        requestBody = { required: body.required === true, description: text(body.description), content: contentOf(doc, body.content) };
      } else {
        // Swagger 2: a parameter "in: body".
        const swaggerBody = [...params.values()].find((p) => p.in === 'body');
        if (swaggerBody) {
          params.delete(`body:${swaggerBody.name}`);
          requestBody = {
            required: swaggerBody.required,
            description: swaggerBody.description,
            content: [{ mediaType: 'application/json', schema: swaggerBody.schema }],
          };
        }
      }
      const responses: ResponseModel[] = [];
      if (isObj(op.responses)) {
        for (const [status, rawResp] of Object.entries(op.responses)) {
          const r = deref(doc, rawResp) ?? {};
          const content = isObj(r.content)
            ? contentOf(doc, r.content)
            : r.schema !== undefined
              ? [{ mediaType: 'application/json', schema: describeSchema(doc, r.schema) }]
              : [];
          responses.push({ status, description: text(r.description), content });
        }
      }
      responses.sort((a, b) => a.status.localeCompare(b.status));
      const tags = Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        summary: text(op.summary),
        description: text(op.description),
        operationId: text(op.operationId),
        deprecated: op.deprecated === true,
        tags,
        parameters: [...params.values()],
        requestBody,
        responses,
      });
    }
  }

  const tagInfo = new Map<string, string>();
  if (Array.isArray(doc.tags)) for (const t of doc.tags) if (isObj(t) && typeof t.name === 'string') tagInfo.set(t.name, text(t.description));
  const order = [...tagInfo.keys()];
  const groups = new Map<string, OperationModel[]>();
  for (const op of operations) {
    const tag = op.tags[0] ?? '';
    if (!groups.has(tag)) groups.set(tag, []);
    groups.get(tag)!.push(op);
  }
  const rank = (tag: string) => (tag === '' ? Number.MAX_SAFE_INTEGER : order.includes(tag) ? order.indexOf(tag) : order.length);
  const sorted = [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
  return {
    title: text(info.title) || 'Untitled API',
    version: text(info.version),
    description: text(info.description),
    openapi: version,
    servers,
    groups: sorted.map(([tag, ops]) => ({ tag, description: tagInfo.get(tag) ?? '', operations: ops })),
    operations,
  };
}

/** sampleBody makes an example value for a request body: its own example, else one built from the schema. */
export function sampleBody(content: ContentModel | undefined): string {
  if (!content) return '';
  if (content.example !== undefined) return content.example;
  if (!content.schema) return '';
  try {
    return JSON.stringify(sampleOf(content.schema, 0), null, 2);
  } catch {
    return '';
  }
}

function sampleOf(node: SchemaNode, depth: number): unknown {
  if (node.example !== undefined) {
    try {
      return JSON.parse(node.example);
    } catch {
      return node.example;
    }
  }
  if (node.enumValues?.length) return node.enumValues[0];
  if (node.items) return depth > 3 ? [] : [sampleOf(node.items, depth + 1)];
  if (node.properties) {
    const out: Record<string, unknown> = {};
    if (depth <= 3) for (const p of node.properties) out[p.name] = sampleOf(p.schema, depth + 1);
    return out;
  }
  if (node.variants?.length) return sampleOf(node.variants[0], depth + 1);
  const label = node.label;
  if (label.startsWith('integer') || label.startsWith('number')) return 0;
  if (label.startsWith('boolean')) return false;
  if (label.includes('date-time')) return new Date(0).toISOString();
  if (label.startsWith('string')) return 'string';
  return null;
}

/** sampleQuery fills the required query parameters of an operation with their examples: "city=Lisbon". */
export function sampleQuery(op: OperationModel): string {
  const params = new URLSearchParams();
  for (const p of op.parameters) {
    if (p.in === 'query' && (p.required || p.example !== undefined)) params.set(p.name, p.example ?? '');
  }
  return params.toString();
}
