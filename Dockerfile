# syntax=docker/dockerfile:1
# Build: wheels for the pinned requirements, in a throwaway stage with compilers.
FROM python:3.13-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*
COPY requirements.txt /tmp/requirements.txt
RUN python -m venv /venv && /venv/bin/pip install -r /tmp/requirements.txt

# Run: the virtualenv, the code, collected static files; no compiler, no root.
FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/venv/bin:$PATH \
    MEDIA_ROOT=/data/media
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin intowork \
    && mkdir -p /data/media && chown intowork /data/media
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=intowork . /app
# The same build as `make test` and CI (scripts/build-assets): static files with the production
# storage (hashed names, compressed, manifest) and the compiled translations; no database, no secret.
RUN scripts/build-assets
USER intowork
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# Migrations run only when asked: `docker compose run --rm web migrate` or MIGRATE_ON_START=1.
ENTRYPOINT ["scripts/docker-entrypoint"]
CMD ["web"]
