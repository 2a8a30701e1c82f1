/**
 * How the CLI writes to its standard streams (cli/output.ts): straight to the descriptor, falling
 * back to Node's stream when the descriptor refuses (EAGAIN), quiet after the reader left (EPIPE);
 * and commander's help width and colours asked of the terminal only.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { commanderOutput, mayBeTerminal, standardWriter } from "../../cli/output";

const errno = (code: string) => Object.assign(new Error(code), { code });

function fakeStream() {
  const written: string[] = [];
  const handlers: Record<string, (error: NodeJS.ErrnoException) => void> = {};
  const stream = {
    write: (chunk: Buffer | string) => (written.push(String(chunk)), true),
    on: (event: string, handler: (error: NodeJS.ErrnoException) => void) => ((handlers[event] = handler), stream),
  };
  return { stream: stream as never, written, handlers };
}

describe("standardWriter", () => {
  it("writes each text with its newline to the descriptor, in as many writes as it takes, never opening the stream", () => {
    const writes: string[] = [];
    let opened = 0;
    const write = standardWriter(1, () => (opened++, fakeStream().stream), (_fd, bytes, offset) => {
      const n = Math.min(3, bytes.length - offset);
      writes.push(bytes.subarray(offset, offset + n).toString());
      return n;
    });
    write("hello");
    write("a\n");
    expect(writes.join("")).toBe("hello\na\n");
    expect(writes.length).toBeGreaterThan(2);
    expect(opened).toBe(0);
  });

  it("hands what is left to Node's stream when the descriptor refuses (EAGAIN), and everything after, in order", () => {
    const { stream, written } = fakeStream();
    const direct: string[] = [];
    let calls = 0;
    const write = standardWriter(1, () => stream, (_fd, bytes, offset) => {
      if (++calls === 2) throw errno("EAGAIN");
      direct.push(bytes.subarray(offset, offset + 4).toString());
      return Math.min(4, bytes.length - offset);
    });
    write("abcdefgh");
    write("next");
    expect(direct).toEqual(["abcd"]);
    expect(written).toEqual(["efgh\n", "next\n"]);
  });

  it("stops writing, without an error, once the reader has gone (EPIPE), directly or through the stream", () => {
    let calls = 0;
    const write = standardWriter(1, () => fakeStream().stream, () => {
      calls++;
      throw errno("EPIPE");
    });
    expect(() => write("one")).not.toThrow();
    write("two");
    expect(calls).toBe(1);

    const { stream, written, handlers } = fakeStream();
    const viaStream = standardWriter(2, () => stream, () => {
      throw errno("EAGAIN");
    });
    viaStream("first");
    handlers.error!(errno("EPIPE"));
    viaStream("second");
    expect(written).toEqual(["first\n"]);
  });

  it("throws any other write error", () => {
    const write = standardWriter(1, () => fakeStream().stream, () => {
      throw errno("EIO");
    });
    expect(() => write("x")).toThrow("EIO");
  });
});

describe("commander's help width and colours", () => {
  const defaults = {
    getOutHelpWidth: jest.fn(() => 132),
    getErrHelpWidth: jest.fn(() => 100),
    getOutHasColors: jest.fn(() => true),
    getErrHasColors: jest.fn(() => true),
  };
  const io = { stdout: () => undefined, stderr: () => undefined };
  beforeEach(() => Object.values(defaults).forEach((fn) => fn.mockClear()));

  it("asks commander's defaults (process.stdout / stderr) only for a descriptor that can be a terminal", () => {
    const output = commanderOutput(io, defaults, {}, (fd) => fd === 1);
    expect([output.getOutHelpWidth!(), output.getErrHelpWidth!()]).toEqual([132, undefined]);
    expect([output.getOutHasColors!(), output.getErrHasColors!()]).toEqual([true, false]);
    expect(defaults.getErrHelpWidth).not.toHaveBeenCalled();
    expect(defaults.getErrHasColors).not.toHaveBeenCalled();
  });

  it("still colours a pipe when FORCE_COLOR or CLICOLOR_FORCE says so, as commander does", () => {
    expect(commanderOutput(io, defaults, { FORCE_COLOR: "1" }, () => false).getOutHasColors!()).toBe(true);
    expect(commanderOutput(io, defaults, { CLICOLOR_FORCE: "" }, () => false).getErrHasColors!()).toBe(true);
    expect(commanderOutput(io, defaults, {}, () => false).getOutHasColors!()).toBe(false);
  });

  it("takes a file and /dev/null (a character device) for what they are: not a terminal", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "terminal-")), "out");
    const descriptors = [fs.openSync(file, "w"), fs.openSync("/dev/null", "w")];
    try {
      for (const fd of descriptors) expect(mayBeTerminal(fd as 1)).toBe(false);
    } finally {
      descriptors.forEach((fd) => fs.closeSync(fd));
    }
  });
});
