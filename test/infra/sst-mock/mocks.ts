/**
 * Pulumi's unit-test mocks (`pulumi.runtime.setMocks`) for a Rebound deploy: every resource
 * SST's real components register is recorded with its real inputs and given invented,
 * recognizable outputs (ARNs, URLs, names derived from the logical name), and the data
 * sources SST calls are answered. The AWS provider is absent, so nothing else is computed.
 */

/** The account and region every invented ARN uses. */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** One resource as registered: its Pulumi type, logical name and inputs, plus invented state. */
export interface MockResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  /** The resource options the engine would see (the mocks API itself does not pass them). */
  options: ResourceOptionsSeen;
}

/** Options from the engine request: the parent's URN, retain-on-delete and protect. */
export interface ResourceOptionsSeen {
  parent: string;
  retainOnDelete: boolean;
  protect: boolean;
  /** URNs this resource explicitly depends on (`dependsOn`), plus its inputs' resources. */
  dependencies: string[];
}

/** The getters of Pulumi's RegisterResourceRequest the recorder reads. */
export interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getRetainondelete(): boolean;
  getProtect(): boolean;
  getDependenciesList(): string[];
}

/** One data-source call (invoke). */
export interface MockCall {
  token: string;
  inputs: Record<string, unknown>;
}

interface MockResourceArgs {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  custom?: boolean;
  id?: string;
}

/** A single value stays a string, several an array: how the AWS provider renders policies. */
const one = (list: unknown) =>
  Array.isArray(list) && list.length === 1 ? list[0] : (list as unknown[] | undefined);

