/** Attribute names a policy condition may read (ARCHITECTURE.md §14); `args.NAME` reads a tool argument. */
export const ATTRIBUTE_NAMES = [
  'principal.id',
  'principal.roles',
  'tool',
  'action',
  'resource.type',
  'resource.path',
  'resource.database',
  'resource.tables',
  'resource.command',
  'resource.args',
  'context.hour',
  'context.weekday',
  'client.name',
] as const;

const known = new Set<string>(ATTRIBUTE_NAMES);

export function isKnownAttribute(name: string): boolean {
  return known.has(name) || /^args\.[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(name);
}

/** The request as policies see it. Attributes a request lacks are simply absent. */
export interface PolicyRequest {
  principal: { id: string; roles: string[] };
  tool: string;
  action: string;
  resource: {
    type: string;
    path?: string;
    database?: string;
    tables?: string[];
    command?: string;
    args?: string[];
  };
  args: Record<string, unknown>;
  context: { hour: number; weekday: number };
  client: { name?: string };
}

/** Reads a dotted attribute; `undefined` when any step is missing. Own properties only. */
export function readAttribute(request: unknown, name: string): unknown {
  let value: unknown = request;
  for (const key of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
