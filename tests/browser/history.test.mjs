// The page's pure event → status logic (www/src/history.js), without a browser: each case is
// a history (types and state names, as the interpreter emits them) and the statuses and
// progress the diagram should show after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusTracker, parallelBranchEnds, statusesAt, timestampMs } from '../../www/src/history.js';

/** Builds events from [type, name?] pairs; ids are 1-based and chained like AWS's. */
function history(steps) {
  return steps.map(([type, name, details], i) => {
    const event = { id: i + 1, previousEventId: i, type, timestamp: '2025-01-01T00:00:00Z' };
    if (type.endsWith('StateEntered')) event.stateEnteredEventDetails = { name };
    else if (type.endsWith('StateExited')) event.stateExitedEventDetails = { name };
    else if (details) event[`${type[0].toLowerCase()}${type.slice(1)}EventDetails`] = details;
    return event;
  });
}

function check(steps, expected, definition = null) {
  const events = history(steps);
  const tracker = statusesAt(events, events.length, parallelBranchEnds(definition));
  for (const [name, want] of Object.entries(expected)) {
    const entry = tracker.states.get(name);
    const got = typeof want === 'string' ? entry?.status ?? 'idle' : StatusTracker.progressLabel(entry?.progress);
    assert.equal(got, typeof want === 'string' ? want : want.progress, `${name}`);
  }
}

test('entered states run, exited states succeed', () => {
  check([['ExecutionStarted'], ['PassStateEntered', 'A'], ['PassStateExited', 'A'], ['TaskStateEntered', 'B']], {
    A: 'succeeded',
    B: 'running',
    C: 'idle',
  });
});

test('a Wait state is waiting until it exits', () => {
  check([['ExecutionStarted'], ['WaitStateEntered', 'W']], { W: 'waiting' });
});

test('a task that fails, is retried, fails and is caught', () => {
  const steps = [
    ['ExecutionStarted'], ['TaskStateEntered', 'T'], ['TaskScheduled'], ['TaskStarted'], ['TaskFailed'],
  ];
  check(steps, { T: 'failed' });
  check([...steps, ['TaskScheduled']], { T: 'retrying' });
  check([...steps, ['TaskScheduled'], ['TaskStarted'], ['TaskSucceeded']], { T: 'running' });
  check([...steps, ['TaskStateExited', 'T'], ['PassStateEntered', 'Handler']], { T: 'caught', Handler: 'running' });
  // Without an exit event, entering another state straight after the failure is a Catch too.
  check([...steps, ['PassStateEntered', 'Handler']], { T: 'caught' });
});

test('an uncaught failure leaves the state failed', () => {
  check([['ExecutionStarted'], ['TaskStateEntered', 'T'], ['TaskScheduled'], ['TaskFailed'], ['ExecutionFailed']], {
    T: 'failed',
  });
  check([['ExecutionStarted'], ['FailStateEntered', 'F'], ['ExecutionFailed']], { F: 'failed' });
});

test('Map progress counts iterations of the innermost open Map', () => {
  const steps = [
    ['ExecutionStarted'], ['MapStateEntered', 'M'], ['MapStateStarted', undefined, { length: 3 }],
    ['MapIterationStarted'], ['PassStateEntered', 'P'], ['PassStateExited', 'P'], ['MapIterationSucceeded'],
    ['MapIterationStarted'], ['PassStateEntered', 'P'], ['PassStateExited', 'P'], ['MapIterationFailed'],
  ];
  check(steps, { M: 'running', P: 'succeeded' });
  check(steps, { M: { progress: '1/3 iterations, 1 failed' } });
});

test('Parallel progress counts branches that reached their end', () => {
  const definition = {
    StartAt: 'Par',
    States: {
      Par: {
        Type: 'Parallel',
        End: true,
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
          { StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'B2' }, B2: { Type: 'Succeed' } } },
        ],
      },
    },
  };
  const steps = [['ExecutionStarted'], ['ParallelStateEntered', 'Par'], ['ParallelStateStarted'], ['PassStateEntered', 'A'], ['PassStateExited', 'A'], ['PassStateEntered', 'B1'], ['PassStateExited', 'B1']];
  check(steps, { Par: { progress: '1/2 branches' } }, definition);
  check([...steps, ['SucceedStateEntered', 'B2'], ['SucceedStateExited', 'B2']], { Par: { progress: '2/2 branches' } }, definition);
});

test('timestamps are read from ISO text or numbers', () => {
  assert.equal(timestampMs({ timestamp: '2025-01-01T00:00:01.500Z' }), Date.UTC(2025, 0, 1, 0, 0, 1, 500));
  assert.equal(timestampMs({ timestamp: 1_700_000_000 }), 1_700_000_000_000);
  assert.equal(timestampMs({ timestamp: 1_700_000_000_123 }), 1_700_000_000_123);
  assert.equal(timestampMs({}), 0);
});
