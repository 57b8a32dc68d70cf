# The intake service, run as JavaScript compiled from the TypeScript sources (bin/build.js).
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so code changes do not reinstall them. All of them: tsc builds below.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# Everything else the service reads at run time (see .dockerignore for what stays out), then
# the build; the development dependencies go once it is made.
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

# The service needs no root: it only opens outgoing connections to Redis, IMAP and SMTP.
USER node

# `intake poller` and `intake worker` run the parts separately (one poller per mailbox).
CMD ["node", "bin/intake.js", "run"]
