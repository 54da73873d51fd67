/**
 * @module load
 * Load with autocannon, measured in slices so scenarios can be interleaved (a, b, c, a, b, c…):
 * on a shared machine, a burst of someone else's work then lands on every scenario alike instead
 * of on one of them, which keeps the ratios honest.
 *
 * Per scenario: one warm-up run (JIT, pool connections, caches; discarded but checked for
 * errors), then slices of the measured run. During each slice the CPU time of the server
 * process, of PostgreSQL (postmaster and backends), of this process (the load generator) and of
 * the whole machine is read from `/proc`, to show where the time goes and how much of the
 * machine other processes took. Latency is recorded per response (sub-millisecond; autocannon's
 * own histogram rounds to 1 ms) and the percentiles are exact over all slices.
 */
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { cpuMsBetween, cpuMsOfTree, machineCpu, round1 } from './proc.js';

/** Same for every scenario. */
export interface LoadSettings {
  connections: number;
  pipelining: number;
  warmupSeconds: number;
  /** Measured seconds per scenario, split over `rounds` slices. */
  durationSeconds: number;
  rounds: number;
  /** Per-request timeout of autocannon, seconds. */
  timeoutSeconds: number;
}

/** What to load and which processes to watch. */
export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  /** Default GET. */
  method?: 'GET' | 'POST';
  /**
   * Requests cycled through instead of `url`'s path (autocannon's `requests`), e.g. with a
   * `setupRequest` that varies the path or the body of every request.
   */
  requests?: autocannon.Request[];
  serverPid: number;
  /** Postmaster pid, when the scenario uses the database. */
  postgresPid?: number | undefined;
}

/** Numbers of one scenario's measured slices together. */
export interface LoadResult {
  measuredSeconds: number;
  /** Completed requests. */
  requests: number;
  /** Requests sent, including those still in flight when a slice stopped. */
  requestsSent: number;
  /** Completed requests per second over the measured time; and of each slice. */
  requestsPerSecond: { mean: number; slices: number[] };
  /** Latency of every response of the measured slices (2xx or not), milliseconds. */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Connection errors (timeouts included). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  warmup: { requests: number; requestsSent: number; errors: number; non2xx: number };
  /**
   * CPU use during the measured slices, in % of one core (so up to 100 × cores): the server
   * child, PostgreSQL, the load generator (this process), everything else on the machine, and
   * the whole machine's busy share (% of all cores).
   */
  cpu: {
    serverPct: number;
    postgresPct: number;
    loadGeneratorPct: number;
    otherProcessesPct: number;
    machineBusyPct: number;
  };
  /**
   * CPU milliseconds per completed request: server child, PostgreSQL, load generator, and their
   * sum, the cost of one request on this machine whoever else is running.
   */
  cpuMsPerRequest: { server: number; postgres: number; loadGenerator: number; total: number };
}

interface CpuTotals {
  server: number;
  postgres: number;
  self: number;
  machineBusy: number;
  machineTotal: number;
  wallMs: number;
}

/** Accumulates the slices of one scenario. */
export class ScenarioMeter {
  readonly target: LoadTarget;
  readonly #settings: LoadSettings;
  #warmup: LoadResult['warmup'] = { requests: 0, requestsSent: 0, errors: 0, non2xx: 0 };
  #latencies: number[] = [];
  #slices: number[] = [];
  #requests = 0;
  #sent = 0;
  #errors = 0;
  #timeouts = 0;
  #non2xx = 0;
  #statusCodes: Record<string, number> = {};
  #cpu: CpuTotals = { server: 0, postgres: 0, self: 0, machineBusy: 0, machineTotal: 0, wallMs: 0 };

  constructor(target: LoadTarget, settings: LoadSettings) {
    this.target = target;
    this.#settings = settings;
  }

