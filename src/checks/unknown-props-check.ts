import { closest, distance } from 'fastest-levenshtein';
import { Check } from './check';
import { Problem } from '../core/problem';
import { shownKey } from '../core/shown-value';
import type { OverlayOptions } from '../workload/overlay';
import type { ServiceProps } from '../workload/service-props';

// The keys each props object may have. `satisfies` makes the compiler keep each list equal to its
// interface: a field added to the interface without its key here does not compile.
const SERVICE_KEYS = keys({
  image: true,
  port: true,
  ports: true,
  env: true,
  replicas: true,
  autoscaling: true,
  networkPolicy: true,
  resources: true,
  readiness: true,
  liveness: true,
  command: true,
  args: true,
  expose: true,
  securityOverrides: true,
  externalImage: true,
  source: true,
} satisfies Record<keyof ServiceProps, true>);

const OVERLAY_KEYS = keys({
  replicas: true,
  autoscaling: true,
  disruptionBudget: true,
  topologySpread: true,
  networkPolicy: true,
  resources: true,
  env: true,
  waivers: true,
  ignoreDifferences: true,
} satisfies Record<keyof OverlayOptions, true>);

/**
 * A service's props and its overlays' options name only fields that exist. The command loads TypeScript definitions without
 * type-checking them (that is `npm test`'s job), and plain JavaScript has no types at all: without this
 * check `addOverlay(staging, { replica: 3 })` would synthesize with the default replica count.
 */
export const checkUnknownProps: Check = ({ index }) => {
  const problems: Problem[] = [];
  for (const service of index.services) {
    const subject = `service ${service.name}`;
    problems.push(...unknownKeys(subject, '', service.props, SERVICE_KEYS));
    for (const overlay of service.overlays) {
      problems.push(...unknownKeys(subject, `overlays.${overlay.environmentName}.`, overlay.options, OVERLAY_KEYS));
    }
  }
  return problems;
};

/** One problem per key of `value` that `known` does not hold, with the closest known key as the fix. */
function unknownKeys(subject: string, prefix: string, value: unknown, known: readonly string[]): Problem[] {
  if (typeof value !== 'object' || value === null) return [];
  const given = Object.keys(value);
  // Nearly always every key is known: only a value with an unknown key is sorted and reported.
  if (given.every((key) => known.includes(key))) return [];
  const problems: Problem[] = [];
  for (const key of given.sort()) {
    if (known.includes(key)) continue;
    const suggestion = closest(key, [...known]);
    // A suggestion only when it is plausibly a typo: at most a third of the key differs.
    const near = distance(key, suggestion) <= Math.max(1, Math.floor(key.length / 3));
    problems.push({
      subject,
      field: `${prefix}${shownKey(key)}`,
      message: 'is not a field of this object, so it would be ignored',
      hint: near ? `did you mean ${suggestion}? Fields: ${known.join(', ')}` : `remove it; fields: ${known.join(', ')}`,
    });
  }
  return problems;
}

function keys(table: Record<string, true>): readonly string[] {
  return Object.keys(table);
}
