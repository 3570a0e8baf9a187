import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { acquireTreeLock, LOCK_FILE, lockFileFor, TreeLockError } from '../../src/synth/tree-lock';
import { tempDir } from '../support/tmp';

/** A pid that surely no longer runs: a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('acquireTreeLock', () => {
  test('creates the lock next to the output folder and removes it on release', () => {
    const dir = tempDir();
    const outdir = path.join(dir, 'dist');
    const lock = acquireTreeLock(outdir, { command: 'set-image' });
    expect(lock.file).toBe(path.join(dir, LOCK_FILE));
    expect(lockFileFor(outdir)).toBe(lock.file);
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, command: 'set-image' });
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  test('fails clearly when a live process holds the lock', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, JSON.stringify({ pid: process.ppid, command: 'synth', since: '2026-01-01T00:00:00.000Z' }));
    expect(() => acquireTreeLock(path.join(dir, 'dist'), { waitMs: 200 })).toThrow(new TreeLockError(file, { pid: process.ppid, command: 'synth', since: '2026-01-01T00:00:00.000Z' }, 200));
    expect(() => acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 })).toThrow(
      `gitops-synth: ${file} is held by process ${process.ppid} (synth, since 2026-01-01T00:00:00.000Z); gave up after waiting 0s (fix: let that run finish and retry; delete the file only if no gitops-synth is running)`);
    // The holder's lock is left alone.
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.ppid);
  });

  test('takes over a lock whose process is gone', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), command: 'synth', since: '2026-01-01T00:00:00.000Z' }));
    const lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  test('waits for a live holder to release', async () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    const holder = spawn(process.execPath, ['-e', `
      const fs = require('fs');
      fs.writeFileSync(${JSON.stringify(file)}, JSON.stringify({ pid: process.pid, command: 'synth', since: 'now' }));
      setTimeout(() => fs.rmSync(${JSON.stringify(file)}), 400);
    `]);
    while (!fs.existsSync(file)) await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 10_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    await new Promise((r) => holder.on('exit', r));
  });
});
