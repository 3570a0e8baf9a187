import * as fs from 'fs';
import * as path from 'path';
import { SynthError } from '../core/problem';

/**
 * The output folder a write or a check works in, absolute. The folder the user names may itself be a
 * symbolic link (e.g. `dist` pointing into a checkout of a separate GitOps repository): it is followed
 * once, here, and everything below it is used without following links (see `TreeFolders`). So the
 * sibling folder a first synth builds and renames sits next to the real folder, and a link that
 * points nowhere is reported instead of failing half-way with ENOENT or ENOTDIR.
 *
 * @param outdir the folder as given (also how problems name it)
 * @returns the folder, or the link's target; the path itself when nothing is there yet (a first synth)
 */
export function resolveOutputRoot(outdir: string): string {
  const given = path.resolve(outdir);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(given, { throwIfNoEntry: false });
  } catch (e) {
    // ENOTDIR: a parent is a file; the write reports it when it makes the folder.
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return given;
    throw e;
  }
  if (stat === undefined) return given;
  const subject = `output ${outdir}`;
  if (stat.isSymbolicLink()) {
    const target = fs.readlinkSync(given);
    let real: string;
    try {
      real = fs.realpathSync(given);
    } catch (e) {
      throw new SynthError([{
        subject,
        field: outdir,
        message: `is a symbolic link to ${target}, which does not exist (${(e as NodeJS.ErrnoException).code})`,
        hint: `create the folder ${target}, point the link at an existing folder, or remove the link so that synth creates ${outdir} as a folder`,
      }]);
    }
    if (!fs.statSync(real).isDirectory()) {
      throw new SynthError([{ subject, field: outdir, message: `is a symbolic link to ${target}, which is not a folder`, hint: 'point the link at a folder, or remove it so that synth creates the folder' }]);
    }
    return real;
  }
  if (!stat.isDirectory()) {
    throw new SynthError([{ subject, field: outdir, message: 'is not a folder', hint: 'name a folder, or a new folder inside an existing one' }]);
  }
  return given;
}