interface PolicyStatementInput {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** `aws.iam.getPolicyDocument`'s `json`, rendered from its input statements as the provider does. */
export function renderPolicyDocument(inputs: Record<string, unknown>): string {
  const statements = (inputs.statements ?? []) as PolicyStatementInput[];
  const Statement = statements.map((s) => {
    const rendered: Record<string, unknown> = {};
    if (s.sid) rendered.Sid = s.sid;
    rendered.Effect = s.effect ?? 'Allow';
    if (s.actions?.length) rendered.Action = one(s.actions);
    if (s.notActions?.length) rendered.NotAction = one(s.notActions);
    if (s.resources?.length) rendered.Resource = one(s.resources);
    if (s.notResources?.length) rendered.NotResource = one(s.notResources);
    if (s.principals?.length) {
      rendered.Principal = Object.fromEntries(
        s.principals.map((p) => [p.type, one(p.identifiers)]),
      );
    }
    if (s.conditions?.length) {
      const byTest: Record<string, Record<string, unknown>> = {};
      for (const c of s.conditions) {
        byTest[c.test] = { ...byTest[c.test], [c.variable]: one(c.values) };
      }
      rendered.Condition = byTest;
    }
    return rendered;
  });
  return JSON.stringify({ Version: inputs.version ?? '2012-10-17', Statement }, null, 2);
}

/** The outputs AWS would compute, invented from the logical name so references are readable. */
function invent(type: string, name: string, inputs: Record<string, unknown>) {
  const physical = String(inputs.name ?? name);
  const [pkg = '', mod = ''] = type.split(':');
  const service = mod.split('/')[0] ?? '';
  const arnIn = (svc: string, resource: string, region = REGION) =>
    `arn:aws:${svc}:${region}:${ACCOUNT}:${resource}`;
  if (pkg === 'random') {
    return { base64: Buffer.alloc(32).toString('base64'), hex: '00'.repeat(32), result: name };
  }
  switch (type) {
    case 'aws:dynamodb/table:Table':
      return { arn: arnIn('dynamodb', `table/${physical}`), name: physical };
    case 'aws:sqs/queue:Queue':
      return {
        arn: arnIn('sqs', physical),
        name: physical,
        url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${physical}`,
      };
    case 'aws:sns/topic:Topic':
      return { arn: arnIn('sns', physical), name: physical };
    case 'aws:lambda/function:Function':
      return {
        arn: arnIn('lambda', `function:${physical}`),
        name: physical,
        invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/functions/${physical}`,
      };
    case 'aws:lambda/functionUrl:FunctionUrl':
      return { functionUrl: `https://${name.toLowerCase()}.lambda-url.${REGION}.on.aws/` };
    case 'aws:iam/role:Role':
      return { arn: `arn:aws:iam::${ACCOUNT}:role/${physical}`, name: physical };
    case 'aws:iam/policy:Policy':
      return { arn: `arn:aws:iam::${ACCOUNT}:policy/${physical}`, name: physical };
    case 'aws:cloudwatch/logGroup:LogGroup':
      return { arn: arnIn('logs', `log-group:${physical}`), name: physical };
    case 'aws:s3/bucket:Bucket': {
      // Pulumi names a bucket `<logical name, lower-cased>-<random>`; S3 ARNs carry no region.
      const bucket = String(inputs.bucket ?? `${name.toLowerCase()}-0a1b2c3`);
      return { arn: `arn:aws:s3:::${bucket}`, bucket };
    }
    case 'aws:ses/receiptRuleSet:ReceiptRuleSet':
      return { arn: arnIn('ses', `receipt-rule-set/${String(inputs.ruleSetName)}`) };
    case 'aws:sesv2/configurationSet:ConfigurationSet':
      return { arn: arnIn('ses', `configuration-set/${String(inputs.configurationSetName)}`) };
    default:
      return { arn: arnIn(service, `${mod}/${physical}`) };
  }
}

/** Answers the data sources SST and Rebound call; any other call fails the deploy. */
function answer(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (token) {
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return {
        id: ACCOUNT,
        accountId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:user/deployer`,
        userId: 'AIDAMOCKDEPLOYER',
      };
    case 'aws:index/getRegion:getRegion':
      return { id: REGION, name: REGION, region: REGION, endpoint: `ec2.${REGION}.amazonaws.com` };
    case 'aws:index/getPartition:getPartition':
      return {
        id: 'aws',
        partition: 'aws',
        dnsSuffix: 'amazonaws.com',
        reverseDnsPrefix: 'com.amazonaws',
      };
    case 'aws:iam/getPolicyDocument:getPolicyDocument': {
      // SST reads `statements` back (no statements = no inline policy) and uses `json`.
      const json = renderPolicyDocument(inputs);
      return { ...inputs, id: 'policy', json, minifiedJson: JSON.stringify(JSON.parse(json)) };
    }
    default:
      throw new Error(`the mocks have no answer for the data source ${token}`);
  }
}

/**
 * The mocks plus what they recorded. `observe` goes in front of the mock monitor's
 * `registerResource` (see deploy-child.ts) to capture the options the mocks API leaves out.
 */
export function createMocks() {
  const resources: MockResource[] = [];
  const calls: MockCall[] = [];
  const seen = new Map<string, ResourceOptionsSeen>();
  const observe = (req: RegisterRequest) => {
    seen.set(`${req.getType()}::${req.getName()}`, {
      parent: req.getParent(),
      retainOnDelete: Boolean(req.getRetainondelete()),
      protect: Boolean(req.getProtect()),
      dependencies: req.getDependenciesList(),
    });
  };
  const mocks = {
    newResource(args: MockResourceArgs) {
      const custom = args.custom !== false;
      const state = custom ? { ...args.inputs, ...invent(args.type, args.name, args.inputs) } : {};
      const options = seen.get(`${args.type}::${args.name}`) ?? {
        parent: '',
        retainOnDelete: false,
        protect: false,
        dependencies: [],
      };
      resources.push({
        type: args.type,
        name: args.name,
        custom,
        inputs: args.inputs,
        state,
        options,
      });
      return { id: custom ? `${args.name}-id` : undefined, state };
    },
    call(args: { token: string; inputs: Record<string, unknown> }) {
      calls.push({ token: args.token, inputs: args.inputs });
      return answer(args.token, args.inputs);
    },
  };
  return { mocks, observe, resources, calls };
}
