/** The supervision database's DataSource, or null when DATABASE_URL/KAFKA_BROKERS are not configured. */
export const SUPERVISION_DB = Symbol('SUPERVISION_DB');
export const SUPERVISION_SETTINGS = Symbol('SUPERVISION_SETTINGS');

export interface SupervisionSettings {
  /** The townships the overview lists (each one, also with no open case). */
  townships: string[];
  stalledDays: number;
  stalledCaseDays: number;
  /** How long an overview is served again before it is recomputed. */
  overviewCacheMs: number;
}

/** Why supervision answers 503 when case-api runs without its database and Kafka. */
export const FEED_OFF_DETAIL =
  'supervision reads the case events projected into its own database: it needs DATABASE_URL (or SUPERVISION_DATABASE_URL) and KAFKA_BROKERS (case-api runs without them)';
