/** Extracts an artifact zip (the bytes a cloud would run) into a directory, with yauzl. */
import * as fs from "fs";
import * as path from "path";
import * as yauzl from "yauzl";

export async function extractZip(zipPath: string, targetDir: string): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, strictFileNames: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const written: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      const target = path.resolve(targetDir, entry.fileName);
      // A zip entry must stay inside the target ("zip slip").
      if (!target.startsWith(path.resolve(targetDir) + path.sep)) return reject(new Error(`zip entry ${entry.fileName} escapes ${targetDir}`));
      if (entry.fileName.endsWith("/")) {
        fs.mkdirSync(target, { recursive: true });
        return zip.readEntry();
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const out = fs.createWriteStream(target);
        out.on("error", reject);
        out.on("finish", () => {
          written.push(entry.fileName);
          zip.readEntry();
        });
        stream.pipe(out);
      });
    });
    zip.readEntry();
  });
  zip.close();
  return written.sort();
}
