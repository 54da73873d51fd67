# syntax=docker/dockerfile:1
# Migration job image: runs the platform CLI from sources (`pnpm db:migrate`, i.e.
# `tsx packages/platform/src/cli.ts migrate`), so it keeps the workspace sources, supabase/
# (migrations and seed.sql) and the dev dependencies (tsx). Build from the repository root:
#
#   docker build -f tools/migrate.Dockerfile -t comptoir/migrate .
#
# Environment: DATABASE_URL (superuser URL), <SERVICE>_DB_PASSWORD for each service login role
# (AUTH_DB_PASSWORD, CRM_DB_PASSWORD, ...), SEED_DEMO=true to load the demo data after migrating
# (the CLI does it); `docker compose run --rm migrate pnpm db:seed` seeds on its own.
#
# Pin NODE_IMAGE to a digest in CI for reproducible images.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# COREPACK_HOME outside /root so that the node user can run the pnpm fetched at build time.
ENV COREPACK_HOME=/opt/corepack \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1
WORKDIR /repo
# The pnpm of package.json's `packageManager`, fetched once in this layer.
COPY package.json ./
RUN corepack enable && corepack install

# The CLI (@comptoir/platform) and the workspace packages it imports, plus the root manifest,
# whose scripts and dev dependencies (tsx) the job runs.
FROM base AS prune
COPY . .
RUN pnpm dlx "turbo@$(node -p 'require("./package.json").devDependencies.turbo')" prune @comptoir/platform --docker

FROM base AS migrate
COPY --from=prune /repo/out/json/ ./
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
COPY --from=prune /repo/out/full/ ./
COPY tsconfig.base.json ./
COPY supabase/ ./supabase/
# The CLI keeps local secrets in .data/secrets.json (unused here: the passwords come from the
# environment, but it writes the file all the same); the rest of the tree stays read-only.
RUN mkdir -p .data && chown node:node .data
ENV NODE_ENV=production \
    npm_config_update_notifier=false
USER node
# A one-shot job: its exit code is its health.
HEALTHCHECK NONE
CMD ["pnpm", "db:migrate"]
