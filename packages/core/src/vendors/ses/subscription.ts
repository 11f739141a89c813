/**
 * SES Subscription events: old vs new topic preferences → unsubscribe, resubscribe, or no change
 * (ignored), with the topics and source as labels.
 */
import { asRecord, str } from '../shared/build-event.ts';

interface Prefs {
  all: boolean;
  out: Set<string>;
}

/** Reads a `subscription` object into the event kind and labels. */
export function subscriptionChange(o: Record<string, unknown>): {
  kind: 'unsubscribe' | 'resubscribe' | 'ignored';
  labels: string[];
} {
  const now = prefsOf(o.newTopicPreferences);
  const before = prefsOf(o.oldTopicPreferences);
  const source = str(o.source);
  const list = str(o.contactList);
  const labels = [
    'ses:Subscription',
    ...(source ? [`ses:source:${source}`] : []),
    ...(list ? [`ses:contact-list:${list}`] : []),
    ...[...now.out].map((t) => `ses:opt-out:${t}`),
  ];
  return { kind: subscriptionKind(now, before), labels };
}

/** unsubscribeAll flips decide; otherwise a topic newly opted out or back in; else no change. */
function subscriptionKind(now: Prefs, before: Prefs): 'unsubscribe' | 'resubscribe' | 'ignored' {
  if (now.all !== before.all) return now.all ? 'unsubscribe' : 'resubscribe';
  if ([...now.out].some((t) => !before.out.has(t))) return 'unsubscribe';
  if ([...before.out].some((t) => !now.out.has(t))) return 'resubscribe';
  return 'ignored';
}

function prefsOf(v: unknown): Prefs {
  const p = asRecord(v) ?? {};
  const out = new Set<string>();
  for (const t of Array.isArray(p.topicSubscriptionStatus) ? p.topicSubscriptionStatus : []) {
    const r = asRecord(t);
    const name = str(r?.topicName);
    if (name && r?.subscriptionStatus === 'OptOut') out.add(name);
  }
  return { all: p.unsubscribeAll === true, out };
}
