# syntax=docker/dockerfile:1
# The hook image of operator mode: `cdk8s-istio-ingress operator` (see the README's
# "Running it as an operator"). Build it from this repository:
#
#   docker build -t registry.example.com/cdk8s-istio-ingress:0.1.0 .
#
# The base image is pinned by digest. Refresh the digest when you update the base
# (`docker buildx imagetools inspect node:20-bookworm-slim`): it was not verified
# against the registry when this file was written (no registry was reachable).
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The npm workspace's second package (the Pulumi adapter): npm ci needs its manifest.
COPY packages/pulumi/package.json ./packages/pulumi/
# Dependencies' install scripts never run (npm 11 does not run them; --ignore-scripts makes it explicit).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json && npm pack --ignore-scripts --pack-destination /pkg

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /pkg/ /tmp/pkg/
# Production dependencies only: the package, its dependency (yaml) and its required peers
# (cdk8s, cdk8s-plus-28, constructs); the optional Pulumi peers are left out.
RUN npm install --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund /tmp/pkg/cdk8s-istio-ingress-*.tgz \
  && rm -rf /tmp/pkg && npm cache clean --force
# The `node` user of the official image (uid 1000), which the IngressOperator's pods run as;
# nothing is written at run time, so the root filesystem can be read-only.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "/app/node_modules/cdk8s-istio-ingress/lib/src/cli/main.js"]
CMD ["operator"]
