/**
 * The price books on disk. Each file is replaced whole: written to a temporary file in the same
 * folder, flushed, then renamed over the old one (rename is atomic on one file system), so a crash
 * or a full disk leaves the old book or the new one, never half of either.
 */
import * as fs from "fs";
import * as path from "path";
import type { PriceBookFiles } from "../../application/cost/update";

/** Where the estimator reads its books from (application/cost/prices/books). */
export const SHIPPED_BOOKS_DIR = path.resolve(__dirname, "../../application/cost/prices/books");

export class PriceBookFolder implements PriceBookFiles {
  constructor(readonly dir: string = SHIPPED_BOOKS_DIR) {}

  async write(file: string, text: string): Promise<void> {
    const target = path.join(this.dir, file);
    const temporary = path.join(this.dir, `.${file}.${process.pid}.tmp`);
    await fs.promises.mkdir(this.dir, { recursive: true });
    const handle = await fs.promises.open(temporary, "w");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.promises.rename(temporary, target);
    } catch (error) {
      await fs.promises.rm(temporary, { force: true });
      throw error;
    }
  }
}
