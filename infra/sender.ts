/**
 * The IAM your sending service needs to use Rebound: a policy document (the `SenderPolicy`
 * output) with `SENDER_GRANTS` on this stage's exact ARNs, and the same document as a managed
 * policy (`SenderPolicyArn`) to attach to the service's role.
 */
import { permissionsOf, SENDER_GRANTS, targetArns } from './access.ts';
import type { Queues } from './queues.ts';
import type { Storage } from './storage.ts';

/** The policy JSON, and the managed policy's ARN when one is created. */
export interface SenderPolicy {
  json: $util.Output<string>;
  arn: $util.Output<string> | undefined;
}

/** Builds the document; creates the managed policy unless `managed` is false. */
export function createSenderPolicy(input: {
  storage: Storage;
  queues: Queues;
  managed: boolean;
}): SenderPolicy {
  const statements = permissionsOf(SENDER_GRANTS, targetArns(input.storage, input.queues));
  const json = aws.iam.getPolicyDocumentOutput({
    statements: statements.map((s) => ({ effect: 'Allow', ...s })),
  }).json;
  if (!input.managed) return { json, arn: undefined };
  const policy = new aws.iam.Policy('SenderPolicy', {
    namePrefix: `${$app.name}-${$app.stage}-sender-`,
    description: `Rebound (${$app.stage}): read suppressions, consume the retry-due queue`,
    policy: json,
  });
  return { json, arn: policy.arn };
}
