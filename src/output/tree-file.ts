/** A file of an output folder with its serialized content. */
export interface TreeFile {
  /** POSIX path relative to the output folder. */
  readonly path: string;
  /** The exact bytes to write (UTF-8). */
  readonly content: string;
}
