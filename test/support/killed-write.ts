import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempDir } from './tmp';
import { TXN_DIR } from '../../src/core/reserved-paths';
import { writeTree } from '../../src/output/output-writer';
import { recoverInterruptedWrite } from '../../src/output/write-journal';

const WRITER = path.resolve(__dirname, '../../lib/src/output/output-writer.js');
const FILES = 800;

/** A tree of FILES files whose content depends on `version`; v2 also drops every tenth file. */
function tree(version: number) {
  return Array.from({ length: FILES }, (_, i) => ({ path: `apps/s${i % 100}/f${i}.yaml`, content: `v: ${version}\ni: ${i}\n${'x'.repeat(200)}\n` }))
    .filter((_, i) => version === 1 || i % 10 !== 0);
}

function withoutTxn(t: Record<string, string>) {
  return Object.fromEntries(Object.entries(t).filter(([p]) => !p.startsWith(TXN_DIR + '/')));
}

/** Starts a child that writes tree v2 into `dir` and kills it `delayMs` after it starts writing. */
function killMidWrite(dir: string, delayMs: number): Promise<void> {
  const script = `
    const { writeTree } = require(${JSON.stringify(WRITER)});
    const files = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    process.stdout.write('go\\n');
    writeTree(${JSON.stringify(dir)}, files);
    process.stdout.write('done\\n');`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('exit', () => resolve());
    child.stdin.end(JSON.stringify(tree(2)));
  });
}

/**
 * One test per delay: a child writing tree v2 over tree v1 is killed `delay` ms into the write; what it
 * leaves is the old tree or, once recovered, the new one. The delays are spread over several test
 * files so that jest runs them in parallel.
 */
export function describeKilledWrites(delays: readonly number[]): void {
  describe('a write killed at any point leaves the old tree or, once recovered, the new one', () => {
    const v1 = tree(1);
    const v2 = tree(2);
    // What v2 looks like written into an empty folder: the same for every case, so written once.
    let newTree: Record<string, string>;
    beforeAll(() => {
      const fresh = tempDir();
      writeTree(fresh, v2);
      newTree = readTree(fresh);
    });

    test.each([...delays])('killed %i ms into the write', async (delay) => {
      const dir = tempDir();
      writeTree(dir, v1);
      const oldTree = readTree(dir);

      await killMidWrite(dir, delay);
      const staging = fs.existsSync(path.join(dir, TXN_DIR));
      const committed = fs.existsSync(path.join(dir, TXN_DIR, 'journal.json'));
      if (staging && !committed) {
        // Killed before the commit point: the old tree is untouched.
        expect(withoutTxn(readTree(dir))).toEqual(oldTree);
      }
      if (!staging) {
        // Killed before the write began, or after it finished.
        expect([JSON.stringify(oldTree), JSON.stringify(newTree)]).toContain(JSON.stringify(readTree(dir)));
      }
      recoverInterruptedWrite(dir);
      const after = readTree(dir);
      expect([JSON.stringify(oldTree), JSON.stringify(newTree)]).toContain(JSON.stringify(after));
      if (committed) expect(after).toEqual(newTree);
      // The next write finishes the job either way.
      writeTree(dir, v2);
      expect(readTree(dir)).toEqual(newTree);
    }, 60_000);
  });
}
