/** Reads a zip into memory (name -> bytes, plus the raw entry headers) with yauzl. */
import * as fs from "fs";
import * as path from "path";
import * as yauzl from "yauzl";

export interface ZipEntryInfo {
  readonly name: string;
  readonly bytes: Buffer;
  readonly mode: number;
  readonly lastModFileDate: number;
  readonly lastModFileTime: number;
  readonly extraFieldIds: number[];
}

export function readZip(source: string | Buffer): Promise<ZipEntryInfo[]> {
  const buffer = typeof source === "string" ? fs.readFileSync(source) : source;
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: ZipEntryInfo[] = [];
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            entries.push({
              name: entry.fileName,
              bytes: Buffer.concat(chunks),
              mode: (entry.externalFileAttributes >>> 16) & 0xffff,
              lastModFileDate: entry.lastModFileDate,
              lastModFileTime: entry.lastModFileTime,
              extraFieldIds: entry.extraFields.map((f) => f.id),
            });
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/** Unzips into a fresh directory under `parent` (under the project, so `require` finds node_modules like Lambda finds its runtime's SDK). */
export async function unzipTo(zipPath: string, parent: string): Promise<string> {
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, "unzipped-"));
  for (const entry of await readZip(zipPath)) {
    const file = path.join(dir, entry.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.bytes);
  }
  return dir;
}
