import * as fs from 'fs';
import * as path from 'path';
import { cli, repoCopy } from '../support/cli-repo';

/** Every file and folder under `dir` (Git's own included), as sorted relative paths; folders end with `/`. */
function entries(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      out.push(entry.isDirectory() ? `${child}/` : child);
      if (entry.isDirectory()) walk(child);
    }
  };
  walk('');
  return out.sort();
}

describe('commands that only read', () => {
  test.each([
    [['synth', '--check']],
    [['synth', '--check', '--json']],
    [['synth', '--check', '--out', 'elsewhere/tree', '--terraform-out', 'elsewhere/tf']],
    [['diff']],
    [['diff', '--out', 'elsewhere/tree', '--terraform-out', 'elsewhere/tf']],
  ])('%j creates no file or folder in the project, nor next to it, even where cdktf.out/ is missing', (argv) => {
    for (const withoutTerraform of [false, true]) {
      const dir = repoCopy();
      // Without the folder, anything that creates it (as CDKTF's App does with cdktf.out/stacks/) shows.
      if (withoutTerraform) fs.rmSync(path.join(dir, 'cdktf.out'), { recursive: true });
      const parent = path.dirname(dir);
      const before = { dir: entries(dir), parent: fs.readdirSync(parent).sort() };
      // The process runs in the copy too, so that a path resolved against the process's folder lands there.
      const cwd = process.cwd();
      process.chdir(dir);
      let run;
      try {
        run = cli(dir, ...argv);
      } finally {
        process.chdir(cwd);
      }
      expect(run.stderr).toBe('');
      expect({ dir: entries(dir), parent: fs.readdirSync(parent).sort() }).toEqual(before);
    }
  });
});
