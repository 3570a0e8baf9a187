import { Check } from './check';
import { Problem } from '../synth/problem';

/** An exact chart version: no ranges, wildcards or `latest`, so an upgrade is always a reviewed change. */
const EXACT_VERSION = /^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Add-ons pin an exact chart version from an https (or OCI) repository, and the problems their typed
 * options found are reported.
 */
export const checkAddOns: Check = (repo) => {
  const problems: Problem[] = [];
  for (const addOn of repo.addOns) {
    const subject = `add-on ${addOn.name}`;
    const chart = addOn.props.chart;
    // The typed options do not know the name the add-on was added under.
    problems.push(...(addOn.props.inputProblems ?? []).map((p) => ({ ...p, subject })));
    // A missing chart or field is reported by the props check.
    if (typeof chart?.version !== 'string' || typeof chart.repoURL !== 'string') continue;
    if (!EXACT_VERSION.test(chart.version)) {
      problems.push({ subject, field: 'chart.version', value: JSON.stringify(chart.version), message: 'is not an exact chart version', hint: 'pin one released version, e.g. "1.21.1"; ranges and "latest" let a chart upgrade itself unreviewed' });
    }
    if (!/^(https|oci):\/\//.test(chart.repoURL)) {
      problems.push({ subject, field: 'chart.repoURL', value: JSON.stringify(chart.repoURL), message: 'is not an https:// or oci:// chart repository', hint: 'use the chart repository URL from the chart\'s documentation, e.g. "https://charts.jetstack.io"' });
    }
  }
  return problems;
};
