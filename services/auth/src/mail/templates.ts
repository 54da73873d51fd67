/**
 * @module mail/templates
 * The auth e-mails: plain text first (always readable), with a minimal HTML alternative.
 * Every value interpolated into HTML is escaped.
 */

/** A rendered e-mail. */
export interface RenderedEmail {
  template: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

function layout(title: string, paragraphs: string[], action: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;padding:24px;color:#111">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#111;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#666;font-size:12px">If the button does not work, copy this link: ${escapeHtml(action.url)}</p></body></html>`;
}

/** Confirms an address (link valid 48 hours). */
export function verificationEmail(name: string, url: string): RenderedEmail {
  const lines = [
    `Hello ${name},`,
    'Please confirm your e-mail address for Comptoir. The link is valid for 48 hours.',
  ];
  return {
    template: 'email_verification',
    subject: 'Confirm your e-mail address',
    text: `${lines.join('\n\n')}\n\n${url}\n`,
    html: layout('Confirm your e-mail address', lines, { label: 'Confirm my address', url }),
  };
}

/** Password reset (link valid 1 hour). */
export function passwordResetEmail(name: string, url: string): RenderedEmail {
  const lines = [
    `Hello ${name},`,
    'Someone asked to reset your Comptoir password. The link is valid for one hour.',
    'If it was not you, ignore this e-mail: your password stays as it is.',
  ];
  return {
    template: 'password_reset',
    subject: 'Reset your password',
    text: `${lines.join('\n\n')}\n\n${url}\n`,
    html: layout('Reset your password', lines, { label: 'Choose a new password', url }),
  };
}

/** Invitation to join a tenant (link valid 7 days). */
export function invitationEmail(
  tenantName: string,
  inviter: string,
  role: string,
  url: string,
): RenderedEmail {
  const lines = [
    `${inviter} invited you to join ${tenantName} on Comptoir as ${role.toLowerCase()}.`,
    'The invitation is valid for 7 days.',
  ];
  return {
    template: 'invitation',
    subject: `Join ${tenantName} on Comptoir`,
    text: `${lines.join('\n\n')}\n\n${url}\n`,
    html: layout(`Join ${tenantName}`, lines, { label: 'Accept the invitation', url }),
  };
}
