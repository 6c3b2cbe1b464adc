# syntax=docker/dockerfile:1
# mcp-warden in shared mode (DESIGN §9): `docker build -t mcp-warden .`, then see README "Shared mode (HTTP)".
# Never built on the project's machines (they have no container engine); test/deploy/ checks this file
# by parsing it and runs the server the way the runtime stage below starts it.

# Pinned to the Node release the test suite runs on; pin by digest (@sha256:...) for reproducible builds.
ARG NODE_VERSION=20.20.2

# ---- build: compilers live here only ----
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /src
# better-sqlite3 compiles from source against this image's own Node headers (python3, make and g++
# are in node:*-bookworm), so the build never depends on downloading a prebuilt binary.
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY schema ./schema
# Then drop what the runtime does not load: dev dependencies, and better-sqlite3's C sources and
# object files (only build/Release/better_sqlite3.node is loaded).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src build/deps build/Release/obj build/Release/obj.target build/Release/*.a build/Release/test_extension.node

# ---- runtime: no compilers, no npm cache, no sources; the files `npm pack` ships plus prod node_modules ----
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# HOME and TMPDIR point at /tmp: with a read-only root filesystem it is the one scratch folder
# (a tmpfs under `docker run --read-only --tmpfs /tmp`, an emptyDir in deploy/deployment.yaml).
ENV NODE_ENV=production \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist/bundle ./dist/bundle
COPY --from=build /src/schema ./schema
# /app and /etc/mcp-warden stay root-owned and read-only to the server; only the state folder
# (audit log) is its own. npm, corepack and yarn from the base image are not needed at run time.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg \
 && mkdir -p /etc/mcp-warden /var/lib/mcp-warden \
 && chown 10001:10001 /var/lib/mcp-warden \
 && chmod 0750 /var/lib/mcp-warden
VOLUME ["/var/lib/mcp-warden"]
USER 10001:10001
EXPOSE 8787
# The slim image has no curl: node's own fetch asks the liveness endpoint over loopback.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8787/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/mcp-warden.js"]
CMD ["serve", "--http", "--host", "0.0.0.0", "--port", "8787", "--config", "/etc/mcp-warden/config.json"]
