import { PaymentsSchema1764500000000 } from './1764500000000-payments-schema';
import { PaidThroughOverpayments1765300000000 } from './1765300000000-paid-through-overpayments';
import { PaymentStatusChangedByRole1765400000000 } from './1765400000000-payment-status-changed-by-role';
import { InlineEventUuid1765500000000 } from './1765500000000-inline-event-uuid';
import { OverpaymentRecovery1765600000000 } from './1765600000000-overpayment-recovery';
import { BatchLate1765700000000 } from './1765700000000-batch-late';
import { PaymentBatchRunFk1765800000000 } from './1765800000000-payment-batch-run-fk';

/** Every payments migration, in order (the app and the benchmarks run the same list). */
export const PAYMENTS_MIGRATIONS = [PaymentsSchema1764500000000, PaidThroughOverpayments1765300000000, PaymentStatusChangedByRole1765400000000, InlineEventUuid1765500000000, OverpaymentRecovery1765600000000, BatchLate1765700000000, PaymentBatchRunFk1765800000000];
