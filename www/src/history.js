// Turns execution history events (GetExecutionHistory shape) into what the diagram shows for
// each state: a status (idle, running, succeeded, failed, caught, retrying, waiting) and,
// for Map and Parallel states, progress. Pure functions: the timeline replays any prefix.

/** Milliseconds since the epoch from an event timestamp (number in ms or s, or ISO text). */
export function timestampMs(event) {
  const t = event?.timestamp;
  if (typeof t === 'number') return t > 1e11 ? t : t * 1000;
  if (typeof t === 'string') {
    const parsed = Date.parse(t);
    return Number.isNaN(parsed) ? 0 : parsed;
  }
  return 0;
}

/** The details object of an event, whatever its type (`fooEventDetails`). Called for every
 * event of a run (25,000 at the history limit), so it allocates nothing: state events'
 * details are looked up by name, others by a scan of the keys. */
export function eventDetails(event) {
  if (!event || typeof event !== 'object') return null;
  const known = event.stateEnteredEventDetails ?? event.stateExitedEventDetails;
  if (known && typeof known === 'object') return known;
  for (const key in event) {
    if (!Object.hasOwn(event, key) || !key.endsWith('EventDetails')) continue;
    const value = event[key];
    if (value && typeof value === 'object') return value;
  }
  return null;
}

/**
 * For each Parallel state, the states that end one of its branches: reaching one of them
 * means that branch is done. `definition` is the parsed definition (or null).
 */
export function parallelBranchEnds(definition) {
  const ends = new Map(); // terminal state name -> parallel state name
  const totals = new Map(); // parallel state name -> number of branches
  const walk = (states, depth) => {
    if (!states || typeof states !== 'object' || depth > 64) return;
    for (const [name, s] of Object.entries(states)) {
      if (!s || typeof s !== 'object') continue;
      if (s.Type === 'Parallel' && Array.isArray(s.Branches)) {
        totals.set(name, s.Branches.length);
        for (const branch of s.Branches) {
          for (const [inner, t] of Object.entries(branch?.States ?? {})) {
            if (t && (t.End === true || t.Type === 'Succeed' || t.Type === 'Fail')) ends.set(inner, name);
          }
          walk(branch?.States, depth + 1);
        }
      }
      const processor = s.ItemProcessor ?? s.Iterator;
      if (s.Type === 'Map' && processor) walk(processor.States, depth + 1);
    }
  };
  walk(definition?.States, 0);
  return { ends, totals };
}

/**
 * Names the state each event belongs to. StateEntered/Exited events carry the name; Map and
 * Parallel events belong to the innermost Map or Parallel state still open (their previous
 * event may be the last event of an inner state); any other event belongs to the state of
 * its previous event.
 */
export class EventNamer {
  constructor() {
    this.byId = new Map();
    this.open = { Map: [], Parallel: [] };
  }

  name(event) {
    const type = String(event?.type ?? '');
    let name;
    // (The regular expression only for the types that can match it: this runs per event.)
    const container = type.startsWith('Map') || type.startsWith('Parallel') ? /^(Map|Parallel)(State|Iteration)/.exec(type)?.[1] : undefined;
    if (type.endsWith('StateEntered') || type.endsWith('StateExited')) {
      name = eventDetails(event)?.name;
      const kind = container && /^(Map|Parallel)State(Entered|Exited)$/.exec(type);
      if (kind) {
        const stack = this.open[kind[1]];
        if (kind[2] === 'Entered') stack.push(name);
        else {
          const at = stack.lastIndexOf(name);
          if (at >= 0) stack.splice(at, 1);
        }
      }
    } else if (container && this.open[container].length) {
      name = this.open[container][this.open[container].length - 1];
    } else {
      name = this.byId.get(event?.previousEventId);
    }
    if (event && event.id !== undefined && name !== undefined) this.byId.set(event.id, name);
    return name;
  }
}

/** Accumulates statuses event by event; `apply` the events of a prefix in order. */
export class StatusTracker {
  constructor(branchInfo = { ends: new Map(), totals: new Map() }) {
    this.branchInfo = branchInfo;
    /** state name -> { status, active, failedPending, progress, visits } */
    this.states = new Map();
    this.namer = new EventNamer();
    /** Name of the state the most recent event belongs to. */
    this.current = null;
  }

