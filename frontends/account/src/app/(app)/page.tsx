/**
 * Home of the platform: the apps (verticals) to open, and a summary of the current company.
 */

import { parsePublicOrigin, subdomainUrl, VERTICALS } from '@comptoir/routing';
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import { ArrowRight } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { env } from '@/env';
import { requireMe } from '@/lib/api';
import { roleLabel } from '@/lib/format';
import { ResendVerification } from './_components/resend-verification';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const me = await requireMe();
  const origin = parsePublicOrigin(env.PUBLIC_BASE_URL);
  const firstName = me.user.name.split(/\s+/)[0] || me.user.name;
  const summary: Array<[string, string]> = [
    ['Your role', roleLabel(me.role)],
    ['Plan', me.tenant.plan],
    ['Time zone', me.tenant.time_zone.replace(/_/g, ' ')],
    ['Currency', me.tenant.currency],
    ['Address', me.tenant.slug],
  ];

  return (
    <div className="grid grid-cols-1 gap-8">
      <div className="grid gap-1">
        <h1 className="font-semibold text-2xl tracking-tight">Welcome, {firstName}</h1>
        <p className="text-muted-foreground text-sm">Open an app for {me.tenant.name}.</p>
      </div>

      {me.user.email_verified ? null : (
        <Alert variant="warning" title="Confirm your e-mail address">
          <span className="grid gap-2">
            <span>We sent a link to {me.user.email}. Confirming it lets you recover your account.</span>
            <ResendVerification />
          </span>
        </Alert>
      )}

      <section aria-labelledby="apps-heading" className="grid gap-3">
        <h2 id="apps-heading" className="font-semibold text-lg">
          Apps
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {VERTICALS.map((v) => (
            <li key={v.key}>
              <Card className={v.available ? 'h-full' : 'h-full opacity-75'}>
                <CardHeader>
                  <CardTitle as="h3" className="flex items-center gap-2 text-base">
                    {v.name}
                    {v.available ? null : <Badge variant="secondary">Coming soon</Badge>}
                  </CardTitle>
                  <CardDescription>{v.description}</CardDescription>
                </CardHeader>
                <CardContent>
                  {v.available ? (
                    <Button asChild size="sm">
                      <a href={subdomainUrl(origin, v.key)}>
                        Open {v.name}
                        <ArrowRight aria-hidden="true" />
                      </a>
                    </Button>
                  ) : (
                    <p className="text-muted-foreground text-sm">Not available yet.</p>
                  )}
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="tenant-heading">
        <Card>
          <CardHeader>
            <CardTitle id="tenant-heading">{me.tenant.name}</CardTitle>
            <CardDescription>
              The company you are working for now.{' '}
              {me.tenants.length > 1 ? 'Switch with the menu at the top.' : ''}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
              {summary.map(([term, value]) => (
                <div key={term} className="grid gap-0.5">
                  <dt className="text-muted-foreground text-xs">{term}</dt>
                  <dd className="font-medium text-sm">{value}</dd>
                </div>
              ))}
            </dl>
            <div className="flex flex-wrap gap-2">
              {can(me, 'tenant:update') ? (
                <Button asChild variant="outline" size="sm">
                  <Link href="/settings">Company settings</Link>
                </Button>
              ) : null}
              {can(me, 'members:read') ? (
                <Button asChild variant="outline" size="sm">
                  <Link href="/settings/members">Members</Link>
                </Button>
              ) : null}
            </div>
          </CardContent>
        </Card>
      </section>
    </div>
  );
}
