import * as os from 'os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import { writeNamingFile } from './write-failure';

/** Slots of the state shared with the writer thread. */
const DONE = 0;
const STOP = 1;
const STARTED = 2;
const EXITED = 3;

/** Files posted to the writer thread in one message, at most: fewer messages, and a file's text is still sent soon. */
const BATCH_FILES = 64;
/** Characters of text after which a batch is posted whatever its number of files. */
const BATCH_CHARS = 256 * 1024;
/**
 * Batches posted and not yet written before {@link BackgroundWrites.write} waits. With
 * {@link BATCH_CHARS} and {@link DIRECT_CHARS} it bounds the texts held twice (here and on the thread)
 * to about 8 Mi characters, whatever the size of the files: little for the thread's heap too.
 */
const MAX_QUEUED_BATCHES = 16;
/** A text longer than this is written by the caller: copying it to the thread would cost about as much. */
const DIRECT_CHARS = 256 * 1024;
/** How long a thread that never ran is waited for: a write must fail rather than hang. */
const START_TIMEOUT_MS = 30_000;
/** How often a wait for the thread looks whether it is still there. */
const LOOK_EVERY_MS = 1_000;

/**
 * The writer thread: writes each batch of `[file, content, …]` in order with `writeFileSync`, counts the
 * batches done in shared memory and wakes the waiting caller. After a failure, or once told to stop, it
 * skips what is left; the first failure is posted back with its errno fields and the file (a failed
 * `write`, e.g. a full disk, names none).
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const fs = require('fs');
const state = new Int32Array(workerData.state);
const failures = workerData.failures;
let failed = false;
process.on('exit', () => Atomics.store(state, ${EXITED}, 1));
parentPort.on('message', (batch) => {
  try {
    for (let i = 0; i < batch.length && !failed && Atomics.load(state, ${STOP}) === 0; i += 2) {
      try {
        fs.writeFileSync(batch[i], batch[i + 1]);
      } catch (e) {
        failed = true;
        failures.postMessage({ message: String(e && e.message), code: e && e.code, errno: e && e.errno, syscall: e && e.syscall, path: (e && e.path) || batch[i] });
      }
    }
  } finally {
    Atomics.add(state, ${DONE}, 1);
    Atomics.notify(state, ${DONE});
  }
});
Atomics.store(state, ${STARTED}, 1);
Atomics.notify(state, ${STARTED});
`;

/**
 * Writes files on one worker thread, in the order given, while the caller goes on (e.g. serializing the
 * next files): the writes stay sequential, but no longer wait for the CPU work between them, nor it for
 * them. {@link drain} waits until every file is on disk and throws the first failure as the file
 * system's error; {@link stop} skips what is still queued and waits for the file being written.
 *
 * The caller makes each file's folder before handing the file over, so the thread only writes files.
 */
export class BackgroundWrites {
  /**
   * Starts the writer thread, or returns `undefined` where it would not help or cannot start (the
   * caller then writes itself): with one CPU the thread only takes turns with the caller, which made a
   * synth ~10 % slower.
   */
  public static start(): BackgroundWrites | undefined {
    if (os.availableParallelism() < 2) return undefined;
    try {
      return new BackgroundWrites();
    } catch {
      return undefined;
    }
  }

  private readonly worker: Worker;
  private readonly state: Int32Array;
  private readonly failures: MessageChannel;
  private batch: string[] = [];
  private batchChars = 0;
  private posted = 0;
  private finished = false;

  private constructor() {
    const shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
    this.state = new Int32Array(shared);
    this.failures = new MessageChannel();
    this.worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { state: shared, failures: this.failures.port2 },
      transferList: [this.failures.port2],
    });
    // Never keeps a process alive: every write is waited for synchronously.
    this.worker.unref();
    // A thread that ends early is reported by the wait that finds it gone; unheard, its error event would
    // end the process.
    this.worker.on('error', () => undefined);
  }

  /**
   * Queues one file (`file`: its path, absolute; its folder exists), or writes it at once when it is
   * longer than 256 Ki characters (a failure is then thrown here, as the file system's error).
   */
  public write(file: string, content: string): void {
    if (this.finished) throw new Error('background writes are finished');
    if (content.length > DIRECT_CHARS) {
      writeNamingFile(file, content);
      return;
    }
    this.batch.push(file, content);
    this.batchChars += content.length;
    if (this.batch.length < 2 * BATCH_FILES && this.batchChars < BATCH_CHARS) return;
    this.post();
    // The thread writes more slowly than texts are made: past a bound the caller waits, so that a large
    // tree is not held twice in memory.
    while (this.posted - Atomics.load(this.state, DONE) > MAX_QUEUED_BATCHES) {
      if (!this.waitForBatch()) throw this.abandon();
    }
  }

  /** Waits until every queued file is written, ends the thread, and throws the first failure of a write. */
  public drain(): void {
    if (this.finished) return;
    if (this.batch.length > 0) this.post();
    if (!this.finish()) throw this.abandon();
    // Posted before the batch was counted done, so it is there once every batch is.
    const failure = receiveMessageOnPort(this.failures.port1)?.message as WriteFailure | undefined;
    this.failures.port1.close();
    if (failure !== undefined) throw Object.assign(new Error(failure.message), failure);
  }

  /** Skips the files still queued, waits for the one being written, and ends the thread. */
  public stop(): void {
    if (this.finished) return;
    Atomics.store(this.state, STOP, 1);
    this.batch = [];
    this.batchChars = 0;
    this.finish();
    this.failures.port1.close();
  }

  private post(): void {
    this.worker.postMessage(this.batch);
    this.batch = [];
    this.batchChars = 0;
    this.posted++;
  }

  /**
   * Waits until the thread finished one more batch; `false` when it did not start in time or has ended
   * (it then writes nothing more). Each wait is bounded, so a thread that ended on an error of its own
   * (it marks that on exit) is noticed.
   */
  private waitForBatch(): boolean {
    const done = Atomics.load(this.state, DONE);
    if (Atomics.load(this.state, STARTED) === 0 && Atomics.wait(this.state, STARTED, 0, START_TIMEOUT_MS) === 'timed-out') return false;
    while (Atomics.load(this.state, DONE) === done) {
      if (Atomics.load(this.state, EXITED) === 1) return false;
      Atomics.wait(this.state, DONE, done, LOOK_EVERY_MS);
    }
    return true;
  }

  /** Waits for every posted batch and ends the thread; `false` when the thread did not write them all. */
  private finish(): boolean {
    let ran = true;
    while (ran && Atomics.load(this.state, DONE) < this.posted) ran = this.waitForBatch();
    this.finished = true;
    void this.worker.terminate();
    return ran;
  }

  /** Ends a thread that did not start in time or ended early, with the error that says so. */
  private abandon(): Error {
    this.finished = true;
    this.failures.port1.close();
    void this.worker.terminate();
    // Thrown before the commit point: the caller discards the staging, so the output folder is as it was.
    const what = Atomics.load(this.state, STARTED) === 0 ? `did not start within ${START_TIMEOUT_MS / 1000} s` : 'ended before it wrote them all';
    return new Error(`gitops-synth: the thread that writes the files ${what}; the output folder was left as it was: synthesize again`);
  }
}

/** The errno fields of a failed write, as the writer thread posts them. */
interface WriteFailure {
  readonly message: string;
  readonly code?: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly path?: string;
}
