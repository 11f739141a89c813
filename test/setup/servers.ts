/**
 * The local servers tests run on — DynamoDB Local (Java), dynalite (in-process fallback) and
 * fauxqs (in-process SQS) — started by the same code as `npm start` (scripts/local/services.ts).
 */
import { type Service, startFauxqsService } from '../../scripts/local/services.ts';

export {
  freePort,
  hasJava,
  startDynalite,
  startDynamoLocal,
} from '../../scripts/local/services.ts';

/** A running server. */
export type LocalServer = Service;

/** Starts fauxqs in-process (optionally persisted in `dataDir`, on a fixed port for restarts). */
export const startSqs = startFauxqsService;
