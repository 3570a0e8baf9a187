import { runCli } from './cli/main';

/** `npm run synth [-- --check | --out DIR]`: the `gitops-synth synth` command on this repository's definitions. */
process.exitCode = runCli(['synth', ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
