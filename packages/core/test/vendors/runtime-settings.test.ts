/**
 * Runtime settings folded in by the adapters (`withRuntime`): what `rebound connect` stored is
 * added to the deployed settings; stored data is untrusted, so anything malformed is skipped.
 * The `pending` placeholders start a function that rejects every request.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashCredential } from '../../src/hashed-credential.ts';
import { loadVendor } from '../../src/vendors/registry.ts';

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
