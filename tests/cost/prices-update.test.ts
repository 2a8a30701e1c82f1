/**
 * `semantest-iac prices update` with the real clients (@aws-sdk/client-pricing, Azure's
 * core-rest-pipeline) against local recorders answering in the APIs' documented shapes: every
 * price of both books is read, the books are written deterministically and only when everything
 * was read, and each bad answer fails naming the price, the field and the value.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AwsPriceListClient } from "../../adapters/prices/aws-price-list";
import { AzureRetailPricesClient } from "../../adapters/prices/azure-retail-prices";
import { PriceBookFolder } from "../../adapters/prices/files";
import { AWS_PRICE_KEYS, AWS_US_EAST_1, AZURE_PRICE_KEYS, AZURE_WESTEUROPE, parsePriceBook, serializePriceBook } from "../../application/cost";
import { PriceSources, updatePrices } from "../../application/cost/update";
import { OperationError } from "../../application/errors";
import { run } from "../../cli/main";
import { PROJECT_DIR } from "../support/pulumi-harness";
import { AwsPricingRecorder, startAwsPricingRecorder, usEast1Products } from "./recorders/aws-pricing";
import { AzureRetailRecorder, startAzureRetailRecorder, westEuropeItems } from "./recorders/azure-retail";

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };

describe("prices update against the Price List and Retail Prices recorders", () => {
  let aws: AwsPricingRecorder;
  let azure: AzureRetailRecorder;
  let dir: string;
  let sources: PriceSources;
  beforeAll(async () => {
    aws = await startAwsPricingRecorder(usEast1Products(), 1);
    azure = await startAzureRetailRecorder(westEuropeItems(), 1);
    sources = { aws: () => new AwsPriceListClient({ endpoint: aws.url, credentials: CREDENTIALS }), azure: () => new AzureRetailPricesClient(`${azure.url}/api/retail/prices`, 5) };
  });
  afterAll(async () => {
    await aws.close();
    await azure.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "semantest-prices-"));
    aws.state.products = usEast1Products();
    aws.state.raw = undefined;
    azure.state.items = westEuropeItems();
    azure.state.override = undefined;
    aws.calls.length = 0;
    azure.calls.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const update = (clouds: ("aws" | "azure")[] = ["aws", "azure"], dryRun = false) => updatePrices(sources, new PriceBookFolder(dir), { clouds, today: "2026-12-01", dryRun });
  const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");

  it("reads every price at the books' figures: nothing changed, both books written with the new date and the offers they came from", async () => {
    const result = await update();
    expect(result.books.map((b) => [b.file, b.changes.length, b.unchanged])).toEqual([
      ["aws-us-east-1.json", 0, AWS_PRICE_KEYS.length],
      ["azure-westeurope.json", 0, AZURE_PRICE_KEYS.length - 1],
    ]);
    expect(result.books[1].kept).toEqual([expect.stringMatching(/^webPubSubFreeUnitDay: /)]);
    const awsBook = parsePriceBook(JSON.parse(read("aws-us-east-1.json")), AWS_PRICE_KEYS, "aws");
    const azureBook = parsePriceBook(JSON.parse(read("azure-westeurope.json")), AZURE_PRICE_KEYS, "azure");
    if (!awsBook.ok || !azureBook.ok) throw new Error("a written book does not parse");
    expect(awsBook.value.asOf).toBe("2026-12-01");
    expect(awsBook.value.method).toBe("aws-price-list");
    for (const key of AWS_PRICE_KEYS) expect(awsBook.value.prices[key].usd).toBe(AWS_US_EAST_1.prices[key].usd);
    for (const key of AZURE_PRICE_KEYS) expect(azureBook.value.prices[key].usd).toBe(AZURE_WESTEUROPE.prices[key].usd);
    // The chosen offers, not their neighbours: x86 first tier, not the free tier or the next tier.
    expect(awsBook.value.prices.lambdaGbSecondX86.note).toContain("sku TG3M4CAGBA3NYQBH");
    expect(awsBook.value.prices.dynamodbStorage.note).toContain("sku STORAGEDDB000001");
    expect(azureBook.value.prices.logAnalyticsIngestion.note).toContain("from 5");
    expect(azureBook.value.prices.flexOnDemandExecution.note).toContain("per 10");
    // Every page was read: the recorders page by 2.
    expect(aws.calls.filter((c) => JSON.parse(c.body).NextToken).length).toBeGreaterThan(0);
    expect(azure.calls.filter((c) => c.query.$skip).length).toBeGreaterThan(0);
    expect(azure.calls[0].query["api-version"]).toBe("2023-01-01-preview");
    expect(azure.calls[0].query.$filter).toBe("serviceName eq 'Functions' and armRegionName eq 'westeurope' and meterName eq 'On Demand Execution Time' and priceType eq 'Consumption'");
  });

  it("writes the same bytes for the same answers (deterministic), and the shipped books keep that form", async () => {
    await update();
    const first = [read("aws-us-east-1.json"), read("azure-westeurope.json")];
    await update();
    expect([read("aws-us-east-1.json"), read("azure-westeurope.json")]).toEqual(first);
    expect(fs.readdirSync(dir).sort()).toEqual(["aws-us-east-1.json", "azure-westeurope.json"]);
    // The books in the repository are in the form the command writes: an update diffs only figures.
    const shipped = path.join(PROJECT_DIR, "application/cost/prices/books");
    expect(fs.readFileSync(path.join(shipped, "aws-us-east-1.json"), "utf8")).toBe(serializePriceBook(AWS_US_EAST_1, AWS_PRICE_KEYS));
    expect(fs.readFileSync(path.join(shipped, "azure-westeurope.json"), "utf8")).toBe(serializePriceBook(AZURE_WESTEUROPE, AZURE_PRICE_KEYS));
  });

  it("reports each changed price with before and after, and writes the new figure", async () => {
    aws.state.products = usEast1Products().map((p) => (p.sku === "TG3M4CAGBA3NYQBH" ? { ...p, dimensions: [["Lambda-GB-Second", "0", "0.0000170000", "AWS Lambda - Total Compute"]] as const } : p));
    azure.state.items = westEuropeItems().map((i) => (i.meterName === "Standard Unit" ? { ...i, retailPrice: 1.7 } : i));
    const result = await update();
    expect(result.books[0].changes).toEqual([{ price: "lambdaGbSecondX86", before: 0.0000166667, after: 0.000017, unit: "GB-second" }]);
    expect(result.books[1].changes).toEqual([{ price: "webPubSubStandardUnitDay", before: 1.61, after: 1.7, unit: "unit-day" }]);
    expect(JSON.parse(read("aws-us-east-1.json")).prices.lambdaGbSecondX86.usd).toBe(0.000017);
    expect(JSON.parse(read("azure-westeurope.json")).prices.webPubSubStandardUnitDay.usd).toBe(1.7);
  });

  it("--dry-run compares and writes nothing", async () => {
    const result = await update(["aws", "azure"], true);
    expect(result.writtenTo).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  describe("a bad answer fails naming it, and nothing is written (not even the other cloud's book)", () => {
    const failure = async (clouds?: ("aws" | "azure")[]) => {
      const error = await update(clouds).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(OperationError);
      expect(fs.readdirSync(dir)).toEqual([]);
      return (error as OperationError).message;
    };

    it("a product that is not JSON", async () => {
      aws.state.raw = (p) => (p.sku === "GU2ZS9HVP6QTQ7KE" ? '{"product": {' : undefined);
      expect(await failure()).toMatch(/aws lambdaRequest: GetProducts AWSLambda failed: GetProducts AWSLambda: PriceList\[\d\] of page \d is not JSON/);
    });

    it("a price in a unit the book does not know", async () => {
      aws.state.products = usEast1Products().map((p) => (p.sku === "ZTYDQQRYCEQRQCCK" ? { ...p, dimensions: [["1K Requests", "0", "0.001", "HTTP API"]] as const } : p));
      expect(await failure()).toContain('aws httpApiRequest: sku "ZTYDQQRYCEQRQCCK": unit is "1K Requests"; allowed: Requests');
    });

    it("a price that is not a number, a zero price, a missing product, two candidates", async () => {
      aws.state.products = usEast1Products()
        .map((p) => (p.sku === "NATHOURS00000001" ? { ...p, dimensions: [["Hrs", "0", "0.045 USD", "NAT"]] as const } : p))
        .map((p) => (p.sku === "NATBYTES00000001" ? { ...p, dimensions: [["GB", "0", "0.0000000000", "NAT"]] as const } : p))
        .filter((p) => p.sku !== "PUBIPV4INUSE0001")
        .concat([{ ...usEast1Products().find((p) => p.sku === "S3TIER1000000001")!, sku: "S3TIER1DUPLICATE" }]);
      const message = await failure(["aws"]);
      expect(message).toContain('aws natGatewayHour: sku "NATHOURS00000001": pricePerUnit.USD is "0.045 USD"; expected a decimal string');
      expect(message).toContain('aws natGatewayData: sku "NATBYTES00000001": pricePerUnit.USD is "0.0000000000"; a zero price is a free-tier dimension');
      expect(message).toContain("aws publicIpv4Hour: no product of AmazonVPC in us-east-1 with usagetype PublicIPv4:InUseAddress or USE1-PublicIPv4:InUseAddress among 1 (usage types: PublicIPv4:IdleAddress)");
      expect(message).toContain('aws s3Put: 2 products of AmazonS3 in us-east-1 with usagetype Requests-Tier1 or USE1-Requests-Tier1; expected exactly one (skus "S3TIER1000000001", "S3TIER1DUPLICATE")');
    });

    it("Azure answering 500, or a page without Items, or prices in another currency", async () => {
      azure.state.override = { status: 500, body: '{"Message":"An error has occurred."}' };
      expect(await failure()).toContain('azure flexOnDemandGbSecond: Retail Prices query failed: the Retail Prices API answered 500: {"Message":"An error has occurred."}');
      azure.state.override = { status: 200, body: '{"BillingCurrency":"USD","Count":0}' };
      expect(await failure(["azure"])).toContain("the Retail Prices API's page 1 has no Items array");
      azure.state.override = undefined;
      azure.state.items = westEuropeItems().map((i) => (i.meterName === "Hot LRS Data Stored" ? { ...i, currencyCode: "EUR" } : i));
      expect(await failure(["azure"])).toMatch(/azure blobHotLrsStorage: Items\[\d\]\.currencyCode is "EUR"; allowed: "USD"/);
    });

    it("a NextPageLink to another host is not followed", async () => {
      azure.state.override = { status: 200, body: JSON.stringify({ Items: [], NextPageLink: "https://attacker.example/api/retail/prices?$skip=2" }) };
      expect(await failure(["azure"])).toContain('NextPageLink "https://attacker.example/api/retail/prices?$skip=2" is not on http://127.0.0.1');
    });
  });

  describe("through the CLI (in-process, the environment pointing the clients at the recorders)", () => {
    const saved = { ...process.env };
    beforeAll(() => Object.assign(process.env, { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1" }));
    afterAll(() => {
      for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) if (saved[key] === undefined) delete process.env[key];
    });
    const cli = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const env = { ...process.env, NO_COLOR: "1", AWS_ENDPOINT_URL_PRICING: aws.url, SEMANTEST_IAC_AZURE_RETAIL_PRICES_URL: `${azure.url}/api/retail/prices` };
      const code = await run(argv, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) }, PROJECT_DIR, env);
      return { code, stdout: out.join("\n"), stderr: err.join("\n") };
    };

    it("prints what changed and where it wrote, exit 0", async () => {
      azure.state.items = westEuropeItems().map((i) => (i.meterName === "Standard Message" ? { ...i, retailPrice: 1.1 } : i));
      const result = await cli(["prices", "update", "--dir", dir]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^aws-us-east-1\.json \(AWS Price List API, us-east-1, as of \d{4}-\d{2}-\d{2}\): no price changed, 18 unchanged$/m);
      expect(result.stdout).toContain("azure-westeurope.json (Azure Retail Prices API, westeurope, as of");
      expect(result.stdout).toContain("  webPubSubMessage  $0.000001 → $0.0000011 per message (2 KB) (+10.0%)");
      expect(result.stdout).toContain(`Written to ${dir}`);
    });

    it("--json: the result document; a failure exits 1 with the problems and writes nothing", async () => {
      const ok = await cli(["prices", "update", "--cloud", "azure", "--dir", dir, "--json", "--dry-run"]);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ writtenTo: null, books: [{ cloud: "azure", changes: [] }] });
      azure.state.override = { status: 200, body: "<html>maintenance</html>" };
      const bad = await cli(["prices", "update", "--dir", dir, "--json"]);
      expect(bad.code).toBe(1);
      const error = JSON.parse(bad.stdout).error;
      expect(error.code).toBe("PRICES_UNREADABLE");
      expect(error.problems[0]).toMatch(/^azure flexOnDemandGbSecond: Retail Prices query failed: the Retail Prices API's page 1 is not JSON \(.*\): <html>maintenance<\/html>$/);
      expect(error.problems[1]).toBe("azure flexOnDemandExecution: not asked (the Retail Prices API failed for azure flexOnDemandGbSecond)");
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it("refuses an unknown cloud (exit 2, naming what is allowed)", async () => {
      const result = await cli(["prices", "update", "--cloud", "gcp"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Allowed choices are aws, azure");
    });
  });
});
