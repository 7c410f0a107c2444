import { PaymentsSchema1764500000000 } from './1764500000000-payments-schema';
import { PaidThroughOverpayments1765300000000 } from './1765300000000-paid-through-overpayments';
import { PaymentStatusChangedByRole1765400000000 } from './1765400000000-payment-status-changed-by-role';

/** Every payments migration, in order (the app and the benchmarks run the same list). */
export const PAYMENTS_MIGRATIONS = [PaymentsSchema1764500000000, PaidThroughOverpayments1765300000000, PaymentStatusChangedByRole1765400000000];
