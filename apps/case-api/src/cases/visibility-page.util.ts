import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { Actor } from '@dibao/contracts';
import { AppException, forbidden } from '@dibao/platform';
import { httpErrorForTemporal } from './case-failure.util';
import { decodePageToken, encodePageToken } from './page-token.util';

/**
 * The township a list is limited to: a township role sees its own only (asking for another is a 403, naming
 * what it lists); county roles see the one they ask for, or all.
 */
export function listTownship(actor: Actor, requested: string | undefined, what: string): string | undefined {
  if (!actor.township) return requested;
  if (requested && requested !== actor.township) throw forbidden(`a ${actor.role} of ${actor.township} sees only that township's ${what}`);
  return actor.township;
}

/**
 * One page of a Temporal visibility list, with the server's page token signed for the client (a token the API
 * did not hand out is a 400 naming `pageToken`) and Temporal's failures as HTTP errors.
 */
export async function visibilityPage<T>(
  client: Client,
  request: { namespace: string; query: string; pageSize: number; pageToken?: string; tokenSecret: string },
  item: (x: temporal.api.workflow.v1.IWorkflowExecutionInfo) => T | undefined,
): Promise<{ items: T[]; nextPageToken?: string }> {
  let nextPageToken: Uint8Array | undefined;
  if (request.pageToken) {
    nextPageToken = decodePageToken(request.pageToken, request.tokenSecret);
    if (!nextPageToken) {
      const message = 'pageToken is not a token returned by this list';
      throw new AppException(400, 'validation-failed', message, {}, [{ field: 'pageToken', rule: 'isPageToken', message }]);
    }
  }
  let res: temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
  try {
    res = await client.workflowService.listWorkflowExecutions({
      namespace: request.namespace,
      query: request.query,
      pageSize: request.pageSize,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
  } catch (e) {
    throw httpErrorForTemporal(e) ?? e;
  }
  const items = (res.executions ?? []).map(item).filter((x): x is T => x !== undefined);
  const token = res.nextPageToken && res.nextPageToken.length > 0 ? encodePageToken(res.nextPageToken, request.tokenSecret) : undefined;
  return { items, ...(token ? { nextPageToken: token } : {}) };
}
