import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BackgroundWrites } from '../../src/output/background-writes';
import { writeNamingFile } from '../../src/output/write-failure';
import { tempDir } from '../support/tmp';

// Files handed to the writer thread are on disk, each with its content, once drain returns; a failed
// write comes back as the file system's error; stop lets the file being written finish and skips the rest.

// The thread is used on any machine, as on one with two CPUs or more.
jest.mock('os', () => ({ ...jest.requireActual<typeof import('os')>('os'), availableParallelism: () => 2 }));

function started(): BackgroundWrites {
  const writes = BackgroundWrites.start();
  if (writes === undefined) throw new Error('no writer thread could be started');
  return writes;
}

const fileName = (i: number) => `f${i}.yaml`;

describe('BackgroundWrites', () => {
  test('every file is written with its content, past the bound where the caller waits for the thread', () => {
    const dir = tempDir();
    const writes = started();
    // 16 queued batches of 64 files is the bound: 6,000 files make the caller wait for the thread.
    for (let i = 0; i < 6000; i++) writes.write(path.join(dir, fileName(i)), `n: ${i}\n`);
    writes.drain();
    const names = fs.readdirSync(dir);
    expect(names).toHaveLength(6000);
    for (let i = 0; i < 6000; i++) expect(fs.readFileSync(path.join(dir, fileName(i)), 'utf8')).toBe(`n: ${i}\n`);
  });

  test('a failed write is thrown by drain as the file system error, and the files after it are not written', () => {
    const dir = tempDir();
    const writes = started();
    const missing = path.join(dir, 'missing', 'f100.yaml');
    for (let i = 0; i < 200; i++) writes.write(i === 100 ? missing : path.join(dir, fileName(i)), `n: ${i}\n`);
    let thrown: unknown;
    try {
      writes.drain();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ code: 'ENOENT', syscall: 'open', path: missing, message: `ENOENT: no such file or directory, open '${missing}'` });
    const names = new Set(fs.readdirSync(dir));
    expect(names.size).toBe(100);
    for (let i = 0; i < 100; i++) expect(names.has(fileName(i))).toBe(true);
  });

  test('stop waits for the file being written and skips every file queued after it', async () => {
    const dir = tempDir();
    const pipe = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [pipe]);
    // More than a pipe holds (64 KiB), not more than is handed to the thread (256 Ki characters): the
    // thread's write of it blocks until a reader drains the pipe.
    const content = 'x'.repeat(256 * 1024);
    const writes = started();
    writes.write(pipe, content);
    for (let i = 0; i < 200; i++) writes.write(path.join(dir, fileName(i)), `n: ${i}\n`);
    // Opening a named pipe for reading returns once a writer opened it: the thread is in that write now.
    const held = await fs.promises.open(pipe, 'r');
    const reader = spawn('sh', ['-c', 'sleep 0.2; wc -c < "$0"', pipe]);
    let counted = '';
    reader.stdout.on('data', (chunk: Buffer) => (counted += chunk.toString()));
    const exited = new Promise((resolve) => reader.on('close', resolve));
    writes.stop();
    await exited;
    await held.close();
    expect(Number(counted.trim())).toBe(content.length);
    expect(fs.readdirSync(dir)).toEqual(['pipe.yaml']);
  });

  test('no file is taken once the writes are drained', () => {
    const dir = tempDir();
    const writes = started();
    writes.write(path.join(dir, 'a.yaml'), 'a: 1\n');
    writes.drain();
    expect(() => writes.write(path.join(dir, 'b.yaml'), 'b: 1\n')).toThrow('background writes are finished');
    expect(fs.readdirSync(dir)).toEqual(['a.yaml']);
  });

  test('a failed write that names no file (a full disk) is thrown naming the file', () => {
    const writes = started();
    writes.write('/dev/full', 'a: 1\n');
    expect(() => writes.drain()).toThrow(expect.objectContaining({ code: 'ENOSPC', syscall: 'write', path: '/dev/full' }));
  });

  test('a text over 256 Ki characters is written at once by the caller, its failure thrown there', () => {
    const dir = tempDir();
    const writes = started();
    const big = 'x'.repeat(256 * 1024 + 1);
    writes.write(path.join(dir, 'big.yaml'), big);
    expect(fs.readFileSync(path.join(dir, 'big.yaml'), 'utf8')).toBe(big);
    expect(() => writes.write('/dev/full', big)).toThrow(expect.objectContaining({ code: 'ENOSPC', syscall: 'write', path: '/dev/full' }));
    writes.drain();
  });

  test('writeNamingFile names the file in an error that names none', () => {
    expect(() => writeNamingFile('/dev/full', 'a: 1\n')).toThrow(expect.objectContaining({ code: 'ENOSPC', path: '/dev/full', message: 'ENOSPC: no space left on device, write' }));
  });
});
