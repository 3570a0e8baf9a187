import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A fresh, empty temporary folder, removed after the test file. It sits one level inside its own
 * parent, so siblings written next to an output folder (the Terraform `cdktf.out/`) stay private too.
 */
export function tempDir(prefix = 'gitops-synth-'): string {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(parent);
  const dir = path.join(parent, 'work');
  fs.mkdirSync(dir);
  return dir;
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file under `dir` (relative POSIX path → content), sorted by path. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out;
}
