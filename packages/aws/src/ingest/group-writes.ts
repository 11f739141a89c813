/**
 * Reads what the stores hold for a set of recipients and turns a folded group plan into
 * transaction items (record, soft state, markers), each guarded by the version it was read at.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventMarker, GroupPlan, GroupSnapshot, NormalizedEvent } from '@rebound/core';
import { batchGet, type KeyRef, refId } from '../ddb/batch-get.ts';
import {
  markerFromItem,
  markerItem,
  markerKey,
  recordFromItem,
  softFromItem,
  softItem,
  softKey,
  type TableNames,
} from '../ddb/items.ts';
import type { TxItem } from '../ddb/transact.ts';

/** Snapshots of many recipients at once (one BatchGetItem per 100 keys). */
export async function readSnapshots(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  groups: ReadonlyMap<string, readonly NormalizedEvent[]>,
): Promise<Map<string, GroupSnapshot>> {
  const keys: KeyRef[] = [];
  for (const [email, events] of groups) {
    // A delivery only clears soft-bounce state: a delivery-only group needs no record, no marker.
    const deliveriesOnly = events.every((e) => e.kind === 'delivery');
    if (!deliveriesOnly) keys.push({ table: tables.suppressions, attr: 'email', value: email });
    keys.push({ table: tables.state, attr: 'pk', value: softKey(email) });
    for (const e of events) {
      if (e.kind !== 'delivery')
        keys.push({ table: tables.state, attr: 'pk', value: markerKey(e.id) });
    }
  }
  const found = await batchGet(doc, keys);
  const out = new Map<string, GroupSnapshot>();
  for (const [email, events] of groups) {
    const markers = new Map<string, EventMarker | null>();
    for (const e of events)
      markers.set(e.id, markerFromItem(found.get(refId(tables.state, markerKey(e.id)))));
    out.set(email, {
      record: recordFromItem(found.get(refId(tables.suppressions, email))),
      soft: softFromItem(found.get(refId(tables.state, softKey(email)))),
      markers,
    });
  }
  return out;
}

/** The transaction items that make a group plan durable. */
export function groupItems(tables: TableNames, plan: GroupPlan, snap: GroupSnapshot): TxItem[] {
  const items: TxItem[] = [];
  if (plan.record) {
    items.push({
      kind: 'put',
      table: tables.suppressions,
      keyAttr: 'email',
      item: { ...plan.record },
      expected: snap.record ? snap.record.version : null,
    });
  }
  if (plan.soft === null && snap.soft) {
    items.push({
      kind: 'delete',
      table: tables.state,
      keyAttr: 'pk',
      key: softKey(plan.email),
      expected: snap.soft.version,
    });
  } else if (plan.soft) {
    items.push({
      kind: 'put',
      table: tables.state,
      keyAttr: 'pk',
      item: softItem(plan.soft),
      expected: snap.soft ? snap.soft.version : null,
    });
  }
  for (const m of plan.markers) {
    const prev = snap.markers.get(m.eventId) ?? null;
    items.push({
      kind: 'put',
      table: tables.state,
      keyAttr: 'pk',
      item: markerItem(m),
      expected: prev ? prev.version : null,
    });
  }
  return items;
}
