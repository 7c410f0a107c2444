/** Kafka topics, versioned: `<domain>.<aggregate>.v<N>`. Each has a dead-letter twin with the `.dlq` suffix. */
export const Topics = {
  households: 'dibao.households.v1',
  cases: 'dibao.cases.v1',
  payments: 'dibao.payments.v1',
  inspections: 'dibao.inspections.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
