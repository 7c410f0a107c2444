import { OrdersService } from './orders.service';
import { OverdueScheduler } from './overdue-scheduler';

/** A strict double: any call not stubbed here fails the test. */
function strictOrders(sweepOverdue: jest.Mock): OrdersService {
  return new Proxy({ sweepOverdue } as unknown as OrdersService, {
    get(target, prop) {
      if (prop in target) return (target as unknown as Record<string | symbol, unknown>)[prop];
      if (prop === 'then') return undefined;
      throw new Error(`unexpected call OrdersService.${String(prop)}`);
    },
  });
}

const flush = () => new Promise((r) => setImmediate(r));

describe('OverdueScheduler', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it('sweeps on every interval', async () => {
    const sweep = jest.fn().mockResolvedValue({ flaggedOn: '2026-11-02', flagged: 0, orderIds: [] });
    const sut = new OverdueScheduler(strictOrders(sweep), 1000);
    sut.onApplicationBootstrap();
    jest.advanceTimersByTime(1000);
    await flush();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(sweep).toHaveBeenCalledTimes(2);
    await sut.onApplicationShutdown();
    jest.advanceTimersByTime(5000);
    expect(sweep).toHaveBeenCalledTimes(2);
  });

  it('never runs two sweeps at once and survives a failed one', async () => {
    let finish: () => void = () => undefined;
    const sweep = jest
      .fn()
      .mockImplementationOnce(() => new Promise((_, reject) => (finish = () => reject(new Error('database away')))))
      .mockResolvedValue({ flaggedOn: '2026-11-02', flagged: 1, orderIds: ['o1'] });
    const sut = new OverdueScheduler(strictOrders(sweep), 1000);
    sut.onApplicationBootstrap();
    jest.advanceTimersByTime(3000); // three ticks while the first sweep hangs
    expect(sweep).toHaveBeenCalledTimes(1);
    finish();
    await flush();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(sweep).toHaveBeenCalledTimes(2);
    await sut.onApplicationShutdown();
  });

  it('stays off when the interval is 0', () => {
    const sweep = jest.fn();
    const sut = new OverdueScheduler(strictOrders(sweep), 0);
    sut.onApplicationBootstrap();
    jest.advanceTimersByTime(100_000);
    expect(sweep).not.toHaveBeenCalled();
  });
});
