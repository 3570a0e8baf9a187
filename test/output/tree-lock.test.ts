import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { snapshotOf, takeoverClaimFor } from '../../src/output/lock-file';
import { acquireTreeLock, LOCK_FILE, lockFileFor, TreeLockError } from '../../src/output/tree-lock';
import { tempDir } from '../support/tmp';

/** A pid that surely no longer runs: a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** A lock record as a run writes it. */
function record(pid: unknown, command = 'synth'): string {
  return JSON.stringify({ pid, command, since: '2026-01-01T00:00:00.000Z', token: 'feedfacefeedface' }) + '\n';
}

/** Sets the modification time of `file` `seconds` into the past (negative: into the future). */
function age(file: string, seconds: number): void {
  const when = new Date(Date.now() - seconds * 1000);
  fs.utimesSync(file, when, when);
}

const HELD_BY_PARENT = (file: string, waited: string) =>
  `gitops-synth: ${file} is held by process ${process.ppid} (synth, since 2026-01-01T00:00:00.000Z); gave up after waiting ${waited} (fix: let that run finish and retry; delete the file only if no gitops-synth is running)`;
const UNREADABLE = (file: string) =>
  `gitops-synth: ${file} is held by another process (the file holds no readable lock record yet; one older than 5s is taken over); gave up after waiting 0s (fix: let that run finish and retry; delete the file only if no gitops-synth is running)`;

