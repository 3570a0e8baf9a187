/** A schema problem of one object. */
export interface SchemaError {
  /** JSON pointer of the offending field inside the object, e.g. `/spec/template/spec/containers/0/imagePullPolicyy`. */
  readonly pointer: string;
  /** What is wrong, e.g. `is not allowed here (unknown field)`. */
  readonly message: string;
}

/** The message of a field the schema does not declare, as the API server's strict field validation refuses it. */
export const UNKNOWN_FIELD = 'is not allowed here (unknown field)';

/** One validation error as Ajv (and Ajv's standalone validators) report it. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  /** Absent in the errors of standalone validators compiled without messages. */
  readonly message?: string;
}

/**
 * The schema error of one Ajv error, with Ajv's English wording where the validator left out messages
 * (the compiled validators of the schema packages do).
 */
export function schemaErrorOf(e: AjvError): SchemaError {
  if (e.keyword === 'additionalProperties') {
    return { pointer: `${e.instancePath}/${String(e.params.additionalProperty)}`, message: UNKNOWN_FIELD };
  }
  return { pointer: e.instancePath, message: e.message ?? messageOf(e) };
}

/** Ajv's English message for the keywords Kubernetes schemas use. */
function messageOf(e: AjvError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'type': return `must be ${String(p.type)}`;
    case 'enum': return `must be equal to one of the allowed values: ${JSON.stringify(p.allowedValues)}`;
    case 'const': return 'must be equal to constant';
    case 'required': return `must have required property '${String(p.missingProperty)}'`;
    case 'format': return `must match format "${String(p.format)}"`;
    case 'pattern': return `must match pattern "${String(p.pattern)}"`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'minLength': return `must NOT have fewer than ${String(p.limit)} characters`;
    case 'maxLength': return `must NOT have more than ${String(p.limit)} characters`;
    case 'minItems': return `must NOT have fewer than ${String(p.limit)} items`;
    case 'maxItems': return `must NOT have more than ${String(p.limit)} items`;
    case 'minProperties': return `must NOT have fewer than ${String(p.limit)} properties`;
    case 'maxProperties': return `must NOT have more than ${String(p.limit)} properties`;
    case 'uniqueItems': return `must NOT have duplicate items (items ## ${String(p.j)} and ${String(p.i)} are identical)`;
    case 'anyOf': return 'must match a schema in anyOf';
    case 'oneOf': return 'must match exactly one schema in oneOf';
    case 'not': return 'must NOT be valid';
    default: return `must pass "${e.keyword}" (${JSON.stringify(p)})`;
  }
}
