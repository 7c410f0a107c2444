/** The supervision database's DataSource, or null when DATABASE_URL/KAFKA_BROKERS are not configured. */
export const SUPERVISION_DB = Symbol('SUPERVISION_DB');
export const SUPERVISION_SETTINGS = Symbol('SUPERVISION_SETTINGS');

export interface SupervisionSettings {
  townships: string[];
  stalledDays: number;
  stalledCaseDays: number;
  concurrency: number;
  /** How long an overview is served again before it is recomputed. */
  overviewCacheMs: number;
}
