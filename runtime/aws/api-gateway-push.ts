/** API Gateway's connections for a REST function, on either cloud: the registry and `@connections` calls the WebSocket function makes. */
import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ApiGatewayConnections } from "./connections";
import { ConnectionRegistry } from "./registry";

export interface ApiGatewayTarget {
  readonly endpoint: string;
  readonly tableName: string;
  readonly region: string;
  /** Other credentials than the default chain (a REST function on Azure). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function apiGatewayConnections(target: ApiGatewayTarget): ApiGatewayConnections {
  const config = { region: target.region, ...(target.credentials ? { credentials: { ...target.credentials } } : {}) };
  const registry = new ConnectionRegistry({ tableName: target.tableName, client: DynamoDBDocumentClient.from(new DynamoDBClient(config)) });
  return new ApiGatewayConnections({ client: new ApiGatewayManagementApiClient({ ...config, endpoint: target.endpoint }), registry });
}

