/**
 * A local Secrets Manager that answers `GetSecretValue` for the secrets the gateway puts in it (the
 * Web PubSub connection string a REST Lambda pushing to Azure reads, runtime/aws/push.ts), so the
 * Lambda's real code path (SecretsManagerClient, endpoint from AWS_ENDPOINT_URL_SECRETS_MANAGER)
 * runs locally. Wire format: the awsJson1_1 protocol, `X-Amz-Target: secretsmanager.<Operation>`
 * (Secrets Manager API Reference, "GetSecretValue": request `{SecretId}`, response `{ARN, Name,
 * SecretString, VersionId, VersionStages, CreatedDate}`; errors `{__type, message}` with HTTP 400).
 */
import { randomUUID } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { answerClientErrors, guardRequests } from "../safe-input";
import { readBody } from "./http-api";

const MAX_REQUEST_BYTES = 64 * 1024;
const JSON_TYPE = "application/x-amz-json-1.1";

export interface LocalSecretsManager {
  /** Stores a secret and returns its ARN. */
  put(name: string, value: string): string;
  readonly endpoint: string;
  close(): Promise<void>;
}

function fail(res: http.ServerResponse, type: string, message: string): void {
  res.writeHead(400, { "content-type": JSON_TYPE }).end(JSON.stringify({ __type: type, message }));
}

export async function startSecretsManager(region: string, host = "127.0.0.1"): Promise<LocalSecretsManager> {
  const secrets = new Map<string, { name: string; value: string; version: string; created: number }>();
  const server = http.createServer(
    guardRequests(async (req, res) => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const body = await readBody(req, MAX_REQUEST_BYTES);
      if (req.method !== "POST" || target !== "secretsmanager.GetSecretValue") {
        return fail(res, "InvalidRequestException", `${req.method} ${target || "(no X-Amz-Target)"} is not served here; allowed: POST secretsmanager.GetSecretValue`);
      }
      if (!body) return fail(res, "InvalidRequestException", `the request is larger than ${MAX_REQUEST_BYTES} bytes`);
      let secretId: unknown;
      try {
        secretId = (JSON.parse(body.toString("utf8")) as { SecretId?: unknown } | null)?.SecretId;
      } catch {
        return fail(res, "InvalidRequestException", "the request body is not JSON; expected {\"SecretId\": \"<arn or name>\"}");
      }
      const secret = typeof secretId === "string" ? (secrets.get(secretId) ?? [...secrets.entries()].find(([, s]) => s.name === secretId)?.[1]) : undefined;
      const arn = typeof secretId === "string" && secrets.has(secretId) ? secretId : [...secrets.entries()].find(([, s]) => s === secret)?.[0];
      if (!secret || !arn) return fail(res, "ResourceNotFoundException", `Secrets Manager can't find the specified secret: ${JSON.stringify(secretId)}`);
      res.writeHead(200, { "content-type": JSON_TYPE }).end(
        JSON.stringify({ ARN: arn, Name: secret.name, SecretString: secret.value, VersionId: secret.version, VersionStages: ["AWSCURRENT"], CreatedDate: secret.created / 1000 }),
      );
    }),
  );
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    put(name, value) {
      // A real ARN ends in `-` plus 6 random characters.
      const arn = `arn:aws:secretsmanager:${region}:000000000000:secret:${name}-${randomUUID().slice(0, 6)}`;
      secrets.set(arn, { name, value, version: randomUUID(), created: Date.now() });
      return arn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
