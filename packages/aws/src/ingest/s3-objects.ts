/**
 * The object reader a direct source gets (`DirectIo.readObject`): one GetObject on the
 * configured bucket, under the source's prefix, read with a size cap. A missing object is a
 * PayloadError (it will never appear), an object over the cap a PayloadTooLargeError (its bytes
 * are not read); any other S3 failure a DependencyError, so Lambda retries the event. Its own
 * entry (`@rebound/aws/s3`), imported lazily: only the inbound mail receiver loads the S3 SDK.
 */
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { type DirectIo, PayloadError, PayloadTooLargeError } from '@rebound/core';
import type { ClientOptions } from '../clients.ts';
import { dependencyError } from '../errors.ts';

/**
 * An S3 client. `endpoint` (local servers) switches to path-style addressing: a local server
 * has no per-bucket host names.
 */
export function createS3Client(
  opts: Pick<ClientOptions, 'region' | 'credentials' | 'maxAttempts'> & { endpoint?: string } = {},
): S3Client {
  return new S3Client({
    region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
  });
}

/** Where the reader reads: one bucket, one prefix (the function's IAM allows nothing else). */
export interface ObjectReaderOptions {
  s3: S3Client;
  bucket: string;
  prefix: string;
}

/** The bytes of a body, stopping (and destroying the stream) past `maxBytes`. */
async function capped(body: unknown, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = body as AsyncIterable<Uint8Array> & { destroy?: () => void };
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      stream.destroy?.();
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A `DirectIo` whose `readObject(name, maxBytes)` reads `<prefix><name>` from the bucket.
 *
 * @example createObjectReader({ s3, bucket: 'rebound-inbound', prefix: 'inbound/' }).readObject!(id, 10_485_760)
 */
export function createObjectReader(opts: ObjectReaderOptions): DirectIo {
  return {
    async readObject(name, maxBytes) {
      let out: GetObjectCommandOutput;
      try {
        out = await opts.s3.send(
          new GetObjectCommand({ Bucket: opts.bucket, Key: `${opts.prefix}${name}` }),
        );
      } catch (err) {
        const code = (err as { name?: string }).name;
        if (code === 'NoSuchKey') throw new PayloadError('s3: the stored object does not exist');
        throw dependencyError('s3', err);
      }
      const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
      if (!body) throw new PayloadError('s3: the stored object has no body');
      if ((out.ContentLength ?? 0) > maxBytes) {
        body.destroy?.();
        throw new PayloadTooLargeError(maxBytes);
      }
      try {
        return await capped(body, maxBytes);
      } catch (err) {
        if (err instanceof PayloadTooLargeError) throw err;
        throw dependencyError('s3', err);
      }
    },
  };
}
