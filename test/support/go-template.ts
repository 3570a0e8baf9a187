/**
 * The subset of Go's text/template that the ApplicationSet templates of gitops-synth use — field
 * access (`.a.b`), `toJson`, `if`/`end` and whitespace trimming (`{{-`, `-}}`) — evaluated with
 * `missingkey=error`, so tests can render an ApplicationSet the way Argo CD does.
 */
export function renderGoTemplate(text: string, data: Record<string, unknown>): string {
  const tokens = tokenize(text);
  let out = '';
  const stack: boolean[] = [];
  const active = () => stack.every(Boolean);
  for (const token of tokens) {
    if (token.type === 'text') {
      if (active()) out += token.value;
      continue;
    }
    const action = token.value;
    const ifMatch = /^if\s+(.+)$/.exec(action);
    if (ifMatch) {
      stack.push(active() ? truthy(evaluate(ifMatch[1], data)) : false);
    } else if (action === 'end') {
      if (stack.length === 0) throw new Error('{{ end }} without {{ if }}');
      stack.pop();
    } else if (active()) {
      const value = evaluate(action, data);
      out += typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  if (stack.length > 0) throw new Error('unclosed {{ if }}');
  return out;
}

interface Token { type: 'text' | 'action'; value: string }

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let before = text.slice(last, m.index);
    if (trimNext) before = before.replace(/^\s+/, '');
    if (m[1] === '-') before = before.replace(/\s+$/, '');
    tokens.push({ type: 'text', value: before }, { type: 'action', value: m[2] });
    trimNext = m[3] === '-';
    last = re.lastIndex;
  }
  let rest = text.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  tokens.push({ type: 'text', value: rest });
  return tokens;
}

function evaluate(expr: string, data: Record<string, unknown>): unknown {
  const toJson = /^toJson\s+(\S+)$/.exec(expr);
  if (toJson) return JSON.stringify(lookup(toJson[1], data));
  if (expr.startsWith('.')) return lookup(expr, data);
  throw new Error(`unsupported template action: {{ ${expr} }}`);
}

function lookup(path: string, data: Record<string, unknown>): unknown {
  let value: unknown = data;
  for (const key of path.split('.').slice(1)) {
    if (typeof value !== 'object' || value === null || !(key in value)) {
      throw new Error(`map has no entry for key "${key}" (missingkey=error) in ${path}`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Go template truth: false, 0, nil, and empty strings, maps and slices are false. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Replaces every string leaf of a template object by its rendering for one element. */
export function renderTemplateObject<T>(template: T, data: Record<string, unknown>): T {
  if (typeof template === 'string') return renderGoTemplate(template, data) as unknown as T;
  if (Array.isArray(template)) return template.map((t) => renderTemplateObject(t, data)) as unknown as T;
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [renderGoTemplate(k, data), renderTemplateObject(v, data)])) as T;
  }
  return template;
}

/** Merges a patch into an object the way Argo CD applies `templatePatch` to maps: recursively, lists replaced. */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? mergePatch(out[k], v) : v;
  return out;
}
