// Built-in examples: the default order workflow plus small machines that show one feature
// each (and that the browser tests use). Each has a definition, an input and a mock file.
const text = (value) => JSON.stringify(value, null, 2);

const order = {
  name: 'Order workflow (default)',
  definition: {
    Comment: 'Checks stock, charges and reserves in parallel, packs each item, waits for the courier.',
    StartAt: 'Validate order',
    States: {
      'Validate order': {
        Type: 'Pass',
        Parameters: { 'orderId.$': '$.orderId', 'items.$': '$.items', received: true },
        Next: 'Check stock',
      },
      'Check stock': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'check-stock', 'Payload.$': '$' },
        ResultSelector: { 'inStock.$': '$.Payload.inStock' },
        ResultPath: '$.stock',
        Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
        Next: 'In stock?',
      },
      'In stock?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.stock.inStock', BooleanEquals: true, Next: 'Charge and reserve' }],
        Default: 'Out of stock',
      },
      'Charge and reserve': {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Charge card',
            States: {
              'Charge card': {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'charge-card', 'Payload.$': '$' },
                OutputPath: '$.Payload',
                End: true,
              },
            },
          },
          {
            StartAt: 'Reserve items',
            States: {
              'Reserve items': { Type: 'Pass', Result: { reserved: true }, End: true },
            },
          },
        ],
        ResultPath: '$.payment',
        Next: 'Pack items',
      },
      'Pack items': {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Pack item',
          States: {
            'Pack item': { Type: 'Pass', Parameters: { 'sku.$': '$.sku', packed: true }, End: true },
          },
        },
        ResultPath: '$.packed',
        Next: 'Wait for courier',
      },
      'Wait for courier': { Type: 'Wait', Seconds: 3600, Next: 'Done' },
      Done: { Type: 'Succeed' },
      'Out of stock': { Type: 'Fail', Error: 'OutOfStock', Cause: 'An item is not in stock.' },
    },
  },
  input: { orderId: 'A-1001', items: [{ sku: 'kettle' }, { sku: 'teapot' }, { sku: 'mug' }] },
  mocks: {
    StateMachines: {
      Order: {
        TestCases: {
          HappyPath: { 'Check stock': 'InStock', 'Charge card': 'Charged' },
          OutOfStock: { 'Check stock': 'NotInStock' },
          Throttled: { 'Check stock': 'ThrottledThenInStock', 'Charge card': 'Charged' },
        },
      },
    },
    MockedResponses: {
      InStock: { 0: { Return: { Payload: { inStock: true }, StatusCode: 200 } } },
      NotInStock: { 0: { Return: { Payload: { inStock: false }, StatusCode: 200 } } },
      ThrottledThenInStock: {
        '0-1': { Throw: { Error: 'Lambda.TooManyRequestsException', Cause: 'Rate exceeded' } },
        2: { Return: { Payload: { inStock: true }, StatusCode: 200 } },
      },
      Charged: { 0: { Return: { Payload: { charged: 42.5, currency: 'EUR' }, StatusCode: 200 } } },
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
  definition: text(e.definition),
  input: text(e.input),
  mocks: e.mocks ? text(e.mocks) : '',
}));

export const DEFAULT_EXAMPLE = EXAMPLES[0];
