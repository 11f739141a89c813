/** Lambda entry point: the scheduled sync with the ESPs' own suppression lists. Wiring only. */
import { createSyncHandler } from '@rebound/aws/sync';
import { loadSyncConfig } from './lib/sync-config.ts';

/** The handler SST deploys as `functions/sync.handler` (on `SyncSchedule`, infra/sync.ts). */
export const handler = createSyncHandler(await loadSyncConfig());
