import { Check } from './check';
import { Problem } from '../core/problem';
import { waiverReason } from '../policy/waivers';

/** Fewest replicas a production overlay runs without a waiver. */
export const PRODUCTION_MIN_REPLICAS = 2;

/**
 * Production rules: manual sync, immutable image versions, requests and limits, at least two
 * replicas. Each can be waived in the definition, with a reason (see `Waivers`).
 */
export const checkProductionPolicy: Check = ({ index }) => {
  // Looked up once: listing the repository's children per overlay would make the check quadratic.
  const environments = new Set(index.environments);
  const problems: Problem[] = [];
  for (const env of index.environments) {
    if (!env.production) continue;
    if (env.sync?.isAutomated && !waiverReason(env.waivers, 'automated-sync')) {
      problems.push({
        subject: `environment ${env.name}`,
        field: 'sync',
        value: env.sync.describe(),
        message: 'production syncs automatically; changes would reach production without a manual sync',
        hint: "use SyncPolicy.manual(), or waive it: waivers: { 'automated-sync': '<reason>' }",
      });
    }
  }
  for (const service of index.services) {
    for (const overlay of service.overlays) {
      const env = overlay.environment;
      if (!env?.production || !environments.has(env)) continue;
      const subject = `service ${service.name}`;
      const field = `overlays.${env.name}`;
      const waived = (rule: Parameters<typeof waiverReason>[1]) =>
        waiverReason(overlay.options.waivers, rule) ?? (rule === 'mutable-tags' ? waiverReason(env.waivers, rule) : undefined);
      const version = overlay.imageVersion;
      if (version?.isMutable && !waived('mutable-tags')) {
        problems.push({
          subject,
          field: `${field}.image`,
          value: JSON.stringify(version.value),
          message: 'is a moving tag; production must deploy an immutable tag or digest',
          hint: `set an immutable tag (e.g. the git SHA) with gitops-synth set-image ${service.name} ${env.name} <tag>, or waive it: waivers: { 'mutable-tags': '<reason>' }`,
        });
      }
      if (Number.isInteger(overlay.replicas) && overlay.replicas < PRODUCTION_MIN_REPLICAS && !waived('min-replicas')) {
        problems.push({
          subject,
          field: `${field}.replicas`,
          value: String(overlay.replicas),
          message: `production runs fewer than ${PRODUCTION_MIN_REPLICAS} replicas, so one restart is an outage`,
          hint: `set replicas: ${PRODUCTION_MIN_REPLICAS} or more, or waive it: waivers: { 'min-replicas': '<reason>' }`,
        });
      }
      if (!overlay.resources && !waived('resources')) {
        problems.push({
          subject,
          field: `${field}.resources`,
          message: 'production runs without CPU/memory requests and limits',
          hint: "set resources: { cpu: '500m', memory: '512Mi' } on the overlay or the service, or waive it: waivers: { resources: '<reason>' }",
        });
      }
    }
  }
  return problems;
};
