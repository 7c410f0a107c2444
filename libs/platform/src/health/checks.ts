import type { Admin } from 'kafkajs';
import type { DataSource } from 'typeorm';

export const databaseCheck = (ds: DataSource) => async () => {
  await ds.query('SELECT 1');
};

export const kafkaCheck = (admin: Admin) => async () => {
  await admin.describeCluster();
};
