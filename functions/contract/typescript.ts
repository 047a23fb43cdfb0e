/**
 * TypeScript declarations of an OpenAPI 3.1 document, in the shape openapi-fetch reads (`paths`,
 * `operations`, `components`). Written here rather than with openapi-typescript, which needs
 * TypeScript's JavaScript compiler API; the document only uses the JSON Schema zod emits.
 */

type Schema = Record<string, unknown> | boolean;
type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  summary?: string;
  parameters?: { in: string; name: string; required?: boolean; schema: Schema; description?: string }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
}

type Response = { description: string; content?: Record<string, { schema: Schema }> } | { $ref: string };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const REF = '#/components/schemas/';
const RESPONSE_REF = '#/components/responses/';

export function typescriptOf(document: Json): string {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  const { schemas = {}, responses = {} } = (document.components ?? {}) as {
    schemas?: Record<string, Schema>;
    responses?: Record<string, Response>;
  };
  const operations: string[] = [];
  const pathLines: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const methods = METHODS.filter((method) => item[method]).map((method) => {
      const op = item[method] as Operation;
      operations.push(
        `${comment(op.summary, '  ')}  ${op.operationId}: ${oneLine(operationType(op, '  '))};`,
      );
      return `${method}: operations['${op.operationId}'];`;
    });
    pathLines.push(`  '${path}': { ${methods.join(' ')} };`);
  }
  const components = Object.entries(schemas).map(
    ([name, schema]) =>
      `${comment(describe(schema), '    ')}    ${name}: ${oneLine(typeOf(schema, '    '))};`,
  );
  const answers = Object.entries(responses).map(
    ([name, answer]) => `    ${name}: ${oneLine(responseType(answer, '    '))};`,
  );
  return [
    '// Generated from docs/openapi.json by `npm run openapi`: do not edit.',
    '',
    `export interface paths {\n${pathLines.join('\n')}\n}`,
    '',
    `export interface operations {\n${operations.join('\n')}\n}`,
    '',
    `export interface components {\n  schemas: {\n${components.join('\n')}\n  };\n  responses: {\n${answers.join('\n')}\n  };\n}`,
    '',
  ].join('\n');
}

