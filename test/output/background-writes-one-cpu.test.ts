import * as path from 'path';
import { BackgroundWrites } from '../../src/output/background-writes';
import { writeTree } from '../../src/output/output-writer';
import { readTree, tempDir } from '../support/tmp';

// With one CPU a writer thread only takes turns with the synth: none is started, and a large write is
// written directly, all the same.

jest.mock('os', () => ({ ...jest.requireActual<typeof import('os')>('os'), availableParallelism: () => 1 }));

test('with one CPU no writer thread is started', () => {
  expect(BackgroundWrites.start()).toBeUndefined();
});

test('with one CPU a write of more files than are written directly writes every file itself', () => {
  const dir = path.join(tempDir(), 'dist');
  const files = Array.from({ length: 1000 }, (_, i) => ({ path: `apps/s${i % 20}/f${i}.yaml`, content: `n: ${i}\n` }));
  expect(writeTree(dir, files).written).toHaveLength(1000);
  const written = readTree(dir);
  for (const file of files) expect(written[file.path]).toBe(file.content);
});
