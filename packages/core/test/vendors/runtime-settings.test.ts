/**
 * Runtime settings folded in by the adapters (`withRuntime`): what `rebound connect` stored is
 * added to the deployed settings; stored data is untrusted, so anything malformed is skipped.
 * The `pending` placeholders start a function that rejects every request.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotConfiguredError } from '../../src/errors.ts';
import { hashCredential } from '../../src/hashed-credential.ts';
import { loadVendor, VENDORS } from '../../src/vendors/registry.ts';

const ecKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .publicKey.export({ type: 'spki', format: 'der' })
    .toString('base64');
const rsaKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');

const specOf = async (vendor: 'sendgrid' | 'postmark', key: string) => {
  const spec = (await loadVendor(vendor)).settings.find((s) => s.key === key);
  if (!spec) throw new Error(`no ${key}`);
  return spec;
};

describe('withRuntime', () => {
  it('SendGrid adds stored P-256 keys after the deployed ones and skips anything else', async () => {
    const sg = await loadVendor('sendgrid');
    const deployed = ecKey();
    const stored = ecKey();
    const merged = sg.withRuntime?.(
      { publicKeys: [deployed], maxAgeSeconds: 60, maxFutureSeconds: 60 },
      { publicKeys: [stored, rsaKey, 'not a key', 42, null] },
    );
    expect(merged).toEqual({
      publicKeys: [deployed, stored],
      maxAgeSeconds: 60,
      maxFutureSeconds: 60,
    });
    expect(sg.withRuntime?.({ publicKeys: [] }, { publicKeys: 'MFkw…' })).toEqual({
      publicKeys: [],
    });
  });

  it('Postmark keeps well-formed hashed credentials only', async () => {
    const pm = await loadVendor('postmark');
    const good = hashCredential('rebound', 'pw');
    const merged = pm.withRuntime?.(
      { credentials: [], allowedIps: [] },
      { credentials: [good, { user: 'x', salt: 's', sha256: 'short' }, 'rebound:pw'] },
    );
    expect(merged).toEqual({ credentials: [], allowedIps: [], hashed: [good] });
  });

  it('SES takes no runtime settings', async () => {
    expect((await loadVendor('ses')).withRuntime).toBeUndefined();
  });
});

describe('the pending placeholders', () => {
  it('parse to no key and no credentials (every request rejected), and are the deploy defaults', async () => {
    const keys = await specOf('sendgrid', 'publicKeys');
    const creds = await specOf('postmark', 'credentials');
    expect(keys.parse('pending')).toEqual([]);
    expect(creds.parse(' pending ')).toEqual([]);
    expect([keys.deployDefault, creds.deployDefault]).toEqual(['pending', 'pending']);
    expect(() => creds.parse('pend')).toThrow(/not user:password/);
  });
});

describe('every vendor deployed with its `pending` placeholder', () => {
  const pendingVendors = VENDORS.filter((v) =>
    v.settings.some((spec) => 'deployDefault' in spec && spec.deployDefault === 'pending'),
  );

  it('is at least SendGrid, Postmark, Mailgun and Resend', () => {
    expect(pendingVendors.map((v) => v.id)).toEqual(
      expect.arrayContaining(['sendgrid', 'postmark', 'mailgun', 'resend']),
    );
  });

  it.each(pendingVendors.map((v) => [v.id]))(
    '%s answers not-configured (503, the vendor retries), naming the setting, before reading anything',
    async (id) => {
      const adapter = await loadVendor(id as never);
      const settings = Object.fromEntries(
        adapter.settings.map((spec) => [
          spec.key,
          spec.parse(
            'deployDefault' in spec && spec.deployDefault === 'pending'
              ? 'pending'
              : (spec.default ?? ''),
          ),
        ]),
      );
      const req = { headers: {}, body: new TextEncoder().encode('{}') };
      const err = await adapter
        .receive(req, { settings, now: new Date(), http: { get: async () => '' } })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(NotConfiguredError);
      const pendingSpec = adapter.settings.find(
        (spec) => 'deployDefault' in spec && spec.deployDefault === 'pending',
      );
      expect((err as NotConfiguredError).setting).toBe(pendingSpec?.name);
    },
  );
});