  entry(name) {
    let e = this.states.get(name);
    if (!e) {
      e = { status: 'idle', active: 0, failedPending: false, progress: null, visits: 0 };
      this.states.set(name, e);
    }
    return e;
  }

  apply(event) {
    const type = String(event?.type ?? '');
    const previous = this.namer.byId.get(event?.previousEventId);
    let name = this.namer.name(event);
    if (type.endsWith('StateEntered')) {
      const from = previous !== undefined ? this.states.get(previous) : undefined;
      // Entering another state right after a failure there means a Catch moved on.
      if (from && previous !== name && from.failedPending) {
        from.failedPending = false;
        from.active = Math.max(0, from.active - 1);
        from.status = 'caught';
      }
      const e = this.entry(name);
      e.active += 1;
      e.visits += 1;
      e.failedPending = false;
      e.status = type === 'WaitStateEntered' ? 'waiting' : type === 'FailStateEntered' ? 'failed' : 'running';
      if (type === 'ParallelStateEntered' && this.branchInfo.totals.has(name)) {
        e.progress = { kind: 'branches', done: 0, total: this.branchInfo.totals.get(name), failed: 0 };
      }
    } else if (type.endsWith('StateExited')) {
      const e = this.entry(name);
      e.active = Math.max(0, e.active - 1);
      e.status = e.active > 0 ? 'running' : e.failedPending ? 'caught' : 'succeeded';
      e.failedPending = false;
      const parallel = this.branchInfo.ends.get(name);
      if (parallel) {
        const p = this.entry(parallel);
        if (p.progress?.kind === 'branches') p.progress.done = Math.min(p.progress.total, p.progress.done + 1);
      }
    } else if (name !== undefined) {
      this.applyInside(name, type, eventDetails(event) ?? {});
    } else if (/^Execution(Failed|TimedOut|Aborted)$/.test(type) && this.current) {
      name = this.current;
    }
    if (type.startsWith('Execution') && /^Execution(Failed|TimedOut)$/.test(type) && name !== undefined) {
      const e = this.entry(name);
      if (e.status === 'running' || e.status === 'waiting' || e.status === 'retrying') e.status = 'failed';
    }
    if (name !== undefined) this.current = name;
  }

  applyInside(name, type, details) {
    const e = this.entry(name);
    if (type.startsWith('MapIteration')) {
      if (!e.progress) e.progress = { kind: 'iterations', done: 0, total: 0, failed: 0 };
      if (type === 'MapIterationSucceeded' || type === 'MapIterationAborted') e.progress.done += 1;
      if (type === 'MapIterationFailed') e.progress.failed += 1;
      return;
    }
    if (type === 'MapStateStarted') {
      e.progress = { kind: 'iterations', done: 0, total: Number(details.length ?? 0), failed: 0 };
      return;
    }
    // A Distributed Map's children are executions of their own: the parent's history says
    // only when the Map Run starts and ends (docs/distributed-map.md).
    if (type === 'MapRunStarted') {
      if (e.progress) e.progress.kind = 'items';
      return;
    }
    if (type === 'MapRunSucceeded') {
      if (e.progress) e.progress.done = e.progress.total;
      return;
    }
    if (/(Failed|TimedOut)$/.test(type) && !type.startsWith('Execution')) {
      e.status = 'failed';
      e.failedPending = true;
      return;
    }
    if (/(Scheduled|Started)$/.test(type) && e.failedPending) {
      e.status = 'retrying';
      e.failedPending = false;
      return;
    }
    if (/(Succeeded)$/.test(type) && e.status === 'retrying') e.status = 'running';
  }

  /** Text for a Map/Parallel node, e.g. "37/100 iterations". */
  static progressLabel(progress) {
    if (!progress) return '';
    const failed = progress.failed ? `, ${progress.failed} failed` : '';
    return `${progress.done}/${progress.total} ${progress.kind}${failed}`;
  }
}

/** Statuses after the first `count` events. */
export function statusesAt(events, count, branchInfo) {
  const tracker = new StatusTracker(branchInfo);
  for (let i = 0; i < count && i < events.length; i++) tracker.apply(events[i]);
  return tracker;
}