  #fire(seconds: number, onResponse?: (status: number, ms: number) => void): Promise<autocannon.Result> {
    return new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: this.target.url,
          headers: this.target.headers,
          ...(this.target.method ? { method: this.target.method } : {}),
          ...(this.target.requests ? { requests: this.target.requests } : {}),
          connections: this.#settings.connections,
          pipelining: this.#settings.pipelining,
          duration: seconds,
          timeout: this.#settings.timeoutSeconds,
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      if (onResponse) {
        instance.on('response', (_client, statusCode, _bytes, responseTime) =>
          onResponse(statusCode, responseTime),
        );
      }
    });
  }

  /** The warm-up run (not measured). */
  async warmUp(): Promise<void> {
    const result = await this.#fire(this.#settings.warmupSeconds);
    this.#warmup = {
      requests: result.requests.total,
      requestsSent: result.requests.sent,
      errors: result.errors,
      non2xx: result.non2xx,
    };
  }

  /** One measured slice of `seconds`. */
  async measure(seconds: number): Promise<void> {
    const before = this.#snapshot();
    const result = await this.#fire(seconds, (status, ms) => {
      this.#latencies.push(ms);
      this.#statusCodes[status] = (this.#statusCodes[status] ?? 0) + 1;
    });
    const after = this.#snapshot();
    const wallMs = after.at - before.at;
    this.#cpu.server += cpuMsBetween(before.server, after.server);
    this.#cpu.postgres += cpuMsBetween(before.postgres, after.postgres);
    this.#cpu.self += after.self - before.self;
    this.#cpu.machineBusy += after.machine.busy - before.machine.busy;
    this.#cpu.machineTotal += after.machine.total - before.machine.total;
    this.#cpu.wallMs += wallMs;
    this.#slices.push(round1((result.requests.total / wallMs) * 1000));
    this.#requests += result.requests.total;
    this.#sent += result.requests.sent;
    this.#errors += result.errors;
    this.#timeouts += result.timeouts;
    this.#non2xx += result.non2xx;
  }

  #snapshot() {
    const self = process.cpuUsage();
    return {
      server: cpuMsOfTree(this.target.serverPid),
      postgres: this.target.postgresPid ? cpuMsOfTree(this.target.postgresPid) : new Map<number, number>(),
      self: (self.user + self.system) / 1000,
      machine: machineCpu(),
      at: performance.now(),
    };
  }

  /** The scenario's numbers over all measured slices. */
  result(): LoadResult {
    const cpu = this.#cpu;
    const pct = (cpuMs: number) => (cpu.wallMs > 0 ? round1((cpuMs / cpu.wallMs) * 100) : 0);
    const machineBusyPct = cpu.machineTotal > 0 ? round1((cpu.machineBusy / cpu.machineTotal) * 100) : 0;
    const serverPct = pct(cpu.server);
    const postgresPct = pct(cpu.postgres);
    const loadGeneratorPct = pct(cpu.self);
    const perRequest = (cpuMs: number) =>
      this.#requests > 0 ? Math.round((cpuMs / this.#requests) * 1000) / 1000 : 0;
    const sorted = Float64Array.from(this.#latencies).sort();
    const at = (q: number) =>
      sorted.length > 0 ? round2(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!) : 0;
    return {
      measuredSeconds: round1(cpu.wallMs / 1000),
      requests: this.#requests,
      requestsSent: this.#sent,
      requestsPerSecond: {
        mean: cpu.wallMs > 0 ? round1((this.#requests / cpu.wallMs) * 1000) : 0,
        slices: this.#slices,
      },
      latencyMs: {
        mean: sorted.length > 0 ? round2(sorted.reduce((a, b) => a + b, 0) / sorted.length) : 0,
        p50: at(0.5),
        p90: at(0.9),
        p99: at(0.99),
        max: at(1),
      },
      errors: this.#errors,
      timeouts: this.#timeouts,
      non2xx: this.#non2xx,
      statusCodes: this.#statusCodes,
      warmup: this.#warmup,
      cpu: {
        serverPct,
        postgresPct,
        loadGeneratorPct,
        otherProcessesPct: Math.max(
          0,
          round1(machineBusyPct * cpuCount() - serverPct - postgresPct - loadGeneratorPct),
        ),
        machineBusyPct,
      },
      cpuMsPerRequest: {
        server: perRequest(cpu.server),
        postgres: perRequest(cpu.postgres),
        loadGenerator: perRequest(cpu.self),
        total: perRequest(cpu.server + cpu.postgres + cpu.self),
      },
    };
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Busy share of the whole machine over `ms` (all cores, %): a check for other work running
 * before the benchmark starts.
 */
export async function machineBusyPct(ms: number): Promise<number> {
  const before = machineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineCpu();
  const total = after.total - before.total;
  return total > 0 ? round1(((after.busy - before.busy) / total) * 100) : 0;
}

/** Logical CPUs of the machine (for reading CPU percentages). */
export const cpuCount = () => availableParallelism();
