import { Actor, CampaignReviewRequest, InspectionFlag, ReviewKind } from '@dibao/contracts';
import { plusDays } from './common';
import type { BeneficiaryCore } from './core';
import { openReview } from './reviews';

/** Signals: an inspection finding opens a special review, a review campaign a campaign review (once each). */

export function inspectionFlagged(c: BeneficiaryCore, flag: InspectionFlag): void {
  if (c.state.findings.includes(flag.findingId)) return;
  c.state.findings.push(flag.findingId);
  signalled(c, flag.flaggedBy, 'special', `inspection finding ${flag.findingId} (campaign ${flag.campaignId}): ${flag.reason}`, c.settings.specialReviewDays);
}

export function campaignReview(c: BeneficiaryCore, request: CampaignReviewRequest): void {
  if (c.state.campaigns.includes(request.campaignKey)) return;
  c.state.campaigns.push(request.campaignKey);
  signalled(c, request.requestedBy, 'campaign', `review campaign ${request.campaignKey}`, c.settings.reviewWindowDays, request.campaignKey);
}

function signalled(c: BeneficiaryCore, by: Actor, kind: ReviewKind, reason: string, days: number, campaignKey?: string): void {
  if (c.closed) {
    c.note(by, 'ignored', `${reason}: the benefit has already ended`);
  } else if (c.state.review) {
    c.note(by, 'review-reason-added', `${reason} (added to the open ${c.state.review.kind} review)`);
    if (campaignKey) c.state.review.campaignKey ??= campaignKey;
  } else {
    c.queued.push({ by, changes: openReview(c, by, kind, reason, plusDays(c.today(), days), campaignKey) });
  }
  c.version++;
}
