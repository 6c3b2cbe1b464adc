// Sample arguments for a tool, made from its advertised input schema: calls that should pass
// validation and calls that should not, each one change away from a valid call.
type Schema = Record<string, any>;

export interface Sample {
  label: string;
  args: Record<string, unknown>;
  /** A non-scalar where a scalar union is expected: LangChain drops `anyOf`, so it cannot refuse these. */
  widened?: boolean;
}

const isScalarUnion = (s: Schema) => Array.isArray(s.anyOf) && s.anyOf.every((b: Schema) => ['string', 'number', 'boolean', 'null'].includes(b.type));

function valueFor(s: Schema): unknown {
  if (s.enum) return s.enum[0];
  if (s.anyOf) return valueFor(s.anyOf[0]);
  switch (s.type) {
    case 'string': return 'a'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer': case 'number': return 1;
    case 'boolean': return true;
    case 'null': return null;
    case 'array': return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => valueFor(s.items ?? {}));
    case 'object': return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, valueFor(v as Schema)]));
    default: return 'a';
  }
}

/** Values the schema refuses, each with a label; `widened` where only a scalar union refuses it. */
function wrongFor(s: Schema, path: string): Sample[] {
  const at = (label: string, value: unknown, widened = false) => ({ label: `${path} ${label}`, args: value as any, widened });
  if (isScalarUnion(s)) return [at('an object for a scalar', { x: 1 }, true), at('an array for a scalar', [1], true)];
  const out: Sample[] = [];
  if (s.enum) out.push(at('outside the enum', 'not-in-enum'));
  if (s.type === 'string') {
    out.push(at('a number for a string', 42));
    if ((s.minLength ?? 0) > 0) out.push(at('shorter than minLength', ''));
  }
  if (s.type === 'integer' || s.type === 'number') {
    out.push(at('a string for a number', 'x'));
    if (s.type === 'integer') out.push(at('a fraction for an integer', 1.5));
    if (s.exclusiveMinimum === 0) out.push(at('zero for a positive number', 0));
  }
  if (s.type === 'boolean') out.push(at('a string for a boolean', 'x'));
  if (s.type === 'array') {
    out.push(at('a string for an array', 'x'), at('an object for an array', { 0: valueFor(s.items ?? {}) }));
    if ((s.minItems ?? 0) > 0) out.push(at('fewer than minItems', []));
    for (const w of wrongFor(s.items ?? {}, `${path}[0]`)) out.push({ ...w, args: [w.args] as any });
  }
  if (s.type === 'object') {
    out.push(at('a string for an object', 'x'));
    const full = valueFor(s) as Record<string, unknown>;
    for (const key of s.required ?? []) {
      const { [key]: _gone, ...rest } = full;
      out.push(at(`without ${key}`, rest));
    }
    if (s.additionalProperties === false) out.push(at('with an unknown key', { ...full, zzUnknown: 1 }));
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      for (const w of wrongFor(sub as Schema, `${path}.${key}`)) out.push({ ...w, args: { ...full, [key]: w.args } as any });
    }
  }
  return out;
}

/** The minimal and the full call, then every single-change refusal of the full call. */
export function samplesFor(schema: Schema): { valid: Sample[]; invalid: Sample[] } {
  const full = valueFor(schema) as Record<string, unknown>;
  const minimal = Object.fromEntries((schema.required ?? []).map((k: string) => [k, full[k]]));
  const valid: Sample[] = [{ label: 'minimal', args: minimal }, { label: 'full', args: full }];
  // A call gives params or namedParams, never both: the full call keeps params.
  if ('params' in full && 'namedParams' in full) {
    const { namedParams, ...positional } = full;
    valid[1] = { label: 'full (positional)', args: positional };
    valid.push({ label: 'full (named)', args: { ...minimal, namedParams } });
  }
  const invalid = wrongFor(schema, '(arguments)').filter((s) => typeof s.args === 'object' && s.args && !Array.isArray(s.args))
    .map((s) => ('params' in s.args && 'namedParams' in s.args ? { ...s, args: withoutOther(s) } : s));
  return { valid, invalid };
}

// A refusal sample must differ from a valid call in one thing only, so the field it did not aim at goes.
function withoutOther(s: Sample): Record<string, unknown> {
  const { params, namedParams, ...rest } = s.args;
  return s.label.includes('.namedParams') ? { ...rest, namedParams } : { ...rest, params };
}
