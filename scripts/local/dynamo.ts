/**
 * Which DynamoDB the local stack runs: DynamoDB Local when Java exists, else dynalite behind the
 * transaction shim. REBOUND_LOCAL_DYNAMODB=dynalite|dynamodb-local forces one (auto by default).
 */
import { startDynaliteWithTransactions } from './dynalite-tx.ts';
import { hasJava, type Service, startDynamoLocal } from './services.ts';

/** `auto` = DynamoDB Local if `java` runs, else dynalite. */
export type DynamoChoice = 'auto' | 'dynamodb-local' | 'dynalite';

const CHOICES: readonly DynamoChoice[] = ['auto', 'dynamodb-local', 'dynalite'];

/** Reads REBOUND_LOCAL_DYNAMODB (unset or empty = auto); throws on an unknown value. */
export function dynamoChoiceFromEnv(
  value: string | undefined = process.env.REBOUND_LOCAL_DYNAMODB,
): DynamoChoice {
  const v = (value ?? '').trim() || 'auto';
  if (!CHOICES.includes(v as DynamoChoice)) {
    throw new Error(`REBOUND_LOCAL_DYNAMODB must be one of ${CHOICES.join(', ')}; got "${value}"`);
  }
  return v as DynamoChoice;
}

/** Starts the chosen DynamoDB; `kind` is `dynamodb-local` or `dynalite`. */
export async function startLocalDynamo(choice: DynamoChoice): Promise<Service> {
  if (choice === 'dynalite') return startDynaliteWithTransactions();
  if (hasJava()) return startDynamoLocal();
  if (choice === 'dynamodb-local') {
    throw new Error('REBOUND_LOCAL_DYNAMODB=dynamodb-local needs Java, and `java -version` fails');
  }
  return startDynaliteWithTransactions();
}

/** One line for the startup banner. */
export function describeDynamo(kind: string): string {
  return kind === 'dynalite'
    ? 'dynalite (in-process, transactions emulated)'
    : 'DynamoDB Local (Java, in memory)';
}
