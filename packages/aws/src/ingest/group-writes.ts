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

/**
 * Snapshots of many recipients at once (one BatchGetItem per 100 keys), and whether the
 * `probe` key exists. With `markers: false`
 * the events' markers are not read and every marker reads as absent: a plan folded from such a
 * snapshot writes each new marker on the condition that it does not exist yet, so a marker
 * that does exist cancels the transaction and the next round reads it (see `coversEvery`).
 */
export async function readSnapshots(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  groups: ReadonlyMap<string, readonly NormalizedEvent[]>,
  opts: { markers: boolean; probe?: string } = { markers: true },
): Promise<{ snaps: Map<string, GroupSnapshot>; probed: boolean }> {
  const keys: KeyRef[] = [];
  // One more State key read in the same request (the batch's rate marker: see event-processor).
  if (opts.probe) keys.push({ table: tables.state, attr: 'pk', value: opts.probe });
  for (const [email, events] of groups) {
    // A delivery only clears soft-bounce state: a delivery-only group needs no record, no marker.
    const deliveriesOnly = events.every((e) => e.kind === 'delivery');
    if (!deliveriesOnly) keys.push({ table: tables.suppressions, attr: 'email', value: email });
    keys.push({ table: tables.state, attr: 'pk', value: softKey(email) });
    if (opts.markers) keys.push(...markerKeys(tables, events));
  }
  const found = await batchGet(doc, keys);
  const out = new Map<string, GroupSnapshot>();
  for (const [email, events] of groups) {
    out.set(email, {
      record: recordFromItem(found.get(refId(tables.suppressions, email))),
      soft: softFromItem(found.get(refId(tables.state, softKey(email)))),
      markers: markersOf(tables, events, found),
    });
  }
  return { snaps: out, probed: opts.probe ? found.has(refId(tables.state, opts.probe)) : false };
}

/** Reads the markers of these groups' events into their snapshots (one BatchGetItem per 100). */
export async function readMarkers(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  groups: ReadonlyMap<string, readonly NormalizedEvent[]>,
  snaps: Map<string, GroupSnapshot>,
): Promise<void> {
  const found = await batchGet(
    doc,
    [...groups.values()].flatMap((e) => markerKeys(tables, e)),
  );
  for (const [email, events] of groups) {
    const snap = snaps.get(email);
    if (snap) snaps.set(email, { ...snap, markers: markersOf(tables, events, found) });
  }
}

/**
 * Whether a plan folded without reading markers is safe to write as is: every event that is
 * not a delivery gets a new marker (written only if absent). An event the fold left without a
 * marker (no change to make) might be one whose marker exists — a duplicate, or a pending
 * resend of a delivery that crashed — which only its marker tells: that group is folded again
 * with its markers read.
 */
export function coversEvery(plan: GroupPlan, events: readonly NormalizedEvent[]): boolean {
  const marked = new Set(plan.markers.map((m) => m.eventId));
  return events.every((e) => e.kind === 'delivery' || marked.has(e.id));
}

function markerKeys(tables: TableNames, events: readonly NormalizedEvent[]): KeyRef[] {
  return events
    .filter((e) => e.kind !== 'delivery')
    .map((e) => ({ table: tables.state, attr: 'pk', value: markerKey(e.id) }));
}

function markersOf(
  tables: TableNames,
  events: readonly NormalizedEvent[],
  found: Map<string, Record<string, unknown>>,
): Map<string, EventMarker | null> {
  const markers = new Map<string, EventMarker | null>();
  for (const e of events)
    markers.set(e.id, markerFromItem(found.get(refId(tables.state, markerKey(e.id)))));
  return markers;
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
