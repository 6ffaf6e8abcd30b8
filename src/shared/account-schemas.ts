import { z } from 'zod';
import { ROLES } from '../core/roles.ts';

export const Role = z.enum(ROLES);
const Email = z.string().min(3).max(254);
const Password = z.string().min(1).max(256);

export const SignIn = z.object({ email: Email, password: Password });
export type SignIn = z.infer<typeof SignIn>;
export const SignInResult = z.object({ second_factor_required: z.boolean(), csrf_token: z.string() });

export const Setup = z.object({
  token: z.string().min(10).max(200),
  email: Email,
  password: Password,
  display_name: z.string().max(120).default(''),
  workspace: z.string().min(1).max(120),
});
export const SecondFactorCode = z.object({ code: z.string().min(6).max(20) });
export const TotpSetup = z.object({ secret: z.string(), otpauth_uri: z.string() });
export const RecoveryCodes = z.object({ recovery_codes: z.array(z.string()) });

export const AcceptInvitation = z.object({
  token: z.string().min(10).max(200),
  password: Password.optional(),
  display_name: z.string().max(120).optional(),
});

export const WorkspaceSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  role: Role.optional(),
  require_second_factor: z.boolean(),
  members: z.number().int(),
  created_at: z.string(),
});
export const Me = z.object({
  user: z.object({ id: z.number().int(), email: z.string(), display_name: z.string() }),
  workspace: z
    .object({ id: z.number().int(), name: z.string(), require_second_factor: z.boolean() })
    .nullable(),
  role: Role.nullable(),
  workspaces: z.array(WorkspaceSummary),
  second_factor: z.object({ enabled: z.boolean(), required: z.boolean(), done: z.boolean() }),
  csrf_token: z.string().nullable(),
  via: z.enum(['session', 'token']),
});
export type Me = z.infer<typeof Me>;

export const SwitchWorkspace = z.object({ workspace_id: z.number().int() });
export const CreateWorkspace = z.object({ name: z.string().min(1).max(120) });
export const UpdateWorkspace = z.object({
  name: z.string().min(1).max(120).optional(),
  require_second_factor: z.boolean().optional(),
});

export const Member = z.object({
  user_id: z.number().int(),
  email: z.string(),
  display_name: z.string(),
  role: Role,
  second_factor: z.boolean(),
  disabled: z.boolean(),
  joined_at: z.string(),
});
export const ChangeRole = z.object({ role: Role });
export const Invite = z.object({ email: Email, role: z.enum(['admin', 'editor', 'viewer']) });
export const Invitation = z.object({
  id: z.number().int(),
  email: z.string(),
  role: Role,
  created_at: z.string(),
  expires_at: z.string(),
  accepted_at: z.string().nullable(),
});
export const InvitationLink = z.object({ id: z.number().int(), link: z.string(), expires_at: z.string() });

export const ApiToken = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  user_email: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
});
export const CreateToken = z.object({
  name: z.string().min(1).max(80),
  expires_in_days: z.number().int().min(1).max(366).default(90),
});
export const NewToken = z.object({ id: z.number().int(), token: z.string(), expires_at: z.string() });

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor_email: z.string().nullable(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  outcome: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.unknown(),
});
export const AuditPage = z.object({ items: z.array(AuditEntry), next_before: z.number().int().nullable() });

export const Note = z.object({
  id: z.number().int(),
  target_type: z.enum(['organisation', 'network']),
  target_code: z.string(),
  body: z.string(),
  created_by_email: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  version: z.number().int(),
});
export const CreateNote = z.object({
  target_type: z.enum(['organisation', 'network']),
  target_code: z.string().min(1).max(80),
  body: z.string().min(1).max(20_000),
});
export const UpdateNote = z.object({ body: z.string().min(1).max(20_000), version: z.number().int().min(1) });
export const Ok = z.object({ ok: z.literal(true) });
