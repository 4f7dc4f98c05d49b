# syntax=docker/dockerfile:1
# The Federation Console image: Next's standalone server (docs/deploy.md). The runtime stage holds
# the traced server only: no demo backends, no tests, no dev dependencies. Run it with a
# read-only root filesystem; only /data (FC_DATA_DIR) and /tmp need to be writable.
# lib/deploy/image.ts holds the same ENV, USER and CMD; test/deploy/image.test.ts compares them.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Next bakes the base path into the build: set it here for a console behind /<path>.
ARG BASE_PATH=""
ENV BASE_PATH=${BASE_PATH} NEXT_TELEMETRY_DISABLED=1
RUN npx tsx scripts/build-standalone.ts .next-standalone

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
ENV HOSTNAME=0.0.0.0
ENV PORT=3000
ENV FC_DATA_DIR=/data
ENV NODE_OPTIONS=--max-http-header-size=65536
ENV NEXT_TELEMETRY_DISABLED=1
ENV HOME=/app
# Owned by root and not writable by the console's user, even without a read-only root filesystem.
COPY --from=build /src/.next-standalone/standalone/ /app/
RUN mkdir -p /data && chown 65532:65532 /data
USER 65532:65532
EXPOSE 3000
VOLUME ["/data"]
CMD ["node", "server.js"]
