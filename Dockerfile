# Cascade's image: `docker build -t cascade .` compiles the board (npm ci, next build) in a build stage and runs
# Next's standalone output in a small runtime stage. NODE_IMAGE picks the base for both (the official Node image by
# default). Dockerfile.runtime is the runtime stage alone, fed with a build made on the host (README, "Run the image").
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE}
# ---- runtime: keep this stage identical in Dockerfile and Dockerfile.runtime (tests/unit/dockerfiles.test.ts) ----
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    CASCADE_CONFIG=/etc/cascade/cascade.yaml \
    CASCADE_DATA_DIR=/data
# Owned by root and not writable by the user that runs it: the server only reads its own files.
COPY --from=build /src/.next/standalone/ /app/
COPY --from=build /src/.next/static/ /app/.next/static/
COPY --from=build /src/public/ /app/public/
COPY --from=build /src/dist/ /app/dist/
COPY --from=build /src/bin/ /app/bin/
# The store lives in /data; a named volume mounted there starts owned by the cascade user.
COPY --chown=10001:0 docker/data/ /data/
VOLUME /data
# A numeric, non-root user. Its group can be set at run time (--user 10001:$(stat -c %g /var/run/docker.sock) or
# --group-add) when the socket is mounted directly; behind a socket proxy (docs/docker-api.md) it needs no group.
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/bin/healthcheck.mjs"]
ENTRYPOINT ["node", "/app/bin/cascade.mjs"]
CMD ["serve"]
