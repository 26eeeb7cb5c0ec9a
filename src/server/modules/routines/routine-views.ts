import { AppError } from '../../http/errors.js';
import type { ScenarioCondition, VersionState } from './routine-rules.js';
import type { ScenarioRow, VersionWithNames } from './routines-repository.js';

// The views of scenarios and routine versions, and the small helpers the routine services share.

export interface RoutineForm {
  name: string;
  url: string | null;
}

export interface RoutineContact {
  name: string;
  phone: string | null;
  note: string | null;
  /** A reference to an entry of the contact directory (C6), when there is one. */
  contactId: string | null;
}

export interface ScenarioView {
  id: string;
  name: string;
  description: string | null;
  priority: number;
  condition: ScenarioCondition;
  createdAt: string;
  updatedAt: string;
}

export interface ScenarioInput {
  name: string;
  description?: string | null;
  priority?: number;
  condition: ScenarioCondition;
}

export interface RoutineVersionView {
  version: number;
  state: VersionState;
  title: string;
  scenarioId: string;
  scenarioName: string | null;
  systemIds: string[];
  steps: string[];
  forms: RoutineForm[];
  contacts: RoutineContact[];
  ownerId: string;
  ownerName: string | null;
  reviewer: string;
  approver: string;
  validFrom: string;
  validTo: string;
  changeNote: string;
  createdAt: string;
  approvedAt: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
}

export interface RoutineView {
  id: string;
  documentId: string;
  /** The state of the routine: that of the version in force, else of the latest version. */
  state: VersionState;
  /** The version in force now (null when none is). */
  versionInForce: number | null;
  latestVersion: number;
  /** The latest version's content. */
  latest: RoutineVersionView;
  createdAt: string;
  updatedAt: string;
}

export interface RoutineDetail extends RoutineView {
  /** Every version, newest first; none is ever removed. */
  versions: RoutineVersionView[];
}

export interface RoutineInput {
  title: string;
  scenarioId: string;
  systemIds?: string[];
  steps: string[];
  forms?: { name: string; url?: string | null }[];
  contacts?: { name: string; phone?: string | null; note?: string | null; contactId?: string | null }[];
  ownerId: string;
  reviewer: string;
  approver: string;
  validFrom: string;
  validTo: string;
}

export const invalid = (message: string, field: string) => new AppError('validation_failed', message, { field });

export function toScenarioView(row: ScenarioRow): ScenarioView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priority: Number(row.priority),
    condition: JSON.parse(row.condition) as ScenarioCondition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A version as the validity rules (routine-rules.ts) read it. */
export const asRules = (v: VersionWithNames) => ({ version: v.version, validFrom: v.valid_from, validTo: v.valid_to, approvedAt: v.approved_at, ownerId: v.owner_id });

/** The versions by routine id. */
export function groupVersions(versions: VersionWithNames[]): Map<string, VersionWithNames[]> {
  const map = new Map<string, VersionWithNames[]>();
  for (const v of versions) map.set(v.routine_id, [...(map.get(v.routine_id) ?? []), v]);
  return map;
}

export function toVersionView(row: VersionWithNames, state: VersionState, scenarioNames: Map<string, string>): RoutineVersionView {
  return {
    version: row.version,
    state,
    title: row.title,
    scenarioId: row.scenario_id,
    scenarioName: scenarioNames.get(row.scenario_id) ?? null,
    systemIds: JSON.parse(row.system_ids) as string[],
    steps: JSON.parse(row.steps) as string[],
    forms: JSON.parse(row.forms) as RoutineForm[],
    contacts: JSON.parse(row.contacts) as RoutineContact[],
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    reviewer: row.reviewer,
    approver: row.approver,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    changeNote: row.change_note,
    createdAt: row.created_at,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
  };
}
