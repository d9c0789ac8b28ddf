# syntax=docker/dockerfile:1

# nest-mcp: build with the full toolchain, run with production dependencies and dist/ only.
#
#   docker build -t nest-mcp .
#   docker run --rm -p 3000:3000 -e MCP_JWKS_URL=... -e MCP_JWT_ISSUER=... \
#     -e MCP_RESOURCE_URL=https://mcp.example.com/mcp nest-mcp
#
# NODE_ENV=production is baked in below, and the app REFUSES TO BOOT under NODE_ENV=production
# with authentication off ("authentication is off under NODE_ENV=production ..."): give it a
# credential (MCP_JWKS_URL, MCP_JWT_PUBLIC_KEY, MCP_JWT_SECRET or MCP_API_KEYS), or, for a local
# trial only, -e MCP_ALLOW_INSECURE=true. See deploy/README.md.

# Node 22 LTS on Debian bookworm, slim variant (the app needs >= 20.19; the Nest CLI's toolchain
# asks for >= 22.22.3 and only warns below it). Pin a digest (node:22-bookworm-slim@sha256:...)
# for reproducible builds.
ARG NODE_IMAGE=node:22-bookworm-slim

# ---- build: all dependencies, compile TypeScript into dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first, so the dependency layer is cached until package*.json change.
COPY package.json package-lock.json ./
COPY packages/nest-mcp/package.json ./packages/nest-mcp/
# Scripts wait until the sources are in (the root's `prepare` builds the framework package).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY packages/nest-mcp/tsconfig.json packages/nest-mcp/tsconfig.build.json ./packages/nest-mcp/
COPY packages/nest-mcp/src ./packages/nest-mcp/src
COPY scripts ./scripts
COPY src ./src
# The framework package, then the app, bundled with the framework into dist/main.js.
RUN npm run build

# ---- runtime: production dependencies + dist/, non-root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
# package.json is needed at run time too: its "type": "module" makes dist/*.js ES modules.
COPY package.json package-lock.json ./
COPY packages/nest-mcp/package.json ./packages/nest-mcp/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Files stay owned by root (read-only to the app); the process runs as the image's `node` user
# (uid/gid 1000: Kubernetes needs the number for runAsNonRoot, see deploy/kubernetes.yaml).
USER node
EXPOSE 3000
# No curl in slim images: node's own fetch probes liveness (readiness is for orchestrators).
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful drain (readiness false, new MCP requests 503 + Retry-After,
# MCP_SHUTDOWN_GRACE_MS for in-flight calls, exit 0). Give `docker stop -t` more than that grace.
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
