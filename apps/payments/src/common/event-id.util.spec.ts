import { eventIdFor, nameBasedUuid, paymentKey } from './event-id.util';

describe('event-id.util', () => {
  it('derives the same UUID from the same name, a different one from another name', () => {
    const a = nameBasedUuid('payment.scheduled|H1/urban/2026-03#1');
    expect(a).toBe(nameBasedUuid('payment.scheduled|H1/urban/2026-03#1'));
    expect(a).not.toBe(nameBasedUuid('payment.scheduled|H1/urban/2026-03#2'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('separates event types of one payment', () => {
    const key = paymentKey('H1', 'urban', '2026-03', 1);
    expect(eventIdFor('payment.scheduled', key)).not.toBe(eventIdFor('payment.disbursed', key));
  });
});
