import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import * as fs from "fs";
import * as path from "path";

const SCHEMA_DIR = path.resolve(__dirname, "../../../docs/events");

/** The envelope schema of docs/events/, with every payload schema it refers to. */
export function envelopeValidator(): (event: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  for (const file of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".schema.json"))) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")));
  }
  const validate = ajv.getSchema("https://schemas.semantest.com/infrastructure/envelope.schema.json")!;
  return (event) => (validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`));
}

/** Jest matcher-ish: fails with the schema errors of every invalid event. */
export function expectValidEvents(events: readonly unknown[]): void {
  const validate = envelopeValidator();
  const problems = events.flatMap((event, i) => validate(event).map((p) => `#${i} ${(event as { type?: string }).type}: ${p}`));
  expect(problems).toEqual([]);
}