function operationType(op: Operation, indent: string): string {
  const inner = `${indent}  `;
  const lines = [`${inner}parameters: ${parametersType(op, inner)};`];
  lines.push(requestBodyType(op, inner));
  const responses = Object.entries(op.responses).map(
    ([status, answer]) => `${inner}  ${status}: ${responseType(answer, `${inner}  `)};`,
  );
  lines.push(`${inner}responses: {\n${responses.join('\n')}\n${inner}};`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function parametersType(op: Operation, indent: string): string {
  const groups = ['query', 'header', 'path', 'cookie'].map((where) => {
    const params = (op.parameters ?? []).filter((p) => p.in === where);
    if (params.length === 0) return `${where}?: never;`;
    const fields = params.map(
      (p) =>
        `${comment(p.description, `${indent}    `)}${indent}    ${key(p.name)}${p.required ? '' : '?'}: ${typeOf(p.schema, `${indent}    `)};`,
    );
    const optional = params.every((p) => !p.required) ? '?' : '';
    return `${where}${optional}: {\n${fields.join('\n')}\n${indent}  };`;
  });
  return `{ ${groups.join(' ')} }`;
}

function requestBodyType(op: Operation, indent: string): string {
  if (!op.requestBody) return `${indent}requestBody?: never;`;
  const optional = op.requestBody.required ? '' : '?';
  return `${indent}requestBody${optional}: {\n${indent}  content: ${contentType(op.requestBody.content, `${indent}  `)};\n${indent}};`;
}

function responseType(answer: Response, indent: string): string {
  if ('$ref' in answer) return `components['responses']['${answer.$ref.slice(RESPONSE_REF.length)}']`;
  const body = answer.content ? `content: ${contentType(answer.content, indent)};` : 'content?: never;';
  return `{ headers: { [name: string]: unknown }; ${body} }`;
}

function contentType(content: Record<string, { schema: Schema }>, indent: string): string {
  const media = Object.entries(content).map(
    ([type, { schema }]) => `'${type}': ${typeOf(schema, `${indent}  `)};`,
  );
  if (media.every((line) => !line.includes('\n'))) return `{ ${media.join(' ')} }`;
  return `{\n${media.map((line) => `${indent}  ${line}`).join('\n')}\n${indent}}`;
}

/** The TypeScript type of a JSON Schema, as zod writes them for OpenAPI 3.1. */
export function typeOf(schema: Schema, indent = ''): string {
  if (typeof schema === 'boolean') return schema ? 'unknown' : 'never';
  if (typeof schema.$ref === 'string') return `components['schemas']['${schema.$ref.slice(REF.length)}']`;
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return union.map((member) => wrap(typeOf(member, indent))).join(' | ');
  if (Array.isArray(schema.allOf))
    return (schema.allOf as Schema[]).map((m) => wrap(typeOf(m, indent))).join(' & ');
  if (Array.isArray(schema.type)) {
    return schema.type.map((type) => wrap(typeOf({ ...schema, type }, indent))).join(' | ');
  }
  return typeOfKind(schema, indent);
}

function typeOfKind(schema: Json, indent: string): string {
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayType(schema, indent);
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

function arrayType(schema: Json, indent: string): string {
  if (Array.isArray(schema.prefixItems)) {
    return `[${(schema.prefixItems as Schema[]).map((item) => typeOf(item, indent)).join(', ')}]`;
  }
  return `${wrap(typeOf((schema.items ?? true) as Schema, indent))}[]`;
}

function objectType(schema: Json, indent: string): string {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const extra = schema.additionalProperties as Schema | undefined;
  const names = (schema.propertyNames as Json | undefined)?.enum as unknown[] | undefined;
  if (Object.keys(properties).length === 0 && names && extra !== undefined) {
    return `{ [K in ${names.map(literal).join(' | ')}]?: ${typeOf(extra, indent)} }`;
  }
  const inner = `${indent}  `;
  const fields = Object.entries(properties).map(
    ([name, property]) =>
      `${comment(describe(property), inner)}${inner}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, inner)};`,
  );
  if (extra !== undefined && extra !== false) {
    const value = fields.length > 0 ? 'unknown' : typeOf(extra, inner);
    fields.push(`${inner}[key: string]: ${value};`);
  }
  if (fields.length === 0) return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${fields.join('\n')}\n${indent}}`;
}

/**
 * One declaration a line: the file is read by the compiler and editors' hovers, and the
 * document, not this file, is where a person reads the shapes with their descriptions.
 */
function oneLine(type: string): string {
  return type.replace(/\n\s*\/\*\*.*?\*\//g, '').replace(/\n\s*/g, ' ');
}

function describe(schema: Schema): string | undefined {
  return typeof schema === 'object' && typeof schema.description === 'string'
    ? schema.description
    : undefined;
}

function comment(text: string | undefined, indent: string): string {
  return text ? `${indent}/** ${text.replaceAll('*/', '* /')} */\n` : '';
}

function literal(value: unknown): string {
  return typeof value === 'string'
    ? `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
    : JSON.stringify(value);
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`;
}

function wrap(type: string): string {
  return /^[\w.[\]'"]+$/.test(type) || type.startsWith('{') || type.startsWith("components['")
    ? type
    : `(${type})`;
}

/**
 * The document with only the paths `keep` names, and the schemas and responses they reach: a
 * client generated from it declares the routes it calls and nothing it does not.
 */
export function subsetOf(document: Json, keep: (path: string) => boolean): Json {
  const paths = Object.fromEntries(
    Object.entries((document.paths ?? {}) as Record<string, unknown>).filter(([path]) => keep(path)),
  );
  const { schemas = {}, responses = {} } = (document.components ?? {}) as {
    schemas?: Record<string, unknown>;
    responses?: Record<string, unknown>;
  };
  const reached = { schemas: new Set<string>(), responses: new Set<string>() };
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const [kind, pool] = ref.startsWith(REF)
        ? (['schemas', schemas] as const)
        : (['responses', responses] as const);
      const name = ref.slice((kind === 'schemas' ? REF : RESPONSE_REF).length);
      if (!reached[kind].has(name)) {
        reached[kind].add(name);
        walk(pool[name]);
      }
    }
    for (const inner of Object.values(value)) walk(inner);
  };
  walk(paths);
  const pick = (pool: Record<string, unknown>, names: Set<string>) =>
    Object.fromEntries(Object.entries(pool).filter(([name]) => names.has(name)));
  return {
    ...document,
    paths,
    components: { schemas: pick(schemas, reached.schemas), responses: pick(responses, reached.responses) },
  };
}