describe('acquireTreeLock', () => {
  test('creates the lock next to the output folder and removes it on release', () => {
    const dir = tempDir();
    const outdir = path.join(dir, 'dist');
    const lock = acquireTreeLock(outdir, { command: 'set-image' });
    expect(lock.file).toBe(path.join(dir, LOCK_FILE));
    expect(lockFileFor(outdir)).toBe(lock.file);
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, command: 'set-image' });
    // Published whole: nothing but the lock is left next to it.
    expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
    lock.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('fails clearly when a live process holds the lock', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, JSON.stringify({ pid: process.ppid, command: 'synth', since: '2026-01-01T00:00:00.000Z' }));
    expect(() => acquireTreeLock(path.join(dir, 'dist'), { waitMs: 200 })).toThrow(new TreeLockError(file, { pid: process.ppid, command: 'synth', since: '2026-01-01T00:00:00.000Z' }, 200));
    expect(() => acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 })).toThrow(HELD_BY_PARENT(file, '0s'));
    // The holder's lock is left alone.
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.ppid);
  });

  test('takes over a lock whose process is gone', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid(), command: 'synth', since: '2026-01-01T00:00:00.000Z' }));
    const lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
    lock.release();
  });

  test.each([
    ['pid 0 (a process group)', record(0)],
    ['pid -1 (every process)', record(-1)],
    ['a fractional pid', record(1.5)],
    ['a pid as text', record(String(process.ppid))],
    ['no pid', JSON.stringify({ command: 'synth' })],
  ])('takes over at once a complete record naming no valid pid: %s', (_, content) => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, content);
    const lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  test.each([
    ['empty', ''],
    ['truncated', '{"pid": 12'],
    ['garbage', '\u0000\u0001 not a lock\n'],
    ['not an object', '4242\n'],
  ])('a lock file that is %s is taken over once 5 s old, not before', (_, content) => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, content);
    // Younger than the grace period: a run of an older release may be between creating and writing it.
    age(file, 3);
    expect(() => acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 })).toThrow(UNREADABLE(file));
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
    age(file, 6);
    const lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    // Dated far in the future (a clock set back): not being written now either.
    fs.writeFileSync(file, content);
    age(file, -60);
    acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 }).release();
    expect(fs.existsSync(file)).toBe(false);
  });

  test('TreeLockError names the file, the holder and the fix', () => {
    expect(new TreeLockError('/r/.gitops-synth.lock', { pid: 42, command: 'promote', since: '2026-01-01T00:00:00.000Z' }, 1500).message).toBe(
      'gitops-synth: /r/.gitops-synth.lock is held by process 42 (promote, since 2026-01-01T00:00:00.000Z); gave up after waiting 1.5s (fix: let that run finish and retry; delete the file only if no gitops-synth is running)');
    expect(new TreeLockError('/r/.gitops-synth.lock', undefined, 0).message).toBe(UNREADABLE('/r/.gitops-synth.lock'));
  });

  test('a lock file that cannot be read is an error naming it', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.mkdirSync(file);
    expect(() => acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 })).toThrow(
      `gitops-synth: cannot read the lock file ${file}: it is not a file (fix: make it a readable file, or delete it if no gitops-synth is running)`);
  });

  test('a live process taking a stale lock over is waited for, and named', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, record(deadPid()));
    const claim = takeoverClaimFor(file, snapshotOf(file)!);
    fs.writeFileSync(claim, record(process.ppid));
    expect(() => acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 })).toThrow(HELD_BY_PARENT(file, '0s'));
    // The taker's claim and the stale lock are left to the taker.
    expect(fs.readdirSync(dir).sort()).toEqual([LOCK_FILE, path.basename(claim)]);
  });

  test('a claim left by a taker that died is taken over in turn, and nothing is left behind', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, record(deadPid()));
    const claim = takeoverClaimFor(file, snapshotOf(file)!);
    fs.writeFileSync(claim, record(deadPid()));
    // ... and the claim on that claim, by another taker that died.
    fs.writeFileSync(takeoverClaimFor(file, snapshotOf(claim)!), '');
    age(takeoverClaimFor(file, snapshotOf(claim)!), 10);
    const lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    expect(fs.readdirSync(dir)).toEqual([LOCK_FILE]);
    lock.release();
  });

  test('files left by takers killed mid-takeover are swept once the lock is held; a live taker\'s are not', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    const dead = deadPid();
    fs.writeFileSync(`${file}.${dead}.0123456789ab.tmp`, record(dead));
    fs.writeFileSync(`${file}.${process.ppid}.0123456789ab.tmp`, record(process.ppid));
    fs.writeFileSync(`${file}.takeover-0123456789abcdef`, record(dead));
    fs.writeFileSync(`${file}.takeover-fedcba9876543210`, record(process.ppid));
    const lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0 });
    expect(fs.readdirSync(dir).sort()).toEqual([LOCK_FILE, `${LOCK_FILE}.${process.ppid}.0123456789ab.tmp`, `${LOCK_FILE}.takeover-fedcba9876543210`]);
    lock.release();
  });

  test('release leaves alone a lock that is no longer ours', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    const lock = acquireTreeLock(path.join(dir, 'dist'));
    fs.writeFileSync(file, record(process.pid));
    lock.release();
    expect(fs.readFileSync(file, 'utf8')).toBe(record(process.pid));
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

describe('racing takeovers of a stale lock', () => {
  const COMPILED = path.resolve(__dirname, '../../lib/src/output/tree-lock.js');
  const WORKERS = 8;
  const ROUNDS = 100;

  /**
   * A worker process: for each round, waits until the shared start time, takes the lock once without
   * waiting and, while holding it, appends its id to the counter file by read-modify-write (a lost
   * update if two hold the lock at once) and marks itself inside with an O_EXCL file (an overlap).
   */
  const WORKER = `
    const fs = require('fs');
    const path = require('path');
    const { acquireTreeLock, TreeLockError } = require(${JSON.stringify(COMPILED)});
    const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    process.on('disconnect', () => process.exit(0));
    process.on('message', ({ dir, id, startAt }) => {
      pause(Math.max(0, startAt - Date.now() - 2));
      while (Date.now() < startAt);
      let lock;
      try {
        lock = acquireTreeLock(path.join(dir, 'dist'), { waitMs: 0, command: 'set-image' });
      } catch (e) {
        process.send({ id, acquired: false, error: e instanceof TreeLockError ? undefined : String(e) });
        return;
      }
      let overlapped = false;
      try {
        try { fs.writeFileSync(path.join(dir, 'inside'), id, { flag: 'wx' }); } catch { overlapped = true; }
        const counter = path.join(dir, 'counter');
        const before = fs.readFileSync(counter, 'utf8');
        pause(2);
        fs.writeFileSync(counter, before + id + '\\n');
        if (!overlapped) fs.rmSync(path.join(dir, 'inside'));
      } finally {
        lock.release();
      }
      process.send({ id, acquired: true, overlapped });
    });
    process.send('ready');
  `;

  interface Outcome {
    readonly id: string;
    readonly acquired: boolean;
    readonly overlapped?: boolean;
    readonly error?: string;
  }

  const reply = <T>(worker: ChildProcess) => new Promise<T>((resolve) => worker.once('message', (m) => resolve(m as T)));

  test(`${WORKERS} processes at once, ${ROUNDS} rounds: one holder at a time, every update kept, nothing left behind`, async () => {
    for (const compiled of [COMPILED, path.resolve(__dirname, '../../lib/src/output/lock-file.js')]) {
      const source = compiled.replace(`${path.sep}lib${path.sep}`, path.sep).replace(/\.js$/, '.ts');
      if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs) {
        throw new Error(`${compiled} is missing or older than ${source} (fix: run npx tsc --build)`);
      }
    }
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    const dead = deadPid();
    // Every kind of stale lock, in turn; the last one with a claim left by a taker that died.
    const staleLocks: Array<() => void> = [
      () => fs.writeFileSync(file, record(dead)),
      () => fs.writeFileSync(file, record(0)),
      () => fs.writeFileSync(file, record(-1)),
      () => {
        fs.writeFileSync(file, '');
        age(file, 10);
      },
      () => {
        fs.writeFileSync(file, '{"pid": 1');
        age(file, 10);
      },
      () => {
        fs.writeFileSync(file, record(dead));
        fs.writeFileSync(takeoverClaimFor(file, snapshotOf(file)!), record(dead));
      },
    ];
    const workers = Array.from({ length: WORKERS }, () => spawn(process.execPath, ['-e', WORKER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    try {
      await Promise.all(workers.map((w) => reply<string>(w)));
      let acquisitions = 0;
      for (let round = 0; round < ROUNDS; round++) {
        fs.writeFileSync(path.join(dir, 'counter'), '');
        staleLocks[round % staleLocks.length]();
        const startAt = Date.now() + 15;
        const outcomes = workers.map((w) => reply<Outcome>(w));
        workers.forEach((w, i) => w.send({ dir, id: `r${round}w${i}`, startAt }));
        const done = await Promise.all(outcomes);
        const holders = done.filter((o) => o.acquired);
        acquisitions += holders.length;
        // Those that did not get the lock were told it is held, nothing else.
        expect(done.filter((o) => o.error !== undefined)).toEqual([]);
        expect(holders.filter((o) => o.overlapped)).toEqual([]);
        expect(holders.length).toBeGreaterThanOrEqual(1);
        expect(fs.readFileSync(path.join(dir, 'counter'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(holders.map((o) => o.id).sort());
        // Released, with no candidate or claim left next to it.
        expect(fs.readdirSync(dir)).toEqual(['counter']);
      }
      expect(acquisitions).toBeGreaterThanOrEqual(ROUNDS);
    } finally {
      for (const w of workers) w.disconnect();
    }
  });
});
