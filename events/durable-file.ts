import * as fs from "fs";
import * as path from "path";

/**
 * Appends `text` (whole lines) to `file` and fsyncs it before returning: once this returns, the
 * lines survive a crash of this process (SIGKILL) and of the machine. One write() per call, with
 * O_APPEND, so concurrent appenders never interleave inside a line. If the file ends with a torn
 * line (a writer died mid-write), the new text starts on a fresh line so it is not lost with it.
 * If the file was moved away while we wrote (outbox compaction), the text is written again to
 * the live file: a duplicate is harmless (readers de-duplicate by id), a loss is not.
 */
export function appendDurably(file: string, text: string): void {
  for (let attempt = 0; attempt < 5; attempt++) {
    const created = !fs.existsSync(file);
    if (created) fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, "a+");
    let moved = false;
    try {
      const size = fs.fstatSync(fd).size;
      let prefix = "";
      if (size > 0) {
        const last = Buffer.alloc(1);
        fs.readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = "\n";
      }
      fs.writeSync(fd, prefix + text);
      fs.fsyncSync(fd);
      const written = fs.fstatSync(fd);
      const live = statOrUndefined(file);
      moved = !live || live.ino !== written.ino || live.dev !== written.dev;
    } finally {
      fs.closeSync(fd);
    }
    if (created) fsyncDirectory(path.dirname(file));
    if (!moved) return;
  }
  throw new Error(`could not append to ${file}: it kept being moved while writing`);
}

/** Replaces `file` atomically with `text` (write a temporary file, fsync, rename, fsync the directory). */
export function replaceDurably(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, "w");
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  fsyncDirectory(path.dirname(file));
}

/** Every complete JSON line of `file`; torn or corrupt lines are counted, not fatal. */
export function readJsonLines<T>(file: string): { readonly values: T[]; readonly corrupt: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { values: [], corrupt: 0 };
    throw error;
  }
  const values: T[] = [];
  let corrupt = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      values.push(JSON.parse(line) as T);
    } catch {
      corrupt++;
    }
  }
  return { values, corrupt };
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function fsyncDirectory(dir: string): void {
  // Makes the new directory entry itself durable; not supported on every platform (Windows), hence best effort.
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}
