# The intake service. No build step: TypeScript runs through tsx (a runtime dependency).
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so code changes do not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force

# Everything else the service reads at run time (see .dockerignore for what stays out).
COPY . .

# The service needs no root: it only opens outgoing connections to Redis, IMAP and SMTP.
USER node

# `intake poller` and `intake worker` run the parts separately (one poller per mailbox).
CMD ["node", "bin/intake.js", "run"]
