import { Problem, SynthError } from '../../src';

const nameProblem: Problem = {
  subject: 'service Payments',
  field: 'name',
  value: '"Payments"',
  code: 'names',
  message: 'is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)',
  hint: 'use a name like "api-service"',
};

describe('one root cause, one line', () => {
  test('identical problems are reported once', () => {
    const port: Problem = { subject: 'service api', field: 'port', value: '0', message: 'must be an integer from 1 to 65535', hint: 'set port: 8080', code: 'props' };
    expect(new SynthError([port, { ...port }, port]).problems).toEqual([port]);
  });

  test('a refused name hides what follows only from it, and keeps what does not', () => {
    const derived: Problem[] = [
      { subject: 'service Payments', field: 'path', value: '"apps/Payments/base/deployment.yaml"', message: 'is not a plain relative path inside the output folder', hint: 'use names without "/"', code: 'tree' },
      { subject: 'service Payments', field: 'apps/Payments/base/external-secret-config.yaml ExternalSecret/Payments-config/spec/target/name', message: 'must match pattern "^[a-z0-9]…$"', hint: 'fix the definition', code: 'schema' },
      { subject: 'releases releases.json', field: 'payments', message: 'names service "payments", which is not defined', hint: 'define the service with repo.addService(\'payments\', …); defined: Payments', code: 'releases' },
      { subject: 'service Payments', field: 'overlays.production.image', message: 'no image tag for environment "production" in releases.json', hint: 'add "Payments": { "production": "<tag>" } to releases.json', code: 'undeploy' },
    ];
    const independent: Problem[] = [
      { subject: 'service Payments', field: 'port', value: '80', message: 'is below 1024', hint: 'listen on 8080', code: 'privileged-ports' },
      { subject: 'service Payments', field: 'apps/Payments/base/deployment.yaml Deployment/Payments/spec/replicas', message: 'must be integer', hint: 'fix the definition', code: 'schema' },
      { subject: 'releases releases.json', field: 'ghost', message: 'names service "ghost", which is not defined', hint: 'define it; defined: Payments', code: 'releases' },
    ];
    expect(new SynthError([nameProblem, ...derived, ...independent]).problems.map((p) => `${p.subject} ${p.field}`).sort())
      .toEqual([nameProblem, ...independent].map((p) => `${p.subject} ${p.field}`).sort());
  });

  test('without a refused name, nothing is hidden', () => {
    const releases: Problem = { subject: 'releases releases.json', field: 'payments', message: 'names service "payments", which is not defined', hint: 'define it', code: 'releases' };
    expect(new SynthError([releases]).problems).toEqual([releases]);
  });
});
