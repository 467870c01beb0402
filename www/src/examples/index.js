// Built-in examples: the default order workflow plus small machines that show one feature
// each (and that the browser tests use). Each has a definition, an input and a mock file.
// The default definition is shared with the CLI docs and tests (www/examples/); the page
// adds an input and a mock file that fit it. `?raw` keeps the file's own formatting.
import defaultDefinition from '../../examples/default.asl.json?raw';

const text = (value) => JSON.stringify(value, null, 2);

const order = {
  name: 'Order workflow (default)',
  definitionText: defaultDefinition,
  input: {
    orderId: 'A-1001',
    customer: 'ada@example.com',
    items: [
      { sku: 'kettle', quantity: 1 },
      { sku: 'teapot', quantity: 2 },
      { sku: 'mug', quantity: 4 },
    ],
  },
  mocks: {
    StateMachines: {
      Order: {
        TestCases: {
          HappyPath: { 'Validate Order': 'ValidOrder', 'Charge Card': 'Charged' },
          ThrottledThenValid: { 'Validate Order': 'ThrottledThenValid', 'Charge Card': 'Charged' },
          CardDeclined: { 'Validate Order': 'ValidOrder', 'Charge Card': 'Declined' },
          EmptyOrder: { 'Validate Order': 'EmptyOrder' },
        },
      },
    },
    MockedResponses: {
      ValidOrder: { 0: { Return: { StatusCode: 200, Payload: { valid: true, total: 52.5 } } } },
      EmptyOrder: { 0: { Return: { StatusCode: 200, Payload: { valid: true, total: 0 } } } },
      ThrottledThenValid: {
        '0-1': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'Rate exceeded' } },
        2: { Return: { StatusCode: 200, Payload: { valid: true, total: 52.5 } } },
      },
      Charged: { 0: { Return: { StatusCode: 200, Payload: { charged: 52.5, currency: 'EUR' } } } },
      Declined: { 0: { Throw: { Error: 'PaymentDeclined', Cause: 'Insufficient funds' } } },
    },
  },
};

const retryCatch = {
  name: 'Retry, then Catch',
  definition: {
    StartAt: 'Call flaky service',
    States: {
      'Call flaky service': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'flaky' },
        Retry: [{ ErrorEquals: ['Service.Unavailable'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Handle failure' }],
        Next: 'Done',
      },
      'Handle failure': { Type: 'Pass', Result: 'handled', ResultPath: '$.handled', End: true },
      Done: { Type: 'Succeed' },
    },
  },
  input: { attempt: 1 },
  mocks: {
    StateMachines: { Flaky: { TestCases: { AlwaysDown: { 'Call flaky service': 'Down' } } } },
    MockedResponses: {
      Down: { '0-2': { Throw: { Error: 'Service.Unavailable', Cause: 'The service is down.' } } },
    },
  },
};

const bigMap = {
  name: 'Map over 100 items',
  definition: {
    StartAt: 'Process all',
    States: {
      'Process all': {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 10,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Double',
          States: {
            Double: { Type: 'Pass', Parameters: { 'n.$': '$' }, Next: 'Pause briefly' },
            'Pause briefly': { Type: 'Wait', Seconds: 1, End: true },
          },
        },
        End: true,
      },
    },
  },
  input: { items: Array.from({ length: 100 }, (_, i) => i + 1) },
  mocks: null,
};

const parallel = {
  name: 'Parallel branches',
  definition: {
    StartAt: 'Fan out',
    States: {
      'Fan out': {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 1, End: true } } },
          { StartAt: 'Medium wait', States: { 'Medium wait': { Type: 'Wait', Seconds: 5, Next: 'Medium' }, Medium: { Type: 'Pass', Result: 2, End: true } } },
          { StartAt: 'Long wait', States: { 'Long wait': { Type: 'Wait', Seconds: 30, Next: 'Slow' }, Slow: { Type: 'Pass', Result: 3, End: true } } },
        ],
        Next: 'Combine',
      },
      Combine: { Type: 'Pass', End: true },
    },
  },
  input: {},
  mocks: null,
};

const loop = {
  name: 'Loop forever (history limit)',
  definition: {
    StartAt: 'Tick',
    States: {
      Tick: { Type: 'Pass', Next: 'Stop yet?' },
      'Stop yet?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.stop', BooleanEquals: true, Next: 'Stopped' }],
        Default: 'Tick',
      },
      Stopped: { Type: 'Succeed' },
    },
  },
  input: { stop: false },
  mocks: null,
};

export const EXAMPLES = [order, retryCatch, bigMap, parallel, loop].map((e) => ({
  name: e.name,
  definition: e.definitionText ?? text(e.definition),
  input: text(e.input),
  mocks: e.mocks ? text(e.mocks) : '',
}));

export const DEFAULT_EXAMPLE = EXAMPLES[0];
