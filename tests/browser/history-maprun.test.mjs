// The page's status logic (www/src/history.js) for a Distributed Map, without a browser: the
// parent's history has Map Run events and no iteration events (docs/distributed-map.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusTracker, statusesAt } from '../../www/src/history.js';

function events(steps) {
  return steps.map(([type, name, details], i) => {
    const event = { id: i + 1, previousEventId: i, type, timestamp: '2025-01-01T00:00:00Z' };
    if (type.endsWith('StateEntered')) event.stateEnteredEventDetails = { name };
    else if (type.endsWith('StateExited')) event.stateExitedEventDetails = { name };
    else if (details) event[`${type[0].toLowerCase()}${type.slice(1)}EventDetails`] = details;
    return event;
  });
}

const started = [
  ['ExecutionStarted'],
  ['MapStateEntered', 'M'],
  ['MapStateStarted', undefined, { length: 3 }],
  ['MapRunStarted', undefined, { mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:S/M:1' }],
];

test('a running Map Run counts items, a finished one all of them', () => {
  let tracker = statusesAt(events(started), started.length);
  assert.equal(StatusTracker.progressLabel(tracker.states.get('M').progress), '0/3 items');
  assert.equal(tracker.states.get('M').status, 'running');
  const done = [...started, ['MapRunSucceeded'], ['MapStateSucceeded'], ['MapStateExited', 'M']];
  tracker = statusesAt(events(done), done.length);
  assert.equal(StatusTracker.progressLabel(tracker.states.get('M').progress), '3/3 items');
  assert.equal(tracker.states.get('M').status, 'succeeded');
});

test('a failed Map Run fails its Map state', () => {
  const failed = [...started, ['MapRunFailed', undefined, { error: 'States.ExceedToleratedFailureThreshold' }], ['MapStateFailed']];
  const tracker = statusesAt(events(failed), failed.length);
  assert.equal(tracker.states.get('M').status, 'failed');
});
