/**
 * @module auth
 * Contracts of the auth service (`/api/auth`): sign-up, sign-in, tokens, tenants, members,
 * invitations, API keys, password reset, e-mail verification, TOTP MFA.
 */
import { z } from 'zod';
import {
  CurrencySchema,
  EmailSchema,
  IdSchema,
  LineSchema,
  PasswordSchema,
  SlugSchema,
  TimeZoneSchema,
} from '../common/index.js';
import { PERMISSIONS, ROLES } from '../permissions.js';

export const RoleSchema = z.enum(ROLES).meta({ id: 'Role' });
export const PermissionSchema = z.enum(PERMISSIONS as [string, ...string[]]).meta({ id: 'Permission' });

const Timestamp = z.iso.datetime({ offset: true });

// Sign-up and sign-in ---------------------------------------------------------------------------

export const SignupSchema = z
  .strictObject({
    email: EmailSchema,
    password: PasswordSchema,
    name: LineSchema(200).min(1, 'Your name is required'),
    tenant_name: LineSchema(200).min(1, 'A company name is required').optional().meta({
      description: 'Name of the new tenant; required unless invitation_token is given',
    }),
    tenant_slug: SlugSchema.optional().meta({ description: 'Defaults to one derived from tenant_name' }),
    time_zone: TimeZoneSchema.default('Europe/Paris'),
    currency: CurrencySchema.default('EUR'),
    invitation_token: z.string().min(10).max(200).optional().meta({
      description: 'Join the inviting tenant instead of creating one',
    }),
  })
  .refine((v) => v.invitation_token !== undefined || v.tenant_name !== undefined, {
    message: 'A company name is required',
    path: ['tenant_name'],
  })
  .meta({ id: 'Signup' });

export const LoginSchema = z
  .strictObject({
    email: EmailSchema,
    password: z.string().min(1, 'Password is required').max(200),
    tenant_id: IdSchema.optional().meta({ description: 'Tenant to act for; defaults to the last one used' }),
  })
  .meta({ id: 'Login' });

/** Second step of a sign-in with MFA: the ticket from the first step and a TOTP or recovery code. */
export const MfaLoginSchema = z
  .strictObject({
    mfa_token: z.string().min(1).max(2000),
    code: z.string().trim().min(6).max(20),
  })
  .meta({ id: 'MfaLogin' });

export const RefreshSchema = z
  .strictObject({
    refresh_token: z.string().min(1).max(200).optional().meta({
      description: 'Bearer clients send it here; browsers send the httpOnly cookie instead',
    }),
  })
  .meta({ id: 'Refresh' });

/** Tokens of a session (RFC 6749 section 5.1 names). */
export const SessionTokensSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().meta({ description: 'Seconds' }),
    expires_at: z.number().int().meta({ description: 'Unix time, seconds' }),
    refresh_token: z.string(),
  })
  .meta({ id: 'SessionTokens' });

export const MfaRequiredSchema = z
  .object({
    mfa_required: z.literal(true),
    mfa_token: z.string().meta({ description: 'Short-lived ticket for POST /mfa/login' }),
  })
  .meta({ id: 'MfaRequired' });

// Who am I --------------------------------------------------------------------------------------

export const TenantSchema = z
  .object({
    id: IdSchema,
    slug: z.string(),
    name: z.string(),
    plan: z.string(),
    time_zone: z.string(),
    currency: z.string(),
    locale: z.string(),
  })
  .meta({ id: 'Tenant' });

