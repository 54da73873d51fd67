#!/bin/sh
# Starts Traefik with traefik/traefik.yml after filling in the variables it needs from the
# environment. Traefik ignores environment variables once a configuration file is found, so the
# file is rendered here (POSIX sh and sed: the Traefik image is Alpine, with no envsubst).
set -eu

: "${ACME_EMAIL:?ACME_EMAIL is required: the Let's Encrypt account e-mail}"
ACME_CA_SERVER="${ACME_CA_SERVER:-https://acme-v02.api.letsencrypt.org/directory}"

# Escape what sed would read as special in a replacement: backslash, the delimiter and `&`.
escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

sed \
  -e "s|\${ACME_EMAIL}|$(escape "$ACME_EMAIL")|g" \
  -e "s|\${ACME_CA_SERVER}|$(escape "$ACME_CA_SERVER")|g" \
  /etc/traefik/traefik.yml > /tmp/traefik.yml

exec traefik --configFile=/tmp/traefik.yml "$@"
