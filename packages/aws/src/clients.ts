/**
 * SDK client construction: explicit endpoints (local servers), `useQueueUrlAsEndpoint: false`
 * for SQS (fauxqs queue-URL hosts do not resolve), and a DocumentClient that drops undefined.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where the clients talk to; endpoints unset = the real AWS endpoints of the region. */
export interface ClientOptions {
  region?: string;
  dynamodbEndpoint?: string;
  sqsEndpoint?: string;
  /** Static credentials (local servers accept any). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** SDK retry attempts (default 3; tests lower it so a stopped server fails fast). */
  maxAttempts?: number;
}

/** The clients every handler needs. */
export interface AwsClients {
  dynamodb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  sqs: SQSClient;
}

/** Builds the DynamoDB, DocumentClient and SQS clients. */
export function createClients(opts: ClientOptions = {}): AwsClients {
  const region = opts.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const common = {
    region,
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  };
  const dynamodb = new DynamoDBClient({
    ...common,
    ...(opts.dynamodbEndpoint ? { endpoint: opts.dynamodbEndpoint } : {}),
  });
  const doc = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
  });
  const sqs = new SQSClient({
    ...common,
    ...(opts.sqsEndpoint ? { endpoint: opts.sqsEndpoint } : {}),
    useQueueUrlAsEndpoint: false,
  });
  return { dynamodb, doc, sqs };
}
