/**
 * Recording stand-ins for SST's globals (`$config`, `$app`, `$interpolate`, `sst`, `aws`), so
 * sst.config.ts can be evaluated offline and the resources it declares inspected.
 */

/** One constructed component, subscription or data-source call. */
export interface Recorded {
  /** Dotted constructor path, e.g. `sst.aws.Function` or `aws.sns.TopicSubscription`. */
  type: string;
  name: string;
  args: Record<string, unknown>;
}

/** A readable placeholder for an output, e.g. `<RetryDlq.arn>`. */
function placeholder(path: string): string {
  return `<${path}>`;
}

/** A deep object whose leaves (`name`, `arn`, `url`, `id`) are placeholder strings. */
function outputs(path: string): unknown {
  return new Proxy(
    {},
    {
      get(_t, prop) {
        if (typeof prop !== 'string') return undefined;
        if (['name', 'arn', 'url', 'id', 'accountId', 'json'].includes(prop)) {
          return placeholder(`${path}.${prop}`);
        }
        return outputs(`${path}.${prop}`);
      },
    },
  );
}

/** Installs the globals on `globalThis`; returns the recording and a restore function. */
export function installSstStubs(stage: string): { recorded: Recorded[]; restore: () => void } {
  const recorded: Recorded[] = [];
  const makeClass = (type: string) =>
    class Stub {
      constructor(name: string, args: unknown = {}) {
        const a = (typeof args === 'object' && args !== null ? args : { value: args }) as Record<
          string,
          unknown
        >;
        recorded.push({ type, name, args: a });
        const self = this as Record<string, unknown>;
        self.__name = name;
        self.__type = type;
        for (const key of ['name', 'arn', 'url', 'id']) self[key] = placeholder(`${name}.${key}`);
        self.nodes = outputs(`${name}.nodes`);
        // sst.aws.Queue#subscribe(fn, args) and sst.aws.SnsTopic#subscribe(name, fn, args).
        self.subscribe = (...params: unknown[]) => {
          const named = typeof params[0] === 'string' && type === 'sst.aws.SnsTopic';
          const subName = named ? (params[0] as string) : `${name}Subscriber`;
          const [subscriber, subArgs] = named ? params.slice(1) : params;
          recorded.push({
            type: `${type}#subscribe`,
            name: subName,
            args: { target: name, subscriber, ...((subArgs as object) ?? {}) },
          });
          return { nodes: outputs(`${subName}.nodes`) };
        };
      }
    };
  const namespace = (path: string): unknown =>
    new Proxy(
      {},
      {
        get(_t, prop) {
          if (typeof prop !== 'string') return undefined;
          const full = `${path}.${prop}`;
          if (prop === 'permission') return (args: object) => ({ type: 'aws.permission', ...args });
          if (/^get[A-Z]/.test(prop)) {
            return (args: Record<string, unknown> = {}) => {
              recorded.push({ type: full, name: prop, args });
              return prop.startsWith('getPolicyDocument')
                ? { json: JSON.stringify(args) }
                : outputs(full);
            };
          }
          return /^[A-Z]/.test(prop) ? makeClass(full) : namespace(full);
        },
      },
    );
  const g = globalThis as Record<string, unknown>;
  const saved = ['$config', '$app', '$interpolate', 'sst', 'aws'].map((k) => [k, g[k]] as const);
  g.$config = (c: unknown) => c;
  g.$app = { name: 'rebound', stage, removal: 'remove', protect: false, providers: {} };
  g.$interpolate = (strings: TemplateStringsArray, ...values: unknown[]) =>
    strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  g.sst = namespace('sst');
  g.aws = namespace('aws');
  return {
    recorded,
    restore: () => {
      for (const [k, v] of saved) g[k] = v;
    },
  };
}
