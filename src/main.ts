import { SynthError, summarize, synth } from '.';
import { defineRepo } from './apps';

/** `npm run synth`: writes this repository's tree into dist/ and prints a one-line summary. */
function main(): number {
  try {
    const result = synth(defineRepo());
    console.log(summarize({ ...result, outdir: 'dist' }));
    return 0;
  } catch (e) {
    if (e instanceof SynthError) {
      console.error(e.message);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main();
