import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Scheme } from '@dibao/domain';
import type { AccountKind, HouseholdStatus, Hukou } from './household.types';

/** A household in the registry. Its payment account lives on the row; proxies have their own table. */
@Entity({ name: 'households' })
export class Household {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  scheme: Scheme;

  @Column({ type: 'text' })
  hukou: Hukou;

  @Column({ type: 'text' })
  township: string;

  @Column({ type: 'text' })
  village: string;

  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  status: HouseholdStatus;

  @Column({ name: 'open_case_id', type: 'text', nullable: true })
  openCaseId: string | null;

  @Column({ name: 'ledger_no', type: 'text', nullable: true })
  ledgerNo: string | null;

  @Column({ name: 'import_key', type: 'text', nullable: true })
  importKey: string | null;

  @Column({ name: 'import_hash', type: 'text', nullable: true })
  importHash: string | null;

  @Column({ name: 'account_kind', type: 'text', nullable: true })
  accountKind: AccountKind | null;

  @Column({ name: 'account_institution', type: 'text', nullable: true })
  accountInstitution: string | null;

  @Column({ name: 'account_number', type: 'text', nullable: true })
  accountNumber: string | null;

  @Column({ name: 'account_holder', type: 'text', nullable: true })
  accountHolder: string | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_by_role', type: 'text' })
  createdByRole: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy: string;

  @Column({ name: 'updated_by_role', type: 'text' })
  updatedByRole: string;
}
