/**
 * The shapes of the API answers the page reads (GET /stats, /recent, /suppressions/{address},
 * /export): written out here because the page's bundle takes nothing from the server packages.
 */

/** A flag on a rates row (`@rebound/core` rates/thresholds.ts). */
export type RateFlag = 'bounce-warn' | 'bounce-critical' | 'complaint-warn' | 'complaint-critical';

/** One day, stream and sending domain. */
export interface RateRow {
  day: string;
  stream: string;
  domain: string;
  delivered: number;
  hard: number;
  soft: number;
  complaints: number;
  volume: number;
  bouncePct: number | null;
  complaintPct: number | null;
  flags: RateFlag[];
}

/** GET /stats. */
export interface Stats {
  days: string[];
  rates: RateRow[];
  streams: string[];
  domains: string[];
  mix: { day: string; actions: Record<string, number> }[];
  reasons: { reason: string; provider: string; count: number }[];
  thresholds: {
    complaintWarn: number;
    complaintCritical: number;
    bounceWarn: number;
    bounceCritical: number;
    minVolume: number;
  };
  cost: { readUnits: number; requests: number };
}

/** One entry of GET /recent. */
export interface RecentEntry {
  at: string;
  vendor: string;
  kind: string;
  to: string;
  masked?: true;
  provider: string;
  action: string;
  reason: string;
  rule: string;
  source: string;
  reply: string;
  stream: string;
  from: string;
  echo?: true;
}

/** A suppression record as the API returns it (the fields the page shows). */
export interface SuppressionRecord {
  email: string;
  scope?: string;
  address?: string;
  status: 'suppressed' | 'unsuppressed' | 'probation';
  action: string;
  reason: string;
  rule: string;
  vendor: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  expiresAt?: number;
  reply: { code: number | null; enhanced: string | null; text: string } | null;
  lifted?: { at: string; by: string; why: string };
  evidence: {
    eventId: string;
    vendor: string;
    kind: string;
    at: string;
    reason: string;
    rule: string;
    echo: boolean;
    reply: { code: number | null; enhanced: string | null; text: string } | null;
    note?: string;
  }[];
  history?: {
    at: string;
    by: string;
    change: string;
    reason?: string;
    rule?: string;
    rulesVersion?: string;
    why?: string;
  }[];
}

/** GET /suppressions/{address} (200 while suppressed, 404 otherwise, same body). */
export interface AddressView {
  email: string;
  stream?: string;
  suppressed: boolean;
  record: SuppressionRecord | null;
  records: SuppressionRecord[];
}

/** GET /export. */
export interface ExportPage {
  header: string;
  lines: string;
  rows: number;
  scanned: number;
  next: string | null;
}
