import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, HouseholdStatusChanged } from '@dibao/contracts';
import { newEvent, OutboxService, UnprocessableEventError } from '@dibao/platform';
import { HouseholdsRepository } from '../households/households.repository';
import { FollowedCaseEvent, followCase } from './case-follow.util';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fields of a case event the household follows. */
export interface CaseRef {
  caseId: string;
  householdId: string;
  township: string;
}

/**
 * Makes the household follow its case (applicant → beneficiary, or back to registered). Runs inside the
 * consumer's transaction, which also records the event in the inbox: a redelivery changes nothing.
 */
@Injectable()
export class CaseFollowService {
  private readonly logger = new Logger(CaseFollowService.name);

  constructor(
    private readonly repo: HouseholdsRepository,
    private readonly outbox: OutboxService,
  ) {}

  async follow(type: FollowedCaseEvent, envelope: EventEnvelope<CaseRef>, m: EntityManager): Promise<void> {
    const { caseId, householdId } = envelope.payload;
    const h = UUID.test(householdId) ? await this.repo.findHousehold(m, householdId, true) : null;
    // Thrown: retried, then dead-lettered with this reason; never dropped silently.
    if (!h) throw new UnprocessableEventError(`household ${householdId} of case ${caseId} is not registered`);
    const actor = envelope.actor;
    const decision = followCase(type, h, caseId);

    if (decision.kind === 'ignore') {
      if (decision.level === 'warn') {
        this.logger.warn(`${type} ${envelope.eventId} for household ${householdId}: ${decision.reason}`);
        await this.repo.appendHistory(
          m,
          [{ householdId, entity: 'case', entityId: caseId, action: 'case-event-ignored', changes: { event: type, eventId: envelope.eventId, reason: decision.reason } }],
          actor,
          envelope.correlationId,
        );
      } else {
        this.logger.log(`${type} ${envelope.eventId} for household ${householdId}: ${decision.reason}`);
      }
      return;
    }

    const from = h.status;
    await this.repo.touch(m, householdId, actor, { status: decision.to, openCaseId: decision.openCaseId });
    if (decision.to === 'exited') {
      // An exited household's members may join another household.
      await m.query(`UPDATE household_members SET active = false WHERE household_id = $1 AND active`, [householdId]);
    }
    await this.repo.appendHistory(
      m,
      [
        {
          householdId,
          entity: 'household',
          entityId: householdId,
          action: 'status-changed',
          changes: { status: { from, to: decision.to }, openCaseId: { from: h.openCaseId, to: decision.openCaseId }, event: type, caseId },
        },
      ],
      actor,
      envelope.correlationId,
    );
    await this.outbox.append(
      m,
      newEvent(
        HouseholdStatusChanged,
        householdId,
        { householdId, township: h.township, scheme: h.scheme, from, to: decision.to, openCaseId: decision.openCaseId, caseId, reason: decision.reason },
        actor,
      ),
    );
    this.logger.log(`household ${householdId}: ${from} → ${decision.to} (${decision.reason})`);
  }
}
