// The typed shape of the database, as the migrations leave it. Dates and times are ISO-8601
// text, booleans are 0/1 integers (docs/decisions/002-kysely-and-sqlite.md).
import type { Generated, Insertable, Selectable } from "kysely";
import type { TokenPurpose } from "../app/domain/account-links";
import type { CampaignStatus, ConditionScope, NoticeType, SignUpStatus, TriggerScope } from "../app/domain/campaign-status";
import type { MembershipRequestStatus } from "../app/domain/membership-requests";
import type { MotionState } from "../app/domain/motion-states";
import type { MessageKind, NotificationKind } from "../app/domain/notifications";
import type { MessageStatus } from "../app/domain/outbox";

export type Role = "gp" | "lmc_secretary" | "bma_staff" | "admin";
export type PracticeStatus = "active" | "closed";

export interface RegionTable {
  code: string;
  name: string;
}

export interface IcbTable {
  code: string;
  name: string;
  region_code: string;
}

export interface LmcTable {
  id: Generated<number>;
  name: string;
  is_demo: Generated<number>;
  created_at: string;
}

export interface PracticeTable {
  id: Generated<number>;
  ods_code: string;
  name: string;
  address: Generated<string>;
  postcode: Generated<string>;
  status: PracticeStatus;
  contract_type: string | null;
  sub_icb_code: string | null;
  opened_on: string | null;
  closed_on: string | null;
  list_size: number | null;
  list_size_date: string | null;
  is_demo: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PracticeIcbMembershipTable {
  id: Generated<number>;
  practice_id: number;
  icb_code: string;
  valid_from: string;
  valid_to: string | null;
}

export interface LmcAreaTable {
  id: Generated<number>;
  lmc_id: number;
  area_kind: "icb" | "sub_icb";
  area_code: string;
  valid_from: string;
  valid_to: string | null;
}

export interface PracticeLmcMembershipTable {
  id: Generated<number>;
  practice_id: number;
  lmc_id: number;
  valid_from: string;
  valid_to: string | null;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  lmc_id: number | null;
  password_hash: string | null;
  disabled_at: string | null;
  /** When the user proved they read mail at `email` (null: not yet; admin-made accounts are). */
  email_verified_at: string | null;
  /** When the person deleted their account: the row keeps no name, address or password since. */
  erased_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Settings an administrator keeps, by key (app/models/erasure.server.ts reads the retention period). */
export interface SiteSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface PracticeMembershipTable {
  user_id: number;
  practice_id: number;
  is_signatory: Generated<number>;
  created_at: string;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface PendingImportTable {
  id: string;
  kind: "practices" | "lmc_areas";
  file_name: string;
  content: string;
  extra_content: string | null;
  created_by: number;
  created_at: string;
}

export interface AuditEventTable {
  id: Generated<number>;
  actor_user_id: number | null;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  reason: string | null;
  created_at: string;
}

export type ConferenceStatus = "planning" | "agenda_published" | "in_session" | "closed" | "published";
export type MotionKind = "motion" | "composite" | "amendment" | "rider";
export type AgendaMarking = "debate" | "A" | "AR" | "chosen" | "grouped" | "not_reached";
export type { MotionState };
export type ClauseIntent = "remove" | "amend" | "oppose_implementation" | "support" | "clarify";
export type ResolutionStatus = "not_started" | "in_progress" | "achieved" | "superseded" | "abandoned";

export interface BodyTable {
  id: Generated<number>;
  name: string;
  kind: "national" | "lmc";
  lmc_id: number | null;
  created_at: string;
}

export interface ConferenceTable {
  id: Generated<number>;
  body_id: number;
  title: string;
  held_on: string;
  venue: Generated<string>;
  status: ConferenceStatus;
  submission_deadline: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgendaSectionTable {
  id: Generated<number>;
  conference_id: number;
  title: string;
  position: number;
}

export interface MotionTable {
  id: Generated<number>;
  conference_id: number;
  section_id: number | null;
  number: string;
  sort_key: string;
  title: string;
  proposer: string;
  proposer_lmc_id: number | null;
  seconder: string | null;
  kind: MotionKind;
  parent_motion_id: number | null;
  group_lead_id: number | null;
  marking: AgendaMarking;
  preamble: Generated<string>;
  state: MotionState;
  /** Why the agenda committee rejected it (state 'rejected'): the proposing LMC reads it. */
  rejection_reason: string | null;
  /** When the agenda committee accepted or rejected it. */
  reviewed_at: string | null;
  created_by: number | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CompositeReplacementTable {
  composite_id: number;
  replaced_motion_id: number;
}

export interface MotionPartTable {
  id: Generated<number>;
  motion_id: number;
  label: string;
  position: number;
  text: string;
}

export interface PartVoteTable {
  part_id: number;
  method: "show_of_hands" | "electronic" | "card";
  majority: "simple" | "two_thirds";
  votes_for: number | null;
  votes_against: number | null;
  votes_abstain: number | null;
  outcome: string;
  recorded_by: number | null;
  recorded_at: string;
  version: Generated<number>;
}

export interface ContractDocumentTable {
  id: Generated<number>;
  title: string;
  citation: Generated<string>;
  url: string | null;
  created_at: string;
}

export interface ClauseTable {
  id: Generated<number>;
  document_id: number;
  reference: Generated<string>;
  title: string;
  summary: Generated<string>;
  in_force_from: string | null;
  revoked_on: string | null;
  source_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface PartClauseLinkTable {
  part_id: number;
  clause_id: number;
  intent: ClauseIntent;
}

export interface ResolutionTable {
  id: Generated<number>;
  part_id: number;
  status: ResolutionStatus;
  created_at: string;
  updated_at: string;
}

export interface ResolutionNoteTable {
  id: Generated<number>;
  resolution_id: number;
  noted_on: string;
  note: string;
  author_id: number | null;
  created_at: string;
}

export interface CacheVersionTable {
  key: string;
  version: number;
}

export interface CampaignTable {
  id: Generated<number>;
  title: string;
  summary: string;
  status: CampaignStatus;
  version: Generated<number>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignMandateTable {
  campaign_id: number;
  resolution_id: number;
}

export interface CampaignOptionTable {
  id: Generated<number>;
  campaign_id: number;
  title: string;
  description: string;
  risk_note: Generated<string>;
  trigger_percent: number | null;
  trigger_scope: TriggerScope | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface OptionClauseTable {
  option_id: number;
  clause_id: number;
}

export interface OptionLiveScopeTable {
  option_id: number;
  /** 'national' or 'icb:<code>' */
  scope_key: string;
  went_live_at: string;
}

export type CampaignEventKind = "status" | "option_live" | "note";

export interface CampaignEventTable {
  id: Generated<number>;
  campaign_id: number;
  option_id: number | null;
  kind: CampaignEventKind;
  text: string;
  actor_user_id: number | null;
  created_at: string;
}

export interface PracticeSignupTable {
  id: Generated<number>;
  practice_id: number;
  option_id: number;
  status: SignUpStatus;
  condition_scope: ConditionScope | null;
  condition_percent: number | null;
  acting: Generated<number>;
  acting_since: string | null;
  acting_reason: string | null;
  counted_icb_code: string;
  counted_lmc_id: number | null;
  counted_patients: Generated<number>;
  signed_by: number | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PracticeSignupHistoryTable {
  id: Generated<number>;
  signup_id: number;
  practice_id: number;
  option_id: number;
  status: SignUpStatus;
  condition_scope: ConditionScope | null;
  condition_percent: number | null;
  changed_by: number | null;
  created_at: string;
}

export interface PersonalPledgeTable {
  id: Generated<number>;
  user_id: number | null;
  option_id: number;
  practice_id: number | null;
  counted_icb_code: string | null;
  counted_lmc_id: number | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ContractualNoticeTable {
  id: Generated<number>;
  practice_id: number;
  option_id: number;
  notice_type: NoticeType;
  received_on: string;
  note: Generated<string>;
  recorded_by: number | null;
  created_at: string;
}

export type AreaKind = "national" | "region" | "icb" | "lmc";
export type CounterMeasure = SignUpStatus | "acting" | "personal_pledge";

export interface ParticipationCounterTable {
  option_id: number;
  area_kind: AreaKind;
  area_code: string;
  measure: CounterMeasure;
  practices: number;
  patients: number;
}

export interface ParticipationDailyTable {
  option_id: number;
  area_kind: "national" | "icb";
  area_code: string;
  day: string;
  signed_change: number;
}

export interface AccountTokenTable {
  id: Generated<number>;
  user_id: number;
  purpose: TokenPurpose;
  token_hash: string;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MembershipRequestTable {
  id: Generated<number>;
  user_id: number;
  practice_id: number;
  status: MembershipRequestStatus;
  reason: Generated<string>;
  decided_by: number | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OutboxMessageTable {
  id: Generated<number>;
  idempotency_key: string;
  kind: MessageKind;
  to_address: string;
  to_user_id: number | null;
  subject: string;
  text_body: string;
  html_body: string;
  carries_secret: Generated<number>;
  status: MessageStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface NotificationOptOutTable {
  user_id: number;
  kind: NotificationKind;
  created_at: string;
}

export interface ResolutionFollowTable {
  user_id: number;
  resolution_id: number;
  created_at: string;
}

export type OutboxMessage = Selectable<OutboxMessageTable>;
export type NewOutboxMessage = Insertable<OutboxMessageTable>;
export type Campaign = Selectable<CampaignTable>;
export type CampaignOption = Selectable<CampaignOptionTable>;
export type PracticeSignup = Selectable<PracticeSignupTable>;
export type NewPracticeSignup = Insertable<PracticeSignupTable>;
export type ContractualNotice = Selectable<ContractualNoticeTable>;

export interface Database {
  campaigns: CampaignTable;
  campaign_mandates: CampaignMandateTable;
  campaign_options: CampaignOptionTable;
  option_clauses: OptionClauseTable;
  option_live_scopes: OptionLiveScopeTable;
  campaign_events: CampaignEventTable;
  practice_signups: PracticeSignupTable;
  practice_signup_history: PracticeSignupHistoryTable;
  personal_pledges: PersonalPledgeTable;
  contractual_notices: ContractualNoticeTable;
  participation_counters: ParticipationCounterTable;
  participation_daily: ParticipationDailyTable;
  cache_versions: CacheVersionTable;
  regions: RegionTable;
  icbs: IcbTable;
  lmcs: LmcTable;
  practices: PracticeTable;
  practice_icb_memberships: PracticeIcbMembershipTable;
  lmc_areas: LmcAreaTable;
  practice_lmc_memberships: PracticeLmcMembershipTable;
  users: UserTable;
  site_settings: SiteSettingTable;
  practice_memberships: PracticeMembershipTable;
  sessions: SessionTable;
  pending_imports: PendingImportTable;
  audit_events: AuditEventTable;
  account_tokens: AccountTokenTable;
  membership_requests: MembershipRequestTable;
  outbox_messages: OutboxMessageTable;
  notification_opt_outs: NotificationOptOutTable;
  resolution_follows: ResolutionFollowTable;
  bodies: BodyTable;
  conferences: ConferenceTable;
  agenda_sections: AgendaSectionTable;
  motions: MotionTable;
  composite_replacements: CompositeReplacementTable;
  motion_parts: MotionPartTable;
  part_votes: PartVoteTable;
  contract_documents: ContractDocumentTable;
  clauses: ClauseTable;
  part_clause_links: PartClauseLinkTable;
  resolutions: ResolutionTable;
  resolution_notes: ResolutionNoteTable;
}

