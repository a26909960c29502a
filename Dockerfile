# Lodestar's production image: gunicorn serving the app, static files collected at build time.
# Build and run with PostgreSQL and the task worker: docker compose up (compose.yaml,
# docs/guide/deployment.md "Docker").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LODESTAR_ENV=production \
    LODESTAR_BIND=0.0.0.0:8000 \
    LODESTAR_MEDIA_ROOT=/data/media \
    LODESTAR_STATIC_ROOT=/app/var/static

# Pango for the PDF reports (WeasyPrint); DejaVu fonts so PDFs have glyphs to draw with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The pinned dependencies, read from pyproject.toml's [project] dependencies (exact versions),
# in their own layer so a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-cache-dir --no-deps -e .

# Static files, compressed with hashed names (whitenoise). Production settings need these three
# variables to start; the values here exist only for this build step and are not kept in the image.
RUN LODESTAR_ENV=production \
    DJANGO_SECRET_KEY=build-step-only-not-a-secret-collectstatic-needs-settings-to-load \
    DATABASE_URL=postgres://build@127.0.0.1:5432/build \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin lodestar \
 && mkdir -p /data/media \
 && chown -R lodestar /data
USER lodestar

VOLUME ["/data/media"]
EXPOSE 8000
CMD ["gunicorn", "-c", "lodestar/config/gunicorn.py"]
