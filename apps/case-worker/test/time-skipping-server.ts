import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { Client, Connection, ConnectionOptions } from '@temporalio/client';
import { InternalConnectionOptionsSymbol } from '@temporalio/client/lib/connection';
import { temporal } from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';

const SCRIPT = path.join(__dirname, 'temporal-test-server.sh');
const FETCH = path.join(__dirname, 'fetch-temporal-test-server.sh');

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
const DATETIME = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME;
const BOOL = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL;

/**
 * The Temporal Java test server with time skipping, started from `temporal-test-server.sh` (jars under
 * .local/temporal-test-server, see the README). The `@temporalio/testing` package is not installed here, so
 * this does what its TestWorkflowEnvironment.createTimeSkipping does: time stands still (the server starts
 * with time skipping locked) until `sleep()` moves it forward, firing every timer on the way.
 */
export class TimeSkippingServer {
  private constructor(
    private readonly proc: ChildProcess,
    readonly address: string,
    readonly connection: Connection,
    readonly nativeConnection: NativeConnection,
    readonly client: Client,
  ) {}

  static async start(): Promise<TimeSkippingServer> {
    // First run on a fresh machine: download the jars from Maven Central (a minute or two).
    execFileSync(FETCH, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
    const port = await freePort();
    const proc = spawn(SCRIPT, [String(port), '--enable-time-skipping'], { stdio: 'ignore' });
    const address = `127.0.0.1:${port}`;
    try {
      await waitForPort(port, 30_000);
      // The test service is reachable only through this internal option (what @temporalio/testing uses).
      const options = { address, [InternalConnectionOptionsSymbol]: { supportsTestService: true } };
      const connection = await Connection.connect(options as ConnectionOptions);
      await connection.operatorService.addSearchAttributes({
        namespace: 'default',
        searchAttributes: {
          DibaoStage: KEYWORD,
          DibaoTownship: KEYWORD,
          DibaoScheme: KEYWORD,
          DibaoStageDeadline: DATETIME,
          DibaoOverdue: BOOL,
          DibaoCaseKind: KEYWORD,
          DibaoHousehold: KEYWORD,
        },
      });
      // Started standalone, the server skips time whenever workflows are idle; lock it so that time moves
      // only when a test sleeps (as TestWorkflowEnvironment does).
      await connection.testService!.lockTimeSkipping({});
      const nativeConnection = await NativeConnection.connect({ address });
      return new TimeSkippingServer(proc, address, connection, nativeConnection, new Client({ connection }));
    } catch (e) {
      proc.kill('SIGTERM');
      throw e;
    }
  }

  /** Moves the server clock forward by `ms`, firing the timers that fall due. */
  async sleep(ms: number): Promise<void> {
    await this.connection.testService!.unlockTimeSkippingWithSleep({
      // protobufjs takes a plain number where the type says Long.
      duration: { seconds: Math.floor(ms / 1000) as never, nanos: (ms % 1000) * 1_000_000 },
    });
  }

  async now(): Promise<number> {
    const res = await this.connection.testService!.getCurrentTime({});
    const t = res.time!;
    return Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1_000_000);
  }

  /** Sleeps until the given instant (no-op when it has passed). */
  async sleepUntil(epochMs: number): Promise<void> {
    const now = await this.now();
    if (epochMs > now) await this.sleep(epochMs - now);
  }

  async stop(): Promise<void> {
    await this.nativeConnection.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the Temporal test server did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