export const TenantUpdateSchema = z
  .strictObject({
    name: LineSchema(200).min(1).optional(),
    time_zone: TimeZoneSchema.optional(),
    currency: CurrencySchema.optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Use a locale such as fr-FR')
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update' })
  .meta({ id: 'TenantUpdate' });

export const TenantMembershipSchema = TenantSchema.extend({ role: RoleSchema }).meta({
  id: 'TenantMembership',
});

export const UserSchema = z
  .object({
    id: IdSchema,
    email: z.string(),
    name: z.string(),
    email_verified: z.boolean(),
    mfa_enabled: z.boolean(),
  })
  .meta({ id: 'User' });

export const SessionSchema = z
  .object({
    id: IdSchema,
    user_agent: z.string().nullable(),
    aal: z.string(),
    created_at: Timestamp,
    refreshed_at: Timestamp.nullable(),
    current: z.boolean(),
  })
  .meta({ id: 'Session' });

export const MeSchema = z
  .object({
    user: UserSchema,
    tenant: TenantSchema,
    role: RoleSchema,
    permissions: z.array(z.string()),
    tenants: z.array(TenantMembershipSchema),
    session_id: z.string().nullable(),
    api_key_id: z.string().nullable(),
  })
  .meta({ id: 'Me' });

export const SwitchTenantSchema = z.strictObject({ tenant_id: IdSchema }).meta({ id: 'SwitchTenant' });

export const CreateTenantSchema = z
  .strictObject({
    name: LineSchema(200).min(1),
    slug: SlugSchema.optional(),
    time_zone: TimeZoneSchema.default('Europe/Paris'),
    currency: CurrencySchema.default('EUR'),
  })
  .meta({ id: 'CreateTenant' });

// Members and invitations -------------------------------------------------------------------------

export const MemberSchema = z
  .object({
    user_id: IdSchema,
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    joined_at: Timestamp,
  })
  .meta({ id: 'Member' });

export const MemberUpdateSchema = z.strictObject({ role: RoleSchema }).meta({ id: 'MemberUpdate' });

export const InvitationCreateSchema = z
  .strictObject({ email: EmailSchema, role: RoleSchema.default('MEMBER') })
  .meta({ id: 'InvitationCreate' });

export const InvitationSchema = z
  .object({
    id: IdSchema,
    email: z.string(),
    role: RoleSchema,
    expires_at: Timestamp,
    accepted_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'Invitation' });

export const InvitationAcceptSchema = z
  .strictObject({ token: z.string().min(10).max(200) })
  .meta({ id: 'InvitationAccept' });

/** What an invitee sees before accepting. */
export const InvitationPreviewSchema = z
  .object({
    tenant_name: z.string(),
    email: z.string(),
    role: RoleSchema,
    invited_by: z.string().nullable(),
    expires_at: Timestamp,
  })
  .meta({ id: 'InvitationPreview' });

// API keys ------------------------------------------------------------------------------------

export const ApiKeyCreateSchema = z
  .strictObject({
    name: LineSchema(100).min(1, 'A name is required'),
    permissions: z.array(PermissionSchema).min(1).max(200),
    expires_at: Timestamp.optional(),
  })
  .meta({ id: 'ApiKeyCreate' });

export const ApiKeySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    prefix: z.string(),
    permissions: z.array(z.string()),
    user_id: IdSchema,
    expires_at: Timestamp.nullable(),
    last_used_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'ApiKey' });

export const ApiKeyCreatedSchema = ApiKeySchema.extend({
  key: z.string().meta({ description: 'The secret key, shown this once' }),
}).meta({ id: 'ApiKeyCreated' });

// Password reset and e-mail verification ----------------------------------------------------------

export const RecoverSchema = z.strictObject({ email: EmailSchema }).meta({ id: 'Recover' });

export const ResetPasswordSchema = z
  .strictObject({ token: z.string().min(10).max(200), password: PasswordSchema })
  .meta({ id: 'ResetPassword' });

export const VerifyEmailSchema = z
  .strictObject({ token: z.string().min(10).max(200) })
  .meta({ id: 'VerifyEmail' });

export const ChangePasswordSchema = z
  .strictObject({ current_password: z.string().min(1).max(200), new_password: PasswordSchema })
  .meta({ id: 'ChangePassword' });

// TOTP MFA (RFC 6238) -------------------------------------------------------------------------------

export const MfaEnrollmentSchema = z
  .object({
    factor_id: IdSchema,
    secret: z.string().meta({ description: 'Base32 shared secret' }),
    otpauth_url: z.string().meta({ description: 'otpauth:// URI for authenticator apps' }),
  })
  .meta({ id: 'MfaEnrollment' });

export const MfaCodeSchema = z
  .strictObject({
    code: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{2})$/, 'Enter the 6-digit code or a recovery code'),
  })
  .meta({ id: 'MfaCode' });

export const MfaRecoveryCodesSchema = z
  .object({ recovery_codes: z.array(z.string()).meta({ description: 'Shown this once' }) })
  .meta({ id: 'MfaRecoveryCodes' });

export type Signup = z.infer<typeof SignupSchema>;
export type Login = z.infer<typeof LoginSchema>;
export type SessionTokens = z.infer<typeof SessionTokensSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Tenant = z.infer<typeof TenantSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
